"""The vocabulary as the site publishes it: coakg's ontology (``ontology/coakg.ttl``) and its JSON-LD context
(``ontology/context.jsonld``), both package data.

The ontology's namespace, ``https://coakg.org/ns#``, is coakg's own: it is the same whatever ``--base`` the data is
minted under. A client dereferences a term such as ``https://coakg.org/ns#amount`` by fetching the namespace's
document, ``https://coakg.org/ns`` (the fragment stays with the client), so every site serves the ontology at the
namespace's path, :data:`PATH` (``/ns``), beside its pages: at the IRI itself on the host the namespace names, a copy
of it elsewhere. The context is served at :data:`CONTEXT_PATH`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .links import VOCABULARY, VOCABULARY_PATH, Links
from .negotiation import Form, serialize
from .pages import render

NAMESPACE, PATH = VOCABULARY, VOCABULARY_PATH  # /ns: where https://coakg.org/ns (the namespace without '#') is served
CONTEXT_PATH = "/context.jsonld"
_FILES = files("coakg") / "data" / "ontology"


@lru_cache(maxsize=1)
def _turtle() -> bytes:
    return (_FILES / "coakg.ttl").read_bytes()


def ontology(form: Form) -> bytes:
    """The ontology in one RDF form: Turtle as written (with its comments), the others made from it (JSON-LD compact
    with the context, as every resource)."""
    if form.rdf == ox.RdfFormat.TURTLE:
        return _turtle()
    return serialize(list(ox.parse(_turtle(), format=ox.RdfFormat.TURTLE)), form)


def context() -> bytes:
    """The JSON-LD context, as the file holds it (the one :func:`coakg.rdf.jsonld_context` reads)."""
    return (_FILES / "context.jsonld").read_bytes()


def page(links: Links) -> str:
    """The ontology as a page: its name and licence, then each class and each property (a row whose id is the
    term's name, so ``/ns#amount`` opens at coakg:amount) with its labels, comment and what it relates."""
    return render("vocabulary.html", links, path=PATH, context_path=CONTEXT_PATH, **_description())


@lru_cache(maxsize=1)
def _description() -> dict:
    graph = Graph().parse(data=_turtle(), format="turtle")
    namespace = URIRef(NAMESPACE)

    def ref(term: object) -> dict:
        """A term the page names: by its prefixed name, linked to its row when it is coakg's, else to its IRI."""
        iri = str(term)
        href = "#" + iri[len(NAMESPACE):] if iri.startswith(NAMESPACE) else iri
        return {"name": graph.qname(URIRef(iri)), "href": href}

    def refs(subject: URIRef, *predicates: URIRef) -> list[dict]:
        return [ref(o) for p in predicates for o in sorted(graph.objects(subject, p), key=str)]

    def texts(subject: URIRef, predicate: URIRef) -> dict[str, str]:
        return {getattr(o, "language", None) or "": str(o) for o in graph.objects(subject, predicate)}

    def term(subject: URIRef) -> dict:
        return {"id": str(subject)[len(NAMESPACE):], "name": graph.qname(subject), "labels": texts(subject, RDFS.label),
                "comments": texts(subject, RDFS.comment),
                "types": [r for r in refs(subject, RDF.type) if r["name"] not in ("rdf:Property", "rdfs:Class")],
                "broader": refs(subject, RDFS.subClassOf, RDFS.subPropertyOf),
                "domain": refs(subject, RDFS.domain), "range": refs(subject, RDFS.range)}

    def of_type(*types: URIRef) -> list[dict]:
        found = {s for t in types for s in graph.subjects(RDF.type, t) if str(s).startswith(NAMESPACE)}
        return [term(s) for s in sorted(found, key=str)]  # type: ignore[arg-type]

    return {"iri": NAMESPACE, "labels": texts(namespace, RDFS.label), "comments": texts(namespace, RDFS.comment),
            "version": str(graph.value(namespace, OWL.versionInfo) or ""),
            "licence": str(graph.value(namespace, DCTERMS.license) or ""),
            "classes": of_type(RDFS.Class, OWL.Class), "properties": of_type(RDF.Property)}
