"""Publish the store to Virtuoso by its bulk loader, through Virtuoso's ``isql`` client.

The store is written as gzipped N-Quads files (each graph whole in one file) into a folder of its own inside a
folder the server may read (``DirsAllowed`` of its ``virtuoso.ini``, at the same path on the server's machine);
``ld_dir`` registers them in ``DB.DBA.load_list``, ``rdf_loader_run()`` loads them (each quad into the graph it
names), ``checkpoint`` makes the load durable. A graph the server does not hold yet is loaded under its own
name; a graph it holds is loaded into a staging graph (``{graph}/staging``, as :mod:`endpoint` stages one) and
moved onto its name in one transaction once every file is loaded: a reader sees the old graph or the new one,
never half of either. The loader commits as it reads, so a new report appears while its file is loaded.

A file the loader refuses (``ll_error``) leaves its graphs as they were (a new graph is cleared, a staged one
dropped); the others are published, and the error names each file that failed, its graphs and the loader's
message. Publishing the same store twice leaves the same graphs.
"""

from __future__ import annotations

import gzip
import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .endpoint import staging
from .errors import StoreError

if TYPE_CHECKING:
    from .store import KnowledgeGraph

DEFAULT_ISQL = "isql-vt 1111 dba dba"  # Debian's client, the server's SQL port, Virtuoso's default account
FILE_QUADS = 500_000  # quads a file holds before the next graph starts another
_ROW = "coakg\t"  # the mark of an output line coakg asked for (isql prints rows as plain text)
_ERROR = "*** Error"  # how isql begins each error it prints (its exit code stays 0)


@dataclass
class DumpFile:
    """One N-Quads file of a load and the graphs it holds (their names as loaded, and as published)."""

    path: Path
    graphs: list[tuple[str, str]] = field(default_factory=list)  # (published name, name in the file)
    quads: int = 0


@dataclass(frozen=True)
class BulkLoad:
    """What a bulk load published: graphs (of them replaced: ``replaced``), quads, files and seconds."""

    graphs: int
    replaced: int
    quads: int
    files: int
    seconds: float


class Isql:
    """A Virtuoso server reached by its isql client: ``command`` is the client with the server's SQL port, user and
    password, as typed in a shell (``isql-vt 1111 dba dba``; ``host:port`` for another machine)."""

    def __init__(self, command: str = DEFAULT_ISQL):
        try:
            self.argv = shlex.split(command)
        except ValueError as exc:
            raise StoreError(f"--isql {command!r}: {exc}") from None
        if len(self.argv) < 2:
            raise StoreError(f"--isql {command!r}: expected the isql client and the server's SQL port, then the "
                             f"user and password, such as {DEFAULT_ISQL!r}")
        if shutil.which(self.argv[0]) is None:
            raise StoreError(f"--isql: {self.argv[0]} is not a program here (Debian's virtuoso-opensource installs "
                             f"isql-vt; elsewhere it is called isql)")

    def run(self, statements: Iterable[str]) -> list[list[str]]:
        """Run SQL statements one after the other; the fields of each output row marked with :data:`_ROW`. Any
        error (a refused login, a server that does not answer, a statement that fails) raises StoreError."""
        script = "".join(f"{s};\n" for s in statements)
        try:
            done = subprocess.run([*self.argv, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"],
                                  input=script, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise StoreError(f"--isql: {self.argv[0]} could not run: {exc.strerror or exc}") from None
        errors = [line for line in done.stderr.splitlines() if line.startswith(_ERROR)]
        if done.returncode or errors:
            shown = "; ".join(line.removeprefix(_ERROR).strip(" :") for line in errors[:3]) or done.stderr.strip()
            server = shlex.join(self.argv[:2])  # never the password
            raise StoreError(f"Virtuoso ({server}) failed: {shown[:800] or f'isql exit code {done.returncode}'}")
        return [line[len(_ROW):].split("\t") for line in done.stdout.splitlines() if line.startswith(_ROW)]


def bulk_load(kg: KnowledgeGraph, folder: Path, isql: Isql,
              progress: Callable[[str, int, int], None] = lambda step, done, total: None) -> BulkLoad:
    """Replace every graph of the store on the Virtuoso server by its bulk loader, through files in ``folder``
    (a folder of the server's DirsAllowed). ``progress(step, done, total)`` follows each step."""
    started = time.perf_counter()
    pending = isql.run(["SELECT 'coakg\t' || ll_file FROM DB.DBA.load_list WHERE ll_state = 0"])
    if pending:
        raise StoreError(f"Virtuoso's DB.DBA.load_list holds {len(pending)} files registered but not loaded (such as "
                         f"{pending[0][0]}): rdf_loader_run() would load them with coakg's; load or delete them first")
    held = {row[0] for row in isql.run(["SELECT 'coakg\t' || id_to_iri(G) FROM (SELECT DISTINCT G FROM "
                                        "DB.DBA.RDF_QUAD) graphs"])}
    run = folder.resolve() / f"coakg-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    run.mkdir(parents=True)
    try:
        return _load(kg, run, held, isql, progress, started)
    except BaseException:
        if not (run / KEPT).exists():  # the files of a refused load are kept, to be looked at; any other go
            shutil.rmtree(run, ignore_errors=True)
        raise


KEPT = ".kept"  # marks a load's folder whose files the loader refused: kept for the user to look at


def _load(kg: KnowledgeGraph, run: Path, held: set[str], isql: Isql,
          progress: Callable[[str, int, int], None], started: float) -> BulkLoad:
    """Write the store's files into ``run``, have the server load them and move staged graphs into place."""
    files_in_run = _literal(f"{run}/%")
    files = write_files(kg, run, held, lambda done, total: progress("writing", done, total))
    staged = [loaded for f in files for graph, loaded in f.graphs if loaded != graph]
    progress("loading", 0, len(files))
    try:
        listed = isql.run([*(f"SPARQL DROP SILENT GRAPH <{g}>" for g in staged if g in held),  # a killed load's
                           f"ld_dir({_literal(str(run))}, '*.nq.gz', {_literal(kg.base)})",
                           f"SELECT 'coakg\t' || ll_file FROM DB.DBA.load_list WHERE ll_file LIKE {files_in_run}"])
        if len(listed) != len(files):
            raise StoreError(f"Virtuoso found {len(listed)} of the {len(files)} files in {run}: --virtuoso-bulk must "
                             f"be a folder the server reads at the same path, one of DirsAllowed in its virtuoso.ini")
        failed = {row[0]: row[1] for row in isql.run([
            "rdf_loader_run()", "checkpoint",
            f"SELECT 'coakg\t' || ll_file || '\t' || coalesce(ll_error, '') FROM DB.DBA.load_list "
            f"WHERE ll_file LIKE {files_in_run} AND (ll_error IS NOT NULL OR ll_state <> 2)"])}
        good = [f for f in files if str(f.path) not in failed]
        bad = [f for f in files if str(f.path) in failed]
        progress("replacing", 0, len(staged))
        isql.run([*(f"SPARQL MOVE SILENT GRAPH <{loaded}> TO <{graph}>" for f in good for graph, loaded in f.graphs
                    if loaded != graph),
                  *(f"SPARQL DROP SILENT GRAPH <{loaded}>" for f in bad for _, loaded in f.graphs),
                  "checkpoint"])
    finally:
        isql.run([f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE {files_in_run}"])
    if bad:
        (run / KEPT).touch()
        raise StoreError(f"Virtuoso's loader refused {len(bad)} of {len(files)} files (kept in {run}); their graphs "
                         f"are left as they were, the other files' graphs are published: "
                         + "; ".join(f"{f.path.name} ({', '.join(g for g, _ in f.graphs[:3])}"
                                     f"{' …' if len(f.graphs) > 3 else ''}): {failed[str(f.path)] or 'not loaded'}"
                                     for f in bad[:5]))
    shutil.rmtree(run)
    return BulkLoad(sum(len(f.graphs) for f in files), len(staged), sum(f.quads for f in files), len(files),
                    time.perf_counter() - started)


def write_files(kg: KnowledgeGraph, run: Path, held: set[str],
                progress: Callable[[int, int], None] = lambda done, total: None) -> list[DumpFile]:
    """Write every named graph of the store into gzipped N-Quads files in ``run``, a graph in ``held`` under its
    staging name, each graph whole in one file and a file closed once it holds :data:`FILE_QUADS` quads."""
    import pyoxigraph as ox

    graphs = sorted(g.value for g in kg.store.named_graphs())
    files: list[DumpFile] = []
    out = None
    try:
        for done, graph in enumerate(graphs):
            _checked(graph)
            if out is None:
                files.append(DumpFile(run / f"{len(files) + 1:06d}.nq.gz"))
                out = gzip.open(files[-1].path, "wb", compresslevel=1)
            loaded = staging(graph) if graph in held else graph
            triples = kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
            out.write(triples.replace(b" .\n", f" <{loaded}> .\n".encode()))  # a line ends so, and only a line
            files[-1].graphs.append((graph, loaded))
            files[-1].quads += triples.count(b"\n")
            if files[-1].quads >= FILE_QUADS:
                out.close()
                out = None
            progress(done + 1, len(graphs))
    finally:
        if out is not None:
            out.close()
    return files


def _literal(text: str) -> str:
    """A SQL string literal of text (a path or an IRI): quotes doubled; a backslash or a control character, which
    Virtuoso would read as an escape or isql as the end of a statement, refused."""
    if any(c == "\\" or ord(c) < 0x20 for c in text):
        raise StoreError(f"{text!r} cannot be given to Virtuoso's loader (it holds a backslash or a control character)")
    return "'" + text.replace("'", "''") + "'"


def _checked(graph: str) -> None:
    """Refuse a graph's IRI that SPARQL written in isql's SQL could not carry as it is."""
    if any(c in graph for c in "'\\<>\"{}|^` ") or any(ord(c) < 0x20 for c in graph):
        raise StoreError(f"graph {graph!r} cannot be given to Virtuoso's loader (a quote, a bracket or a space)")
