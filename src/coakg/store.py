"""The embedded knowledge graph: a persistent Oxigraph store. It keeps what it is given and answers queries;
reading, checking and building the graphs are the loading pipeline's (:mod:`loading`).

Graphs of the store:

- one graph per report, named by the report's IRI: its tables, observations,
  slices, source and summations (the identities the checks test);
- one graph per report with its check results, ``{report}/checks``: a SHACL
  validation report (see :mod:`findings_rdf`);
- the code list, ``{base}graph/codes``: the vocabulary of all reports: schemes,
  columns, uncoded items, and every code any report prints, with each name it is
  printed with and the reports that print it so; each report adds its part, and
  replacing a report takes its part away;
- the labels, ``{base}graph/labels``: each code's preferred and alternative names, narrower
  concepts, top concepts of schemes and matches across years, derived from the whole code
  list (:mod:`derivations`);
- the summaries, ``{base}graph/summaries``: what a question over all reports would otherwise read
  every figure or printed name for (totals per class, departments per code and name, each report's
  figures and tables), exact, derived from all reports (:mod:`derivations`);
- the catalogue, ``{base}graph/catalogue``: the store and each report described with DCAT
  and VoID, derived from all reports.

Writing reports is one transaction (the new reports of a load, or one replacement): a report's data, its checks
and its part of the code list change together or not at all, so a load killed at any moment leaves every
report as it was or as it was to become. The derived graphs are derived again, in one transaction
(:meth:`KnowledgeGraph.derive`), after each load: a load killed before that leaves them stale
until the store is next opened for writing, which derives them first. Opened for writing, the store also removes
what an earlier version left half-done; opened read-only (:meth:`KnowledgeGraph.read_only`)
it changes nothing on disk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, OWL, PROV, RDF, RDFS, SH, SKOS

from . import answers, faults
from .errors import StoreError
from .iris import DEFAULT_BASE, Minter
from .ntriples import parse, to_oxigraph
from .queries import Answer, NamedQuery, Results, plain, turtle
from .vocab import COAKG

DEFAULT_STORE = Path(".coakg") / "store"
PIPES = "/dev/fd/"  # where the system names a process's open files: the bulk loader reads its pipe there
WAS_DERIVED_FROM, LABEL, RESULT, VERSION_INFO = (ox.NamedNode(str(t)) for t in (
    PROV.wasDerivedFrom, RDFS.label, SH.result, OWL.versionInfo))
ATTESTED_BY, PRINTED_AS = ox.NamedNode(str(COAKG.attestedBy)), ox.NamedNode(str(COAKG.printedAs))
MEMBER, TYPE, REPORT, DISTRIBUTION = (ox.NamedNode(str(t)) for t in (SKOS.member, RDF.type, COAKG.Report,
                                                                     DCAT.distribution))
DEPARTMENT, YEAR, DOCUMENT = (ox.NamedNode(str(t)) for t in (COAKG.department, COAKG.year, COAKG.documentType))


@dataclass(frozen=True)
class ReportQuads:
    """Everything the store keeps of one report, as N-Quads (:mod:`ntriples`): its data (in the report's
    graph) and its check results (in its checks graph), ``quads`` lines; and its part of the code list (in the
    code-list graph)."""

    iri: str
    name: str
    data: bytes
    quads: int
    codes: bytes
    findings: int


@dataclass(frozen=True)
class Added:
    """What adding one report did: "added", "unchanged" or "replaced" (then ``previous`` names the old file)."""

    report: str
    status: str
    findings: int
    previous: str | None = None


class KnowledgeGraph:
    """An Oxigraph store on disk (or in memory when ``path`` is None), opened for writing.

    Opening removes what a killed load of an earlier coakg left half-done (``recovered`` says what).
    """

    def __init__(self, path: Path | None = None, base: str = DEFAULT_BASE, *, _store: ox.Store | None = None):
        self.path, self.base, self.mint = path, base, Minter(base)
        self.codes = ox.NamedNode(self.mint.graph("codes"))
        self.recovered: list[str] = []
        self._known_codes: set[bytes] = set()  # code-list lines (N-Quads) the store holds, written by this object
        self._mark: tuple | None = None  # what the store's files were when a read-only store was opened
        if _store is not None:
            self.store, self.writable = _store, False
            return
        self.writable = True
        try:
            if path is not None:
                if path.exists() and not path.is_dir():
                    raise StoreError(f"{path}: not a folder; the store is a folder")
                if path.is_dir() and not (path / "CURRENT").is_file() and _store_files(path):
                    raise StoreError(_damaged(path, "its CURRENT file is missing"))
                if (path / "CURRENT").is_file():  # first opened read-only: a damaged store is refused untouched
                    ox.Store.read_only(str(path))
                path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            hint = "; another coakg process is using it" if "lock" in str(exc).lower() else ""
            raise StoreError(f"{path}: cannot open the store ({exc}){hint}") from exc
        except RuntimeError as exc:  # RocksDB's Corruption: a file of the store damaged or missing
            raise StoreError(_damaged(path, exc)) from None
        self._recover()

    @classmethod
    def read_only(cls, path: Path, base: str = DEFAULT_BASE) -> KnowledgeGraph:
        """Open an existing store for queries only: nothing in the folder is created, repaired or deleted.

        A folder that is not a store, or a store that cannot be opened, is a :class:`StoreError`.
        Opening it while a ``coakg load`` writes to it is not supported (RocksDB).
        """
        path = Path(path)
        if not path.is_dir():
            raise StoreError(f"{path}: no store here; run coakg load REPORT... --store {path} first")
        if not (path / "CURRENT").is_file():
            if not _store_files(path):
                empty = not any(path.iterdir())
                raise StoreError(f"{path}: not a coakg store ({'an empty folder' if empty else 'no store files'}"
                                 f"); run coakg load REPORT... --store {path} first")
            raise StoreError(_damaged(path, "its CURRENT file is missing"))
        mark = _written_mark(path)
        try:
            store = ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(_damaged(path, exc)) from None
        kg = cls(path, base, _store=store)
        kg._mark = mark
        return kg

    @property
    def mark(self) -> tuple | None:
        """What the files of a read-only store were when it was last opened (:meth:`refreshed`): another value
        after every write to the store. None for a store in memory or opened for writing."""
        return self._mark

    def refreshed(self) -> bool:
        """Open a read-only store again when a load has written to it since it was opened (a read-only store sees
        the store as it was when opened): True when it did."""
        if self.writable or self.path is None:
            return False
        mark = _written_mark(self.path)
        if mark == self._mark:
            return False
        try:
            self.store = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(_damaged(self.path, exc)) from None
        self._mark = mark
        return True

    # -- reading ---------------------------------------------------------------------------------------------

    def holding(self, sha256: str, report: str | None = None) -> Added | None:
        """The report stored from a source file with this SHA-256 (if ``report`` is given: that report only),
        as "unchanged"; None if there is none, or if another version of coakg read it (its graph may be of
        another model: the file is read again, and its report replaced)."""
        from .derivations import coakg_version

        source = ox.NamedNode(self.mint.source(sha256))
        graph = None if report is None else ox.NamedNode(report)
        this_version = ox.Literal(coakg_version())
        for q in self.store.quads_for_pattern(graph, WAS_DERIVED_FROM, source, graph):
            if q.subject == q.graph_name:  # the report's own link to its source, not an observation's
                graph = q.graph_name
                if next(self.store.quads_for_pattern(None, VERSION_INFO, this_version, graph), None) is None:
                    return None
                name = " ".join(next(self.store.quads_for_pattern(graph, p, None, graph)).object.value
                                for p in (DEPARTMENT, YEAR, DOCUMENT))
                return Added(name, "unchanged", self._count_findings(ox.NamedNode(self.mint.checks(graph.value))))
        return None

    def holds(self, report: str) -> bool:
        """Whether the store holds a report of this IRI."""
        return self._source_name(ox.NamedNode(report)) is not None

    def graphs(self) -> Iterator[tuple[str, list[ox.Triple]]]:
        """Every named graph of the store with its triples."""
        for g in sorted(self.store.named_graphs(), key=lambda n: n.value):
            yield g.value, [q.triple for q in self.store.quads_for_pattern(None, None, None, g)]

    def select(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Results:
        """Run a SELECT query with its parameters bound (SEP-0007 substitution), over all graphs of the store; the
        answer the store keeps (:mod:`answers`) to a query with no parameter."""
        if not bindings and (answer := answers.kept(self, query)) is not None:
            return answer
        return self._evaluated(query, bindings)

    def _evaluated(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Results:
        solutions = self.evaluate(query.text, _substitutions(bindings), query.path)
        columns = tuple(v.value for v in solutions.variables)
        cache: dict = {}

        def value(t):
            if t is None:
                return None
            if t not in cache:
                cache[t] = plain(t.value, t.datatype.value if isinstance(t, ox.Literal) else None)
            return cache[t]

        return Results(columns, tuple(tuple(value(s[c]) for c in columns) for s in solutions))

    def run(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Answer:
        """The answer to a SELECT (rows), ASK (true or false) or CONSTRUCT/DESCRIBE (triples) query."""
        if query.form == "SELECT":
            return self.select(query, bindings)
        answer = self.evaluate(query.text, _substitutions(bindings), query.path)
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return turtle(answer, query.prefixes)

    def triples(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> list[ox.Triple]:
        """The triples a CONSTRUCT or DESCRIBE query gives, with its parameters bound, over all graphs."""
        answer = self.evaluate(query.text, _substitutions(bindings), query.path)
        if not isinstance(answer, ox.QueryTriples):
            raise StoreError(f"{query.path}: not a CONSTRUCT or DESCRIBE query")
        return list(answer)

    def evaluate(self, text: str, substitutions: dict | None = None, name: str = "the query"):
        """Any SPARQL query (not an update) over all graphs of the store, as Oxigraph answers it: solutions,
        a boolean or triples (read lazily)."""
        try:
            return self.store.query(text, use_default_graph_as_union=True, substitutions=substitutions or {})
        except SyntaxError as exc:
            raise StoreError(f"{name}: not a valid SPARQL query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: the store cannot be read ({exc})") from exc
        except RuntimeError as exc:  # RocksDB's Corruption met while reading, or the query's own error
            if "Corruption" in str(exc) or "IO error" in str(exc):
                raise StoreError(_damaged(self.path, exc)) from None
            raise StoreError(f"{name}: {exc}") from None

    # -- writing ---------------------------------------------------------------------------------------------

    def put(self, reports: Sequence[ReportQuads]) -> list[Added]:
        """Store reports: the new ones together in one transaction (:meth:`ingest`), and each replacement of a
        stored report (of the same IRI) in one transaction of its own, after them. Give a report at most once.

        A replacement is one SPARQL update: the old report's graphs and code-list attestations go (and the names
        and codes no other report prints), the new quads come.
        """
        previous = {r.iri: self._source_name(ox.NamedNode(r.iri)) for r in reports}
        new = [r for r in reports if previous[r.iri] is None]
        added = []
        if new:
            ingestion = self.ingest()
            try:
                for r in new:
                    ingestion.add(r)
            except BaseException:
                ingestion.abandon()
                raise
            added = ingestion.commit()
        replaced = [r for r in reports if previous[r.iri] is not None]
        if replaced:
            self._forget_answers()
            faults.crash_point()
        for r in replaced:
            try:
                self._known_codes.clear()  # a replacement takes away names and codes no other report prints
                self.store.update(self._replacement(ox.NamedNode(r.iri), r))
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot write {r.name} ({exc}); nothing of it was written") from exc
            faults.crash_point()
        done = {a.report: a for a in added}
        return [done[r.name] if previous[r.iri] is None else Added(r.name, "replaced", r.findings, previous[r.iri])
                for r in reports]

    def ingest(self) -> Ingestion:
        """Begin writing new reports (none the store holds) in one transaction: give each to the ingestion's
        :meth:`~Ingestion.add` as it is built, then :meth:`~Ingestion.commit` (or :meth:`~Ingestion.abandon`)."""
        self._forget_answers()
        faults.crash_point()
        return Ingestion(self)

    def _forget_answers(self) -> None:
        try:  # until the store derives again, the kept answers are of the reports before: each query is evaluated
            answers.forget(self)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot remove the answers kept with the store ({exc}); nothing was "
                             "written") from exc

    def described(self) -> bool:
        """Whether the derived graphs describe the reports the store holds: the catalogue lists each report with
        the source it holds now (a load killed before deriving leaves them describing the reports before it), and
        the summaries say when they were derived (an earlier coakg's do not: derived again, they are this one's)."""
        catalogue = ox.NamedNode(self.mint.graph("catalogue"))
        sources = str(self.mint.source(""))  # a report's distributions: its source file, and its RDF forms
        listed = {(q.subject, q.object) for q in self.store.quads_for_pattern(None, DISTRIBUTION, None, catalogue)
                  if q.object.value.startswith(sources)}
        held: set[tuple] = set()
        for typed in self.store.quads_for_pattern(None, TYPE, REPORT, None):
            graph = typed.graph_name
            if typed.subject == graph:
                held.update((graph, q.object) for q in self.store.quads_for_pattern(graph, WAS_DERIVED_FROM, None,
                                                                                    graph))
        return listed == held and (not held or answers.derivation(self) is not None)

    def derive(self, changed: Iterable[str] | None = None) -> None:
        """Derive the labels, the summaries and the dataset description in one transaction: the labels and the
        summaries from the whole code list and every report;
        the description of the reports ``changed`` (IRIs of the reports written since the description last
        described the store), or of every report (None). Then keep the answers of the queries that take no
        parameter (:mod:`answers`)."""
        from .derivations import derive

        try:
            derive(self.store, self.base, changed=changed)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the derived labels and description ({exc}); "
                             "the reports are written, the next load derives them") from exc
        self.keep_answers()

    def keep_answers(self) -> None:
        """Work out the answers of the queries without parameters the store does not keep for its derivation as it
        is (all of them after a derivation; those a stopped load did not keep), and keep them (:mod:`answers`)."""
        try:
            answers.keep(self, lambda query: self._evaluated(query, {}))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the answers kept with the store ({exc}); the reports and "
                             "what is derived from them are written: questions are answered, more slowly, until "
                             "a load keeps them") from exc

    def optimize(self) -> None:
        """Compact the store after many writes: queries over many reports get several times faster."""
        try:
            self.store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot compact the store ({exc}); its contents are unchanged") from exc

    def flush(self) -> None:
        if self.path is not None and self.writable:
            try:
                self.store.flush()
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot write the store to disk ({exc})") from exc

    def close(self) -> None:
        """Write everything to disk and let go of the store directory, so that another process can open it."""
        try:
            self.flush()
        finally:
            del self.store

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _new_codes(self, nquads: bytes) -> list[bytes]:
        """The lines of a part of the code list (N-Quads) that the code list does not hold, each once. Lines
        written by this store since it was opened are known without a lookup."""
        unknown = [line for line in dict.fromkeys(nquads.splitlines(keepends=True)) if line not in self._known_codes]
        return [line for line, quad in zip(unknown, parse(b"".join(unknown)), strict=True) if quad not in self.store]

    def _replacement(self, graph: ox.NamedNode, report: ReportQuads) -> str:
        """The SPARQL update that replaces the stored report ``graph`` by ``report``: DROP its graphs, DELETE
        DATA its part of the code list, INSERT DATA the new quads."""
        checks = ox.NamedNode(self.mint.checks(graph.value))
        gone = self._code_list_part(graph)
        codes = [q for q in dict.fromkeys(parse(report.codes)) if q in gone or q not in self.store]
        parts = [f"DROP SILENT GRAPH {graph}", f"DROP SILENT GRAPH {checks}"]
        if gone:
            parts.append(f"DELETE DATA {{ {_graph_block(self.codes, gone)} }}")
        data = parse(report.data)
        blocks = [_graph_block(g, qs) for g, qs in ((graph, [q for q in data if q.graph_name == graph]),
                                                     (checks, [q for q in data if q.graph_name == checks]),
                                                     (self.codes, codes)) if qs]
        parts.append(f"INSERT DATA {{ {' '.join(blocks)} }}")
        return " ;\n".join(parts)

    def _code_list_part(self, graph: ox.NamedNode) -> set[ox.Quad]:
        """What the code list holds only because of the stored report ``graph``: its attestations, the names
        no other report attests, and the codes printed with no other name (with their code-list membership)."""
        find = self.store.quads_for_pattern
        gone = set(find(None, ATTESTED_BY, graph, self.codes))
        names = {q.subject for q in gone}
        orphans = {n for n in names if all(q.object == graph for q in find(n, ATTESTED_BY, None, self.codes))}
        for name in orphans:
            gone.update(find(name, None, None, self.codes))
            for printed in find(None, PRINTED_AS, name, self.codes):
                code = printed.subject
                gone.add(printed)
                if all(q.object in orphans for q in find(code, PRINTED_AS, None, self.codes)):
                    gone.update(find(code, None, None, self.codes))
                    gone.update(find(None, MEMBER, code, self.codes))  # its membership of the row code list
        return gone

    def _recover(self) -> None:
        """Finish what a killed load left: remove staging graphs (which every query read, coakg 0.1) and unfinished
        bulk-load files, and derive the labels, summaries and description of a store whose reports were written
        after they were last derived (named queries read the summaries: until then they would mix the reports as
        they are with summaries of the reports before)."""
        staged = [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and Minter.is_staging(g.value)]
        if staged:
            self.store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in staged))
            self.recovered += [f"removed the half-done replacement graph {g.value}" for g in staged]
        if self.path is not None:
            for leftover in self.path.glob("bulk-*.sst"):
                leftover.unlink()
                self.recovered.append(f"removed the unfinished bulk-load file {leftover.name}")
        if next(self.store.quads_for_pattern(None, TYPE, REPORT, None), None) is not None and not self.described():
            self.derive()  # a load stopped after writing reports, before deriving them
            self.recovered.append("derived the labels, summaries and description a stopped load (or an earlier "
                                  "coakg) left undone")

    def _source_name(self, graph: ox.NamedNode) -> str | None:
        source = next(self.store.quads_for_pattern(graph, WAS_DERIVED_FROM, None, graph), None)
        if source is None:
            return None
        label = next(self.store.quads_for_pattern(source.object, LABEL, None, graph), None)
        return PurePath(label.object.value).name if label else source.object.value

    def _count_findings(self, checks: ox.NamedNode) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, RESULT, None, checks))


class Ingestion:
    """New reports written as they are built, in one transaction: Oxigraph's bulk loader, the engine's fastest
    path, reads their quads (N-Quads) from a pipe in a thread of its own while more are built, writes index files
    a million quads at a time (on several threads) and ingests the files of every index when the pipe is closed,
    in one RocksDB ingestion: all of it or nothing. A load killed before leaves only unfinished files, which opening
    the store removes; :meth:`abandon` ends the loader with a line it cannot parse, which drops all it read.
    Each report's part of the code list is written only where the store and the ingestion lack it."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.reports: list[tuple[str, int]] = []  # (name, findings) of each report written
        self.codes: set[bytes] = set()  # the code-list lines this ingestion writes
        self.error: BaseException | None = None
        read, write = os.pipe()
        self._sink = os.fdopen(write, "wb", buffering=1 << 20)
        self._loader = threading.Thread(target=self._load, args=(read,), name="coakg-bulk-load", daemon=True)
        try:
            self._loader.start()
        except BaseException:
            os.close(read)
            self._sink.close()
            raise

    def add(self, report: ReportQuads) -> None:
        codes = [line for line in self.kg._new_codes(report.codes) if line not in self.codes]
        self.codes.update(codes)
        self._send(report.data, *codes)
        self.reports.append((report.name, report.findings))

    def commit(self) -> list[Added]:
        """Close the pipe and wait for the loader's ingestion: every report added, or StoreError and none."""
        self._send()
        self._close()
        if self.error is not None:
            names = self.reports[0][0] if self.reports else "the reports"
            if len(self.reports) > 1:
                names += f" and the {len(self.reports) - 1} other new reports of the load"
            raise StoreError(f"{self.kg.path}: cannot write {names} ({self.error}); nothing of it was written")
        self.kg._known_codes.update(self.codes)
        faults.crash_point()
        return [Added(name, "added", findings) for name, findings in self.reports]

    def abandon(self) -> None:
        """Stop, writing nothing."""
        self._send(b"<abandoned> \n")
        self._close()

    def _load(self, read: int) -> None:
        """The engine reads the pipe itself, by its name; where the system names none (no /dev/fd), from Python
        (a kilobyte at a time: slower)."""
        named = f"{PIPES}{read}"
        try:
            if os.path.exists(named):
                self.kg.store.bulk_load(path=named, format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                with os.fdopen(os.dup(read), "rb") as pipe:
                    self.kg.store.bulk_load(pipe, format=ox.RdfFormat.N_QUADS, lenient=True)
        except BaseException as exc:  # (a parse error of abandon(); a full disk)
            self.error = exc
        finally:
            os.close(read)  # what is still sent then fails at once (BrokenPipeError), never waits

    def _send(self, *parts: bytes) -> None:
        try:
            for part in parts:
                self._sink.write(part)
        except BrokenPipeError:  # the loader ended: its error is the ingestion's
            pass

    def _close(self) -> None:
        try:
            self._sink.close()
        except BrokenPipeError:
            pass
        self._loader.join()


def _written_mark(path: Path) -> tuple | None:
    """What changes when a store is written: its CURRENT file's manifest, with the manifest's size and time."""
    try:
        manifest = (path / "CURRENT").read_text(encoding="ascii").strip()
        stat = (path / manifest).stat()
    except (OSError, ValueError):
        return None
    return manifest, stat.st_size, stat.st_mtime_ns


def _store_files(path: Path) -> bool:
    """Whether a folder holds files of a store (RocksDB's)."""
    return any(p.name.startswith(("MANIFEST-", "OPTIONS-")) or p.name.endswith((".sst", ".log"))
               for p in path.iterdir())


def _damaged(path: Path | None, why: object) -> str:
    """What to say of a damaged store: what is damaged, that it was left as it is, and how to recover."""
    first = str(why).split("  ")[0].strip()[:300]
    return (f"{path}: the store is damaged ({first}); it was left as it is. To recover, move it aside and load the "
            f"report files again into a new store: coakg load FILE... --store {path}")


def _substitutions(bindings: dict[str, URIRef | Literal]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Query parameters as Oxigraph's substitutions (SEP-0007): bound as RDF terms, never pasted into the text."""
    return {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}


def _graph_block(graph: ox.NamedNode, quads) -> str:
    """Quads as a ``GRAPH <g> { … }`` block of SPARQL Update data (terms written by Oxigraph, so escaped)."""
    return f"GRAPH {graph} {{\n" + "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads) + "}"
