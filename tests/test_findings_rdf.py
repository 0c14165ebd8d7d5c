"""Check results are valid SHACL results: every finding kind has a shape, and the validation report has what
the SHACL spec requires (tests/data/validation-report.ttl)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from conftest import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import RDF, Graph
from rdflib.namespace import SH

from coakg.check import check_report
from coakg.findings_rdf import RULE_SHAPES, SUMMATION_RULES, SUMMATION_SHAPE, validation_triples
from coakg.rdf import bind_prefixes, to_graph
from coakg.reader import read_file
from coakg.rules import summations
from coakg.shacl import shapes_graph
from coakg.tables import catalogue

REPORT_SHAPES = Path(__file__).parent / "data" / "validation-report.ttl"


def planted():
    """The example (one figure misprinted) with a finding of every other kind planted: the 三公 table left
    out, a code printed under a second name, a 款 of the expenditure table left out under its 项, and in its prose
    本年收入合计 stated as 12.00 万元 (the tables print 120.00) and a change of 20.00 万元 on 100.00 stated as 25%."""
    report = read_file(EXAMPLE).reports[0]
    said = {s.words: s for s in report.statements}
    income, total = said["本年收入合计"], said["收入支出总计"]
    assert total.change is not None
    wrong = {income: replace(income, amount=replace(income.amount, value=Decimal("12.00"))),
             total: replace(total, change=replace(total.change, percent=Decimal("25.00")))}
    report = replace(report, statements=tuple(wrong.get(s, s) for s in report.statements))
    tables = []
    for t in report.tables:
        if t.kind == "sangong":
            continue
        figs = t.figures
        if t.kind == "expenditure":
            coded = {f.row.key for f in figs if f.row.key.isdigit()}
            dropped = min(k for k in coded if len(k) == 5 and any(c[:5] == k and len(c) == 7 for c in coded))
            figs = tuple(f for f in figs if f.row.key != dropped)
        if t.kind == "general-budget":
            first = next(f for f in figs if f.row.key.isdigit() and len(f.row.key) == 7)
            figs = tuple(replace(f, row=replace(f.row, label="别名")) if f.row == first.row else f for f in figs)
        tables.append(replace(t, figures=figs))
    return replace(report, tables=tuple(tables))


def report_graph(report) -> Graph:
    g = bind_prefixes(Graph())
    for t in validation_triples(report, check_report(report).findings):
        g.add(t)
    return g


def test_every_rule_has_a_shape():
    assert set(SUMMATION_RULES) | set(RULE_SHAPES) == set(catalogue().rules)
    assert not set(SUMMATION_RULES) & set(RULE_SHAPES)
    assert {s.rule for s in summations(read_file(EXAMPLE).reports[0])} <= set(SUMMATION_RULES)
    shapes = shapes_graph()
    for shape in (SUMMATION_SHAPE, *RULE_SHAPES.values()):
        assert (shape, RDF.type, SH.NodeShape) in shapes and shapes.value(shape, SH.sparql) is not None, shape


def test_validation_report_of_every_finding_kind_is_valid_shacl():
    report = planted()
    rules = {f.rule for f in check_report(report).findings}
    assert {"missing-table", "missing-parent", "code-name-conflict", "narrative-figure", "narrative-change"} <= rules
    assert rules & set(SUMMATION_RULES)
    g = report_graph(report)
    conforms, _, text = validate(g, shacl_graph=Graph().parse(REPORT_SHAPES))
    assert conforms, text
    shapes = shapes_graph()
    for result in g.subjects(RDF.type, SH.ValidationResult):
        assert g.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
        assert (g.value(result, SH.sourceShape), RDF.type, SH.NodeShape) in shapes


def test_a_consistent_report_is_a_valid_report_too():
    report = read_file(EXAMPLE).reports[0]
    report = replace(report, tables=tuple(replace(t, figures=()) for t in report.tables))
    g = report_graph(report)
    assert g.value(next(g.subjects(RDF.type, SH.ValidationReport)), SH.conforms).toPython() is True
    conforms, _, text = validate(g, shacl_graph=Graph().parse(REPORT_SHAPES))
    assert conforms, text


def test_report_shapes_catch_a_result_without_its_component():
    g = report_graph(planted())
    g.remove((next(g.subjects(RDF.type, SH.ValidationResult)), SH.sourceConstraintComponent, None))
    conforms, _, _ = validate(g, shacl_graph=Graph().parse(REPORT_SHAPES))
    assert not conforms


def shape_values(report, rules) -> dict[str, tuple[set[str], set[str]]]:
    """Per rule, the values its shape's query finds for the report (given as its target) and the values of the
    check's results of that rule."""
    store = ox.Store()
    store.load(to_graph(report).serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    results = report_graph(report)
    shapes = shapes_graph()
    prefixes = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for d in shapes.objects(None, SH.declare)}
    values = {}
    for rule in rules:
        shape = RULE_SHAPES[rule]
        select = str(shapes.value(shapes.value(shape, SH.sparql), SH.select)).replace("$this", "?this")
        query = f"SELECT ?value WHERE {{ ?this a <https://coakg.org/ns#Report> . {{ {select} }} }}"
        values[rule] = ({row["value"].value for row in store.query(query, prefixes=prefixes)},
                        {str(results.value(r, SH.value)) for r in results.subjects(SH.sourceShape, shape)})
    return values


def test_rule_shapes_state_what_the_check_finds():
    """Each rule shape's query, given the report as its target, finds the values of the check's results."""
    for rule, (found, expected) in shape_values(planted(), RULE_SHAPES).items():
        assert expected, rule
        if rule == "missing-parent":  # the check names one observation of the code, the query every one
            assert expected <= found and {o.rsplit("/", 1)[0] for o in found} == {
                o.rsplit("/", 1)[0] for o in expected}, rule
        else:
            assert found == expected, rule


def test_report_shapes_are_valid_shacl():
    shapes = Graph().parse(REPORT_SHAPES)
    conforms, _, text = validate(shapes, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


_AMOUNTS = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def _prose(draw):
    """Statements of the example's key figures and of changes, their amounts, units, decimals and changes drawn."""
    from coakg.model import Amount, Change, Statement

    found = []
    for words in draw(st.lists(st.sampled_from(["本年收入合计", "收入支出总计", "财政拨款收入支出总计", "三公经费预算数",
                                                "基本支出"]), min_size=1, max_size=4)):
        places = draw(st.integers(0, 4))
        value = draw(_AMOUNTS).quantize(Decimal(1).scaleb(-places))
        amount = Amount(value, places, draw(st.sampled_from(["万元", "万元", "元"])))
        change = None
        if draw(st.booleans()):
            cp, pp = draw(st.integers(0, 3)), draw(st.integers(0, 3))
            by = draw(_AMOUNTS).quantize(Decimal(1).scaleb(-cp))
            percent = draw(st.decimals(min_value=-200, max_value=200, places=2, allow_nan=False,
                                       allow_infinity=False)).quantize(Decimal(1).scaleb(-pp))
            change = Change(Amount(by, cp, amount.unit), draw(st.booleans()), percent, pp)
        found.append(Statement(words, amount, f"{words}{value}{amount.unit}", draw(st.integers(1, 9)), None, change))
    return tuple(found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_prose())
def test_the_prose_shapes_find_what_the_check_finds_for_any_prose(prose):
    """For statements drawn at random (amounts near and far from the example's key figures, in 万元 or 元, changes
    that agree or not, rises, falls and nothing), the shapes NarrativeFigure and NarrativeChange find exactly the
    statements the check finds."""
    report = replace(read_file(EXAMPLE).reports[0], statements=prose)
    for rule, (found, expected) in shape_values(report, ("narrative-figure", "narrative-change")).items():
        assert found == expected, rule
