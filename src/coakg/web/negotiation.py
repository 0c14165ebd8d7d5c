"""Content negotiation: which form of a resource to send, by the path's extension or the Accept header."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Graph
from werkzeug.datastructures import MIMEAccept

from ..ntriples import to_rdflib
from ..rdf import compact_jsonld
from ..store import KnowledgeGraph


@dataclass(frozen=True)
class Form:
    extension: str
    media_type: str
    rdf: ox.RdfFormat | None  # None: the HTML page


HTML = Form(".html", "text/html", None)
RDF_FORMS = (Form(".ttl", "text/turtle", ox.RdfFormat.TURTLE),
             Form(".jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
             Form(".nt", "application/n-triples", ox.RdfFormat.N_TRIPLES))
FORMS = (HTML, *RDF_FORMS)
BY_EXTENSION = {f.extension: f for f in RDF_FORMS}
ALSO = {"application/xhtml+xml": HTML, "application/json": RDF_FORMS[1], "text/plain": RDF_FORMS[2],
        "application/x-turtle": RDF_FORMS[0]}


def split_extension(path: str) -> tuple[str, Form | None]:
    """A path without its RDF extension (.ttl, .jsonld, .nt) and the form it names, or the path and None."""
    for ext, form in BY_EXTENSION.items():
        if path.endswith(ext):
            return path[: -len(ext)], form
    return path, None


def choose(accept: MIMEAccept) -> Form | None:
    """The form the Accept header prefers (HTML when it names none, as a bare client or ``*/*`` does); None when
    it accepts none of them (406)."""
    if not accept or not list(accept.values()):
        return HTML
    offers = [f.media_type for f in FORMS] + list(ALSO)
    best = accept.best_match(offers)
    if best is None:
        return None
    return ALSO.get(best) or next(f for f in FORMS if f.media_type == best)


# the vocabularies the graph uses: Turtle declares them, pages name terms by them (coakg:amount)
PREFIXES = {"coakg": "https://coakg.org/ns#", "qb": "http://purl.org/linked-data/cube#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
            "prov": "http://www.w3.org/ns/prov#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "sh": "http://www.w3.org/ns/shacl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dcat": "http://www.w3.org/ns/dcat#",
            "void": "http://rdfs.org/ns/void#", "foaf": "http://xmlns.com/foaf/0.1/",
            "owl": "http://www.w3.org/2002/07/owl#"}


def serialize(triples: list[ox.Triple], form: Form) -> bytes:
    """Triples in one RDF form: Turtle with the usual prefixes, N-Triples, or JSON-LD compact with coakg's context
    (:func:`coakg.rdf.compact_jsonld`, as ``coakg extract --format jsonld`` writes it)."""
    rdf = form.rdf
    if rdf is None:
        raise ValueError(f"{form.media_type} is not an RDF format")
    if rdf == ox.RdfFormat.JSON_LD:  # each term made once (written as N-Triples and parsed: twice as long)
        term = cache(to_rdflib)
        graph = Graph()
        graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
        return compact_jsonld(graph).encode("utf-8")
    prefixes = {} if rdf == ox.RdfFormat.N_TRIPLES else PREFIXES
    return ox.serialize(triples, format=rdf, prefixes=prefixes) or b""


def report_graph(kg: KnowledgeGraph, iri: str, form: Form) -> bytes:
    """A report's download: its whole graph (every figure, table, row, column, sum and key figure), in one form.
    Turtle names its parts relative to the report (``@base <{report}/>``, ``<obs/…>``: less than half the size);
    JSON-LD is compact with coakg's context, as every JSON-LD the site sends (:func:`serialize`)."""
    graph = ox.NamedNode(iri)
    if form.rdf == ox.RdfFormat.JSON_LD:
        return serialize([q.triple for q in kg.store.quads_for_pattern(None, None, None, graph)], form)
    if form.rdf == ox.RdfFormat.TURTLE:
        return kg.store.dump(format=form.rdf, from_graph=graph, prefixes=PREFIXES, base_iri=iri + "/") or b""
    return kg.store.dump(format=form.rdf, from_graph=graph) or b""
