"""A SPARQL 1.1 endpoint (e.g. Virtuoso) through SPARQLWrapper: run named queries, publish the store's graphs."""

from __future__ import annotations

import re
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Literal, URIRef
from SPARQLWrapper import DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .errors import StoreError
from .queries import NamedQuery, Results, plain

BATCH = 500  # triples per INSERT DATA request; Virtuoso refuses much larger ones behind digest auth
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class Endpoint:
    def __init__(self, url: str, update_url: str | None = None, user: str | None = None,
                 password: str | None = None):
        self.url, self.update_url, self.user, self.password = url, update_url or url, user, password

    def _wrapper(self, url: str) -> SPARQLWrapper:
        w = SPARQLWrapper(url)
        if self.user:
            w.setHTTPAuth(DIGEST)
            w.setCredentials(self.user, self.password or "")
        return w

    def select(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Results:
        """Run a SELECT query; parameters travel as a VALUES block of RDF terms opening the outer WHERE group."""
        text = with_values(query.text, bindings)
        w = self._wrapper(self.url)
        w.setQuery(text)
        w.setMethod(POST)
        w.setReturnFormat(JSON)
        data = self._run(lambda: w.query().convert())
        columns = tuple(data["head"]["vars"])
        rows = tuple(tuple(_value(b.get(c)) for c in columns) for b in data["results"]["bindings"])
        return Results(columns, rows)

    def update(self, text: str) -> None:
        w = self._wrapper(self.update_url)
        w.setMethod(POST)
        w.setQuery(text)
        self._run(lambda: w.query())

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Upload into a staging graph in batches, then move it onto the graph in one update."""
        staging = f"{graph}/staging"
        self.update(f"DROP SILENT GRAPH <{staging}>")
        lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
        for start in range(0, len(lines), BATCH):
            body = "\n".join(lines[start:start + BATCH])
            self.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
        self.update(f"MOVE SILENT GRAPH <{staging}> TO <{graph}>")

    def publish(self, graphs: Iterable[tuple[str, list[ox.Triple]]],
                progress: Callable[[str, int], None] = lambda graph, n: None) -> int:
        """Replace each graph on the endpoint; the number of graphs published."""
        n = 0
        for graph, triples in graphs:
            self.replace_graph(graph, triples)
            progress(graph, len(triples))
            n += 1
        return n

    def _run(self, call):
        try:
            return call()
        except (SPARQLWrapperException, OSError) as exc:
            raise StoreError(f"{self.url}: the SPARQL endpoint failed: {str(exc).strip()[:500]}") from exc


def with_values(text: str, bindings: dict[str, URIRef | Literal]) -> str:
    """The query with a VALUES block binding each parameter to its RDF term, opening the outer WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = (f"VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    m = _WHERE.search(body)
    if m is None:
        raise StoreError("a parameterised query needs a WHERE { … } group")
    return body[:m.end()] + "\n  " + block + "\n" + body[m.end():]


def _value(b: dict | None) -> object:
    """A binding of the SPARQL 1.1 JSON results format as a plain value."""
    return None if b is None else plain(b["value"], b.get("datatype"))
