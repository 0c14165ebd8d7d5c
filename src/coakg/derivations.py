"""What the store derives from all its reports, not from one: the codes' labels and cross-year matches, and the
dataset description (DCAT, VoID). Each is a SPARQL update in ``derivations/`` (package data
``coakg/data/derivations``); the store runs them together, as one transaction, after each load. The labels are
derived again from the whole code list; the description only for the graphs that changed (all of them when it is
not known which), under the licence a load states (none unless one is). What a load states of the files, where
each was published, is kept in a graph of its own (``publication.ru``), run with the description. A single report's
graph gets its labels from the same update, run over the report's code list in a store in memory. A server gives
harvesters the description with the SPARQL endpoint it serves (:func:`served_catalogue`), a static site without
one; both give each report's source file the URL it was published at, when one is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import DCAT, DCTERMS, RDF, RDFS, Literal, URIRef

from .errors import StoreError
from .iris import DEFAULT_BASE, Minter
from .queries import parse

if TYPE_CHECKING:
    from .store import KnowledgeGraph

DERIVATIONS = files("coakg") / "data" / "derivations"  # package data: the repository's derivations/
LABELS, SUMMARIES, CATALOGUE = "labels", "summaries", "catalogue"  # the derivations, in the order they run;
# each names its graph
PUBLICATION = "publication"  # run with the catalogue, before it: where each file was published (its own graph)
_PREFIX = re.compile(r"^PREFIX\s+([\w-]*):\s*<([^>]*)>\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def coakg_version() -> str:
    """The version of coakg that reads the reports (package metadata)."""
    return version("coakg")


def update_text(name: str) -> str:
    path = DERIVATIONS / f"{name}.ru"
    if not path.is_file():
        raise RuntimeError(f"no derivation {name}.ru in {DERIVATIONS}: coakg is installed without its package data")
    return path.read_text(encoding="utf-8")


def derive(store: ox.Store, base: str = DEFAULT_BASE, names: tuple[str, ...] = (LABELS, SUMMARIES, CATALOGUE),
           changed: Iterable[str] | None = None, licence: str | None = None,
           published: Mapping[str, str] | None = None) -> None:
    """Run the derivations ``names`` over ``store`` as one update (one transaction).

    The catalogue describes again the graphs ``changed`` (the graphs of the reports written since it last did:
    each report's graph and checks graph), and the code list and labels; with ``changed`` None, every graph.
    A ``licence`` (an IRI) is the licence of the store's data from now on: the catalogue states it, on itself and
    on every report's RDF distributions; with None, the catalogue keeps the licence stated before, if any.
    ``published`` gives the URL where each file (by its SHA-256) was published: it replaces the one stated before.

    Oxigraph takes no PREFIX after the first operation of an update, so the files' PREFIX declarations are
    given as the update's prefixes (with the store's own, :meth:`Minter.derivation_prefixes`)."""
    mint = Minter(base)
    prefixes, bodies = mint.derivation_prefixes(), []
    for name in names:
        stated = [_changes(mint, changed, licence, published or {}), update_text(PUBLICATION)]
        for text in (stated if name == CATALOGUE else []) + [update_text(name)]:
            for prefix, iri in _PREFIX.findall(text):
                if prefixes.setdefault(prefix, iri) != iri:
                    raise RuntimeError(f"{name}.ru: the prefix {prefix}: names {iri}, elsewhere {prefixes[prefix]}")
            bodies.append(_PREFIX.sub("", text))
    store.update(" ;\n".join(bodies), prefixes=prefixes)


def _changes(mint: Minter, changed: Iterable[str] | None, licence: str | None, published: Mapping[str, str]) -> str:
    """The update that lists, in graph:changes, the graphs the catalogue describes again: each report of
    ``changed`` (its graph and checks graph), the code list and the labels; or every graph (None); the
    ``licence`` stated, if one is; and the URL ``published`` for each file (SHA-256), as its source's
    dcat:accessURL. Each IRI is written as Oxigraph writes a term it has parsed, never pasted."""
    stated = (f"{ox.NamedNode(mint.dataset())} {ox.NamedNode(str(DCTERMS.license))} {ox.NamedNode(licence)} ."
              if licence is not None else "")
    access = ox.NamedNode(str(DCAT.accessURL))
    stated += "".join(f" {ox.NamedNode(mint.source(sha))} {access} {ox.NamedNode(url)} ."
                       for sha, url in sorted(published.items()))
    if changed is None:
        return (f"INSERT DATA {{ GRAPH graph:changes {{ {stated} }} }} ;\n" if stated else "") + \
            update_text("changed-everything")
    graphs = [g for r in changed for g in (r, mint.checks(URIRef(r)))] + [mint.graph("codes"), mint.graph(LABELS),
                                                                          mint.graph(SUMMARIES)]
    listed = " ".join(f"{ox.NamedNode(str(g))} a void:Dataset ." for g in graphs)
    return f"INSERT DATA {{ GRAPH graph:changes {{ {listed} {stated} }} }}"


def served_catalogue(kg: KnowledgeGraph, endpoint: str | None) -> list[ox.Triple]:
    """The catalogue as a harvester fetches it from a server at the store's IRI: the catalogue graph, and the SPARQL
    endpoint at URL ``endpoint`` that serves the store, as a dcat:DataService (``catalogue-served.rq``); with no
    endpoint (a static site), the catalogue graph alone, as the DCAT-AP shapes check it. A server that serves source
    files adds their URLs (:func:`with_downloads`)."""
    query = parse(DERIVATIONS / "catalogue-served.rq")
    bindings: dict[str, URIRef | Literal] = {"catalogue": kg.mint.graph(CATALOGUE), "dataset": kg.mint.dataset(),
                                             "publication": kg.mint.graph(PUBLICATION)}
    if endpoint is not None:
        bindings["endpoint"] = URIRef(endpoint)
    return kg.triples(query, bindings)


def with_downloads(catalogue: list[ox.Triple], downloads: Mapping[str, str]) -> list[ox.Triple]:
    """The catalogue with the dcat:downloadURL of each distribution of ``downloads`` (its IRI: the URL where the site
    serves its file, ``coakg serve --sources``), each URL stated an rdfs:Resource, as the DCAT-AP shapes ask of it
    without inference."""
    download, resource = ox.NamedNode(str(DCAT.downloadURL)), ox.NamedNode(str(RDFS.Resource))
    return catalogue + [t for distribution, url in sorted(downloads.items())
                        for t in (ox.Triple(ox.NamedNode(distribution), download, ox.NamedNode(url)),
                                  ox.Triple(ox.NamedNode(url), ox.NamedNode(str(RDF.type)), resource))]


def state(kg: KnowledgeGraph, licence: str | None = None, published: Mapping[str, str] | None = None) -> None:
    """What a load states of the store's data, in one transaction: ``licence`` (an IRI) the licence of the store's
    data (the catalogue states it, on itself and on every report's RDF distributions, now and for the reports loaded
    later, until another is stated); ``published`` the URL where each file (by its SHA-256) was published (kept in
    graph:publication; each report's source distribution and page show it)."""
    try:
        derive(kg.store, kg.base, (CATALOGUE,), changed=(), licence=licence, published=published)
    except OSError as exc:
        what = " and ".join(w for w, given in (("the licence", licence), ("where the files were published", published))
                            if given)
        raise StoreError(f"{kg.path}: cannot write {what} into the catalogue ({exc}); "
                         "the reports are written: state it again with the next load") from exc
