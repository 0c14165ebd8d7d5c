"""rdflib terms and triples as pyoxigraph terms and quads, and pyoxigraph terms as rdflib terms.

Creating a pyoxigraph IRI validates it, which costs more than building the rdflib
term, and a report repeats its IRIs many times (an observation is the subject of a
dozen triples): a :class:`Converter` makes each distinct IRI once.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .rdf import IriCache, OxTriple, Triple


def term(t: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """One rdflib term as a pyoxigraph term."""
    return Converter().term(t)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal | BNode:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == _XSD_STRING:  # a simple literal (rdflib tells it apart from an xsd:string one)
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    return BNode(t.value)


def quads(triples: Iterable[OxTriple], graph: ox.NamedNode) -> list[ox.Quad]:
    """Triples of pyoxigraph terms as quads of one graph."""
    Quad = ox.Quad
    return [Quad(s, p, o, graph) for s, p, o in triples]


class Converter:
    """Converts rdflib terms, remembering the IRIs it has made (use one per report: observation IRIs are many)."""

    def __init__(self) -> None:
        self.iri = IriCache()
        self.terms: dict = {}  # rdflib term -> pyoxigraph term (rdflib compares literals by lexical form)

    def term(self, t: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        if type(t) is URIRef:
            return self.iri(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype:
                return ox.Literal(str(t), datatype=self.iri(str(t.datatype)))
            return ox.Literal(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        return self.iri(str(t))  # a URIRef subclass

    def quads(self, triples: Iterable[Triple], graph: ox.NamedNode) -> list[ox.Quad]:
        terms, term, Quad = self.terms, self.term, ox.Quad
        out = []
        for s, p, o in triples:
            s2, p2, o2 = terms.get(s), terms.get(p), terms.get(o)
            if s2 is None:
                s2 = terms[s] = term(s)
            if p2 is None:
                p2 = terms[p] = term(p)
            if o2 is None:
                o2 = terms[o] = term(o)
            out.append(Quad(s2, p2, o2, graph))
        return out
