"""A report's downloads: its whole graph (every figure, table, row, column, sum and key figure) in each RDF form the
site sends, Turtle, JSON-LD and N-Triples; kept with the store when the report is built, so that the site sends
them without making them.

Made from the store at each request, the largest corpus report's (157,000 quads) took 1 s as Turtle and 4 s as
JSON-LD: the engine looks each of its terms up, and JSON-LD is compacted in Python. So the load's worker
processes, which hold each report's quads when they build it, also write its three downloads, gzipped (a twelfth
to a thirtieth of the size): ``downloads/{report}.{reading}{.ttl|.jsonld|.nt}.gz`` in the store's folder, {report}
a hash of the report's IRI and {reading} one of which reading it is (the source file its graph says it was derived
from, and the prov:endedAtTime of its reading) and of coakg's version. A download is sent only when the store holds
the report of that reading: one made by a load that stopped before writing the report, or of a report since
replaced, is never sent, and the next load that writes the report removes it (:func:`tidy`). A report whose
downloads could not be made (memory short, a full disk) has them made from the store, as before.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import PROV

from .derivations import coakg_version
from .rdf import PREFIXES, serialized

if TYPE_CHECKING:
    from .store import KnowledgeGraph, ReportQuads

FOLDER = "downloads"
FORMS = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES)
GENERATED_BY, ENDED, WAS_DERIVED_FROM = (ox.NamedNode(str(p)) for p in (PROV.wasGeneratedBy, PROV.endedAtTime,
                                                                         PROV.wasDerivedFrom))


def download(kg: KnowledgeGraph, iri: str, form: ox.RdfFormat) -> bytes:
    """The report ``iri``'s download in one form: the one kept with the store, or made from the store."""
    kept_file = kept(kg, iri, form)
    return gzip.decompress(kept_file) if kept_file is not None else _made(kg.store, iri, form)


def keep(folder: Path | None, report: ReportQuads) -> None:
    """Write the downloads of a report just built into the store's folder ``folder`` (none for a store in
    memory); those of its other readings are left to :func:`tidy`. Made from the
    report's quads in a store in memory, which writes literals in the canonical forms the store does (1.50 as 1.5):
    the same documents as made from the store. A download that cannot be written is left out: the site makes it
    from the store."""
    if folder is None:
        return
    try:
        memory = ox.Store()
        memory.bulk_load(report.data, format=ox.RdfFormat.N_QUADS, lenient=True)
        reading = _reading(memory, ox.NamedNode(report.iri))
        if reading is None:
            return
        (folder / FOLDER).mkdir(exist_ok=True)
        for form in FORMS:
            made = gzip.compress(_made(memory, report.iri, form), 1)
            _write(folder / FOLDER / _name(report.iri, reading, form), made)
    except Exception:  # noqa: BLE001 - a full disk, or memory short for a large report's JSON-LD: left out
        return


def tidy(kg: KnowledgeGraph, iris: Iterable[str]) -> None:
    """Remove the downloads kept of readings of the reports ``iris`` that the store does not hold (of a report
    since replaced, or made by a load that did not write the report). A load does it for the reports it wrote,
    once written: a worker process that kept a report's downloads does not know whether the store will hold that
    reading."""
    if kg.path is None or not (kg.path / FOLDER).is_dir():
        return
    for iri in iris:
        reading = _reading(kg.store, ox.NamedNode(iri))
        held = {_name(iri, reading, form) for form in FORMS} if reading is not None else set()
        for kept_file in (kg.path / FOLDER).glob(_key(iri) + ".*"):
            if kept_file.name not in held:
                kept_file.unlink(missing_ok=True)


def kept(kg: KnowledgeGraph, iri: str, form: ox.RdfFormat) -> bytes | None:
    """The report ``iri``'s download in one form, gzipped, as kept with the store for the reading the store holds;
    None when it keeps none."""
    if kg.path is None:
        return None
    reading = _reading(kg.store, ox.NamedNode(iri))
    if reading is None:
        return None
    try:
        return (kg.path / FOLDER / _name(iri, reading, form)).read_bytes()
    except OSError:
        return None


def _made(store: ox.Store, iri: str, form: ox.RdfFormat) -> bytes:
    """The report ``iri``'s download in one form, made from ``store``. Turtle names the report's parts relative
    to it (``@base <{report}/>``, ``<obs/…>``: less than half the size); JSON-LD is compact with coakg's context,
    as every JSON-LD the site sends."""
    graph = ox.NamedNode(iri)
    if form == ox.RdfFormat.JSON_LD:
        return serialized([q.triple for q in store.quads_for_pattern(None, None, None, graph)], form)
    if form == ox.RdfFormat.TURTLE:
        return store.dump(format=form, from_graph=graph, prefixes=PREFIXES, base_iri=iri + "/") or b""
    return store.dump(format=form, from_graph=graph) or b""


def _reading(store: ox.Store, graph: ox.NamedNode) -> str | None:
    """Which reading of a source the report ``graph`` is, as its graph states it: the source (its SHA-256 is in
    its IRI) and when the reading ended (none for a report built without the time, whose graph the source and
    coakg's version make alone). None if it states no source, or more than one source or time (never one reading)."""
    sources = {q.object.value for q in store.quads_for_pattern(graph, WAS_DERIVED_FROM, None, graph)
               if isinstance(q.object, ox.NamedNode)}
    times = {ended.object.value for generated in store.quads_for_pattern(graph, GENERATED_BY, None, graph)
             if isinstance(generated.object, ox.NamedNode)
             for ended in store.quads_for_pattern(generated.object, ENDED, None, graph)
             if isinstance(ended.object, ox.Literal)}
    if len(sources) != 1 or len(times) > 1:
        return None
    return " ".join([*sources, *times])


def _key(iri: str) -> str:
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:32]


def _name(iri: str, reading: str, form: ox.RdfFormat) -> str:
    stamp = hashlib.sha256(f"{reading}\n{coakg_version()}".encode()).hexdigest()[:16]
    return f"{_key(iri)}.{stamp}.{form.file_extension}.gz"


def _write(path: Path, data: bytes) -> None:
    """Write a file whole: a temporary file in the same folder, renamed."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
