"""A report's downloads: its whole graph (every figure, table, row, column, sum and key figure) in each RDF form the
site sends, Turtle, JSON-LD and N-Triples; made from the store once and kept with it, gzipped, so that the site sends
them again without making them.

Made from the store, the largest corpus report's (157,000 quads) takes 1 s as Turtle and 4 s as JSON-LD: the
engine looks each of its terms up, and JSON-LD is compacted in Python. Made when a load builds each report, they
would have cost the load more than all the rest of its work (at 1,000 reports 545 s against 169 s, the machine
shared): so each is made when first asked for (by the site, or ``coakg publish --static``) and kept, gzipped (a
twelfth to a thirtieth of its size), in ``downloads/{report}.{reading}{.ttl|.jsonld|.nt}.gz`` in the store's folder:
{report} a hash of the report's IRI, {reading} one of which reading of a source it is (the source file its graph
says it was derived from, the prov:endedAtTime of its reading) and of coakg's version. A kept download is sent only
when the store holds the report of that reading: one of a report since replaced is never sent, and the load that
writes the report removes it (:func:`tidy`). Where the folder cannot be written (a store in memory, a folder
read-only to the site), each download is made at each request.
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
    from .store import KnowledgeGraph

FOLDER = "downloads"
FORMS = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES)
GENERATED_BY, ENDED, WAS_DERIVED_FROM = (ox.NamedNode(str(p)) for p in (PROV.wasGeneratedBy, PROV.endedAtTime,
                                                                         PROV.wasDerivedFrom))


def download(kg: KnowledgeGraph, iri: str, form: ox.RdfFormat) -> bytes:
    """The report ``iri``'s download in one form: the one kept with the store, or made from the store and kept."""
    reading = _reading(kg.store, ox.NamedNode(iri))
    kept_file = _kept(kg, iri, reading, form)
    if kept_file is not None:
        return gzip.decompress(kept_file)
    made = _made(kg.store, iri, form)
    if kg.path is not None and reading is not None:
        try:
            (kg.path / FOLDER).mkdir(exist_ok=True)
            _write(kg.path / FOLDER / _name(iri, reading, form), gzip.compress(made, 1))
        except OSError:  # a folder the site may not write: made again next time
            pass
    return made


def tidy(kg: KnowledgeGraph, iris: Iterable[str]) -> None:
    """Remove the downloads kept of readings of the reports ``iris`` that the store does not hold (of a report
    since replaced). A load does it for the reports it wrote."""
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
    return _kept(kg, iri, _reading(kg.store, ox.NamedNode(iri)), form)


def _kept(kg: KnowledgeGraph, iri: str, reading: str | None, form: ox.RdfFormat) -> bytes | None:
    if kg.path is None or reading is None:
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
