from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest
from conftest import ALL, CZJ, SEED
from rdflib import Graph

from coakg.check import check_report, evaluate
from coakg.iris import Minter
from coakg.model import Report
from coakg.rdf import report_iri, to_graph
from coakg.rules import figures_by_cell, summations
from coakg.shacl import failing_totals, validate, validate_store


def mutate(report: Report, kind: str, key: str, column: str, delta: Decimal) -> Report:
    tables = []
    for t in report.tables:
        if t.kind == kind:
            figs = tuple(replace(f, value=f.value + delta) if (f.row.key, f.column) == (key, column) else f
                         for f in t.figures)
            t = replace(t, figures=figs)
        tables.append(t)
    return replace(report, tables=tuple(tables))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_real_reports_have_no_false_alarm(reports, path):
    """The four reports add up; the prose of 普陀区财政局 states 财政拨款收入支出总计 as 0.3 万元 (p21), which its
    财政拨款收入支出决算总表 prints as 2,961.68 (checked on the page images: tests/test_narrative.py)."""
    result = check_report(reports[path.name])
    genuine = [("narrative-figure", "财政拨款收入支出总计")] if path == CZJ else []
    assert [(f.rule, f.location.row_label) for f in result.findings] == genuine
    assert result.stats["summations"] > 100


def test_rounding_differences_are_tolerated(reports):
    r = reports[CZJ.name]
    cells = figures_by_cell(r)
    s301 = next(s for s in summations(r) if s.total.key == "301" and s.rule == "hierarchy-sum")
    assert sum(cells[c].value for _, c in s301.items if c in cells) == Decimal("2082.86")
    assert str(cells[s301.total].value) == "2082.85"


def test_planted_errors_are_located(reports):
    r = mutate(reports[SEED.name], "expenditure", "2010301", "基本支出", Decimal("1.00"))
    got = {(f.rule, f.location.table, f.location.row_code, f.location.column) for f in check_report(r).findings}
    assert ("hierarchy-sum", "expenditure", "20103", "基本支出") in got
    assert ("column-identity", "expenditure", "2010301", "本年支出合计") in got


def test_missing_table_is_reported(reports):
    r = reports[CZJ.name]
    r = replace(r, tables=tuple(t for t in r.tables if t.kind != "sangong"))
    got = [(f.rule, f.location.table) for f in check_report(r).findings if f.rule != "narrative-figure"]
    assert got == [("missing-table", "sangong")]  # beside the prose's 0.3 万元 (test_real_reports_have_no_false_alarm)


def test_code_name_conflict(reports):
    r = reports[CZJ.name]
    t = r.table("income")
    figs = tuple(replace(f, row=replace(f.row, label="别名")) if f.row.key == "2010601" and f.column == "其他收入"
                 else f for f in t.figures)
    r = replace(r, tables=tuple(replace(x, figures=figs) if x is t else x for x in r.tables))
    assert [(f.rule, f.location.row_code) for f in check_report(r).findings
            if f.rule != "narrative-figure"] == [("code-name-conflict", "2010601")]


def _touches(finding, kind, key, column) -> bool:
    return any((loc.table, loc.row_code, loc.column) == (kind, key, column)
               for loc in (finding.location, *finding.items))


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_mutation_every_figure_in_a_rule(reports, path):
    """Each figure taking part in a rule, changed by 1.00 (and by 0.10 where every rule's slack is below 0.10),
    gives a finding naming its table, row and column."""
    r = reports[path.name]
    cells = figures_by_cell(r)
    sums = summations(r)
    slack: dict = {}
    for s in sums:
        width = sum((Decimal("0.005") for _, c in [(1, s.total), *s.items] if c in cells), Decimal(0))
        for c in [s.total, *(c for _, c in s.items)]:
            slack[c] = max(slack.get(c, Decimal(0)), width)
    tested = 0
    for cell, _fig in cells.items():
        if cell not in slack:
            continue
        for delta in (Decimal("1.00"),) + ((Decimal("0.10"),) if slack[cell] < Decimal("0.10") else ()):
            findings = check_report(mutate(r, cell.table, cell.key, cell.column, delta)).findings
            assert any(_touches(f, cell.table, cell.key, cell.column) for f in findings), (cell, delta)
            tested += 1
    assert tested > 100


def _corpus_with_errors(reports) -> list[Report]:
    """The four real reports, and a copy of each (another department) with every 37th figure of a rule off by 1.00."""
    out = []
    for r in reports.values():
        out.append(r)
        cells = sorted({c for s in summations(r) for c in (s.total, *(c for _, c in s.items))} & figures_by_cell(r).keys())
        wrong = replace(r, department=r.department + "（改）")
        for c in cells[::37]:
            wrong = mutate(wrong, c.table, c.key, c.column, Decimal("1.00"))
        out.append(wrong)
    return out


@pytest.mark.slow
def test_three_engines_find_the_same_failing_totals(reports):
    """pySHACL (reference), the same constraint evaluated once on Oxigraph over all reports, and plain Python."""
    corpus = _corpus_with_errors(reports)
    graph = Graph()
    for r in corpus:
        graph += to_graph(r, with_summations=True)
    conforms, validation = validate(graph)
    by_pyshacl = failing_totals(validation)
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    by_oxigraph = {(v.focus, v.value) for v in validate_store(store)}
    by_python = set()
    for r in corpus:
        iri, mint = report_iri(r), Minter()
        cells = figures_by_cell(r)
        by_python |= {(str(iri), str(mint.observation(iri, s.total.table, s.total.scheme, s.total.key, s.total.column)))
                      for s in summations(r) if evaluate(s, cells)}
    assert not conforms
    assert len(by_python) > 40
    assert {focus for focus, _ in by_python} == {str(report_iri(r)) for r in corpus[1::2]}
    assert by_pyshacl == by_oxigraph == by_python


def test_fast_path_messages_carry_the_figures(reports):
    r = mutate(reports[SEED.name], "expenditure", "合计", "项目支出", Decimal("0.50"))
    store = ox.Store()
    store.bulk_load(to_graph(r, with_summations=True).serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    assert sorted(v.message for v in validate_store(store)) == [
        "column-identity: printed 5230.08, sum of parts 5230.58, allowed slack 0.03",
        "total-row: printed 4095.98, sum of parts 4095.48, allowed slack 0.025",
    ]
