"""Render a report's findings as a SHACL validation report (sh:ValidationReport), in triples.

A summation finding is the result the Summation shape gives (focus node: the
report; value: the failing total observation), with the figures that show it;
a structure or code finding names the table, observation or code it is about, a
finding on the prose the statement (coakg:Statement), and the shape of
shapes/rules.ttl that states its rule. Every result has the
mandatory sh:focusNode, sh:resultSeverity and sh:sourceConstraintComponent
(all shapes are SHACL-SPARQL constraints), and sh:sourceShape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SH, XSD

from .findings import Finding, Location
from .iris import DEFAULT_BASE, Minter
from .model import Report
from .narrative_check import NARRATIVE
from .rdf import Triple, report_iri
from .vocab import COAKG

SHAPES = "https://coakg.org/shapes#"
SUMMATION_SHAPE = URIRef(SHAPES + "Summation")
# the rules whose findings are failing coakg:Summation nodes, results of SUMMATION_SHAPE (shapes/summation.ttl)
SUMMATION_RULES = ("hierarchy-sum", "total-row", "column-identity", "row-identity", "balance", "cross-table")
# the shape each rule that is not a summation comes from (shapes/rules.ttl)
RULE_SHAPES = {rule: URIRef(SHAPES + shape) for rule, shape in (
    ("missing-table", "MissingTable"), ("missing-parent", "MissingParent"), ("code-name-conflict", "CodeNameConflict"),
    ("narrative-figure", "NarrativeFigure"), ("narrative-change", "NarrativeChange"))}


def message(f: Finding) -> str:
    if f.expected is not None:  # a summation finding
        return f"{f.rule}: printed {f.actual}, sum of parts {f.expected}, allowed slack {f.slack}"
    return f"{f.rule}: {f.message}"


def validation_triples(report: Report, findings: Iterable[Finding], base: str = DEFAULT_BASE) -> Iterator[Triple]:
    mint = Minter(base)
    r = report_iri(report, base)
    node = mint.checks(r)
    findings = list(findings)
    yield node, RDF.type, SH.ValidationReport
    yield node, SH.conforms, Literal(not findings)
    for n, f in enumerate(findings):
        result = mint.check_result(r, n)
        yield node, SH.result, result
        yield result, RDF.type, SH.ValidationResult
        yield result, SH.focusNode, r
        yield result, SH.resultSeverity, SH.Violation
        yield result, SH.resultMessage, Literal(message(f))
        yield result, COAKG.rule, Literal(f.rule)
        yield result, SH.value, _subject(mint, r, report.year, f)
        yield result, SH.sourceShape, SUMMATION_SHAPE if f.expected is not None else RULE_SHAPES[f.rule]
        yield result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent
        if f.expected is not None:  # a summation finding
            for p, v in ((COAKG.expected, f.expected), (COAKG.actual, f.actual), (COAKG.slack, f.slack)):
                yield result, p, Literal(v, datatype=XSD.decimal)


def _subject(mint: Minter, r: URIRef, year: int, f: Finding) -> URIRef:
    loc: Location = f.location
    if loc.table == NARRATIVE:  # the statement of the prose, by its number
        return mint.statement(r, int(loc.row_code))
    if f.rule == "code-name-conflict":
        return mint.code(loc.scheme, loc.row_code, year)
    if loc.column:
        return mint.observation(r, loc.table, loc.scheme, loc.row_code, loc.column)
    return mint.table(r, loc.table)
