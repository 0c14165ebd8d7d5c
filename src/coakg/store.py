"""The embedded knowledge graph: a persistent Oxigraph store.

Graphs of the store:

- one graph per report, named by the report's IRI: its tables, observations,
  slices, source and summations (the identities the checks test);
- one graph per report with its check results, ``{report}/checks``: a SHACL
  validation report (see :mod:`findings_rdf`);
- the code list, ``{base}graph/codes``: the vocabulary of all reports: schemes,
  columns, uncoded items, and every code any report prints, with each name it is
  printed with and the reports that print it so; each report adds its part, and
  replacing a report takes its part away.

Adding a report is all-or-nothing, and adding the same source file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDFS, SH

from .check import check_report
from .errors import StoreError
from .findings_rdf import validation_triples
from .iris import DEFAULT_BASE, Minter
from .model import Report
from .queries import Answer, NamedQuery, Results, plain, turtle
from .rdf import Triple, code_list_triples, report_triples, summation_triples

DEFAULT_STORE = Path(".coakg") / "store"

# Moves a staged report over the old one, in one transaction: its graph, its checks, and its part of the
# code list (the old report's attestations go, then the names and the codes that no report prints any
# more, with their membership of the row code list; items and columns stay).
# The IRIs are minted by iris.Minter (percent-encoded, so they cannot end the IRI early).
REPLACE = """
PREFIX coakg: <https://coakg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
MOVE SILENT GRAPH <{staged_graph}> TO <{graph}> ;
MOVE SILENT GRAPH <{staged_checks}> TO <{checks}> ;
DELETE {{ GRAPH <{codes}> {{ ?name coakg:attestedBy <{report}> }} }}
WHERE {{ GRAPH <{codes}> {{ ?name coakg:attestedBy <{report}> }} }} ;
ADD SILENT GRAPH <{staged_codes}> TO <{codes}> ;
DROP SILENT GRAPH <{staged_codes}> ;
DELETE {{ GRAPH <{codes}> {{ ?code coakg:printedAs ?name . ?name ?p ?o }} }}
WHERE {{ GRAPH <{codes}> {{ ?code coakg:printedAs ?name . ?name ?p ?o . FILTER NOT EXISTS {{ ?name coakg:attestedBy ?any }} }} }} ;
DELETE {{ GRAPH <{codes}> {{ ?code ?p ?o . ?list skos:member ?code }} }}
WHERE {{ GRAPH <{codes}> {{ ?code coakg:level ?level ; ?p ?o .
                           FILTER NOT EXISTS {{ ?code coakg:printedAs ?name }}
                           OPTIONAL {{ ?list skos:member ?code }} }} }}
"""


@dataclass(frozen=True)
class Added:
    """What adding one report did: "added", "unchanged" or "replaced" (then ``previous`` names the old file)."""

    report: str
    status: str
    findings: int
    previous: str | None = None


class KnowledgeGraph:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None, base: str = DEFAULT_BASE, create: bool = True):
        self.path, self.base, self.mint = path, base, Minter(base)
        self.codes = self.mint.graph("codes")
        if path is not None and not create and not Path(path).is_dir():
            raise StoreError(f"{path}: no store here; run coakg load REPORT... --store {path} first")
        try:
            if path is not None:
                Path(path).mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            hint = "; another coakg process is using it" if "lock" in str(exc).lower() else ""
            raise StoreError(f"{path}: cannot open the store ({exc}){hint}") from exc

    def add(self, report: Report) -> Added:
        """Add a report, its summations, its check results and its codes; replace an older file of the same report.

        One transaction: a new report is one insertion; a replacement is staged in
        graphs of its own, then one update moves it over the old report.
        """
        r = self.mint.report(report.department, report.year, report.document)
        name = f"{report.department} {report.year} {report.document}"
        graph, checks, codes = ox.NamedNode(r), ox.NamedNode(self.mint.checks(r)), ox.NamedNode(self.codes)
        source = self.mint.source(report.source.sha256)
        if ox.Quad(graph, _ox(PROV.wasDerivedFrom), _ox(source), graph) in self.store:
            return Added(name, "unchanged", self._count_findings(checks))
        previous = self._source_name(graph)
        findings = check_report(report).findings
        staged = {g: ox.NamedNode(f"{r}/staging/{part}") if previous else g
                  for g, part in ((graph, "report"), (checks, "checks"), (codes, "codes"))}
        quads = _quads(report_triples(report, self.base), staged[graph])
        quads += _quads(summation_triples(report, self.base), staged[graph])
        quads += _quads(validation_triples(report, findings, self.base), staged[checks])
        quads += _quads(code_list_triples(report, self.base), staged[codes])
        if previous is None:
            self.store.extend(quads)
            return Added(name, "added", len(findings))
        self.store.update(" ; ".join(f"DROP SILENT GRAPH <{g.value}>" for g in staged.values()))
        self.store.extend(quads)
        self.store.update(REPLACE.format(report=r, graph=graph.value, checks=checks.value, codes=codes.value,
                                         staged_graph=staged[graph].value, staged_checks=staged[checks].value,
                                         staged_codes=staged[codes].value))
        return Added(name, "replaced", len(findings), previous)

    def graphs(self) -> Iterator[tuple[str, list[ox.Triple]]]:
        """Every named graph of the store with its triples."""
        for g in sorted(self.store.named_graphs(), key=lambda n: n.value):
            yield g.value, [q.triple for q in self.store.quads_for_pattern(None, None, None, g)]

    def select(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Results:
        """Run a SELECT query with its parameters bound (SEP-0007 substitution), over all graphs of the store."""
        try:
            solutions = self.store.query(query.text, use_default_graph_as_union=True,
                                         substitutions={ox.Variable(k): _ox(v) for k, v in bindings.items()})
        except SyntaxError as exc:
            raise StoreError(f"{query.path}: not a valid SPARQL query: {exc}") from exc
        columns = tuple(v.value for v in solutions.variables)
        cache: dict = {}

        def value(term):
            if term is None:
                return None
            if term not in cache:
                cache[term] = plain(term.value, term.datatype.value if isinstance(term, ox.Literal) else None)
            return cache[term]

        return Results(columns, tuple(tuple(value(s[c]) for c in columns) for s in solutions))

    def run(self, query: NamedQuery, bindings: dict[str, URIRef | Literal]) -> Answer:
        """The answer to a SELECT (rows), ASK (true or false) or CONSTRUCT/DESCRIBE (triples) query."""
        if query.form == "SELECT":
            return self.select(query, bindings)
        try:
            answer = self.store.query(query.text, use_default_graph_as_union=True,
                                      substitutions={ox.Variable(k): _ox(v) for k, v in bindings.items()})
        except SyntaxError as exc:
            raise StoreError(f"{query.path}: not a valid SPARQL query: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return turtle(answer, query.prefixes)

    def optimize(self) -> None:
        """Compact the store after many writes: queries over many reports get several times faster."""
        self.store.optimize()

    def flush(self) -> None:
        if self.path is not None:
            self.store.flush()

    def close(self) -> None:
        """Write everything to disk and let go of the store directory, so that another process can open it."""
        self.flush()
        del self.store

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _source_name(self, graph: ox.NamedNode) -> str | None:
        source = next(self.store.quads_for_pattern(graph, _ox(PROV.wasDerivedFrom), None, graph), None)
        if source is None:
            return None
        label = next(self.store.quads_for_pattern(source.object, _ox(RDFS.label), None, graph), None)
        return PurePath(label.object.value).name if label else source.object.value

    def _count_findings(self, checks: ox.NamedNode) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, _ox(SH.result), None, checks))


def _ox(term: URIRef | Literal | BNode):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _quads(triples: Iterable[Triple], graph: ox.NamedNode) -> list[ox.Quad]:
    cache: dict = {}

    def conv(t):
        o = cache.get(t)
        if o is None:
            o = cache[t] = _ox(t)
        return o

    return [ox.Quad(conv(s), conv(p), conv(o), graph) for s, p, o in triples]
