"""RDF terms and triples as N-Triples text: the form in which a report's quads go to the store.

A report has thousands of figures. Its triples are built as text, which the store's
own loader parses, rather than as term objects: making a term object validates it and
costs several times as much as formatting it, and objects would have to be turned into
text again to pass between processes. The vocabulary and description parts, built as
rdflib terms, are turned into text by a :class:`Terms` table, which formats each
distinct term once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal: plain (xsd:string), with a language tag, or typed."""
    text = f'"{value.translate(_ESCAPES)}"'
    if language:
        return f"{text}@{language}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^<{datatype}>"
    return text


class Terms(dict):
    """rdflib terms as N-Triples text, each formatted once (use one table per report: its IRIs are many)."""

    def __missing__(self, t: URIRef | Literal | BNode) -> str:
        if isinstance(t, Literal):
            text = literal(str(t), t.language, str(t.datatype) if t.datatype else None)
        elif isinstance(t, BNode):
            text = f"_:{t}"
        else:
            text = iri(t)
        self[t] = text
        return text


def statements(triples: Iterable[tuple[str, str, str]], graph: str | None = None) -> str:
    """Triples of N-Triples terms as lines: N-Quads of ``graph`` (an N-Triples term itself) if given, else
    N-Triples."""
    end = f" {graph} .\n" if graph else " .\n"
    return "".join(f"{s} {p} {o}{end}" for s, p, o in triples)


def formatted(triples: Iterable[tuple], terms: Terms) -> Iterator[tuple[str, str, str]]:
    """Triples of rdflib terms as triples of N-Triples terms."""
    return ((terms[s], terms[p], terms[o]) for s, p, o in triples)


def parse(text: bytes) -> list[ox.Quad]:
    return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))


def to_rdflib(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal | BNode:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == XSD + "string":  # a simple literal (rdflib tells it apart from an xsd:string one)
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    return BNode(t.value)


def to_oxigraph(t: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """One rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)
    return ox.NamedNode(str(t))
