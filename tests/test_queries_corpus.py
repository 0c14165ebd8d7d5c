"""Every named query across reports, on every corpus report loaded together, against the key figures read by hand
from the page images (tests/keyfigures): each report's answer is the figure it prints, in 万元, whatever its
publisher, layout, phase or unit. A figure coakg does not read yet (test_key_figures.GAPS) is left out."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest
from test_key_figures import GAPS, TRUTH, _reading

from coakg.errors import ReadError
from coakg.loading import add_report
from coakg.model import YUAN_PER_UNIT
from coakg.queries import find
from coakg.store import KnowledgeGraph

pytestmark = pytest.mark.slow


def wan(value: str, unit: str) -> Decimal:
    return Decimal(value) * YUAN_PER_UNIT[unit] / 10000


@pytest.fixture(scope="module")
def corpus():
    """The store of every corpus report, and per report (department, phase, year) its hand-read key figures in
    万元: (key or key/class) -> its value (or values, where two tables print it), None for a cell printed blank; the
    keys coakg does not read yet left out."""
    kg = KnowledgeGraph(None)
    expected: dict[tuple[str, str, int], dict[str, set[Decimal] | None]] = {}
    readings = [(path, _reading(json.loads(path.read_text(encoding="utf-8"))["file"])) for path in TRUTH]
    identities = Counter((r.department, r.document, r.year) for _, got in readings if not isinstance(got, ReadError)
                         for r in got.reports)
    for path, got in readings:
        if isinstance(got, ReadError):
            continue
        for report in got.reports:
            add_report(kg, report)
        truth = json.loads(path.read_text(encoding="utf-8"))
        for n, hand in enumerate(truth["reports"]):
            report = got.reports[min(n, len(got.reports) - 1)]
            who = (report.department, report.document, report.year)
            if identities[who] > 1 or (path.stem, "who") in GAPS:
                continue  # a file read as two reports of one identity, or of another year: its own reading problem
            figures: dict[str, set[Decimal] | None] = {}
            for key, cell in hand["figures"].items():  # the figure, or as another table prints it
                if cell and (path.stem, key) not in GAPS:
                    prints = [cell, *cell.get("also", [])]
                    figures[key] = {wan(c["value"], c.get("unit") or cell["unit"]) for c in prints if c.get("value")} \
                        if cell.get("value") else None
            for part, key in (("classes", "class-expenditure"), ("economic_classes", "basic-economic-class")):
                table = hand.get(part) or {}
                for code, value in (table.get("values") or {}).items():
                    if "/" not in code and (path.stem, f"{key}/{code}") not in GAPS and value is not None \
                            and Decimal(value) != 0:
                        figures[f"{key}/{code}"] = {wan(value, table["unit"])}
            expected[who] = figures
    kg.derive()
    yield kg, expected
    kg.close()


def ask(kg, name: str, **params) -> list[dict]:
    q = find(name)
    return kg.select(q, q.bind(params)).records()


def compare(expected, got: dict, keys: dict[str, str]) -> list[str]:
    """Where a query's answers (report identity -> column -> value) differ from the hand-read figures of ``keys``
    (key figure -> the query's column): a figure printed is answered exactly, a figure not printed not at all."""
    wrong = []
    for who, figures in expected.items():
        for key, column in keys.items():
            if key not in figures:
                continue
            answer = got.get(who, {}).get(column)
            want = figures[key]
            if (want is None and answer not in (None, 0)) or (want is not None and answer not in want):
                wrong.append(f"{who} {key}: printed {want}, answered {answer}")
    return wrong


def test_kind_totals_answer_every_report_of_every_city(corpus):
    kg, expected = corpus
    rows = ask(kg, "kind-totals", kind="")  # a kind every department's name contains: every report
    assert {r["unit"] for r in rows} == {"万元"}
    got = {(r["department"], r["phase"], r["year"]): r for r in rows}
    assert set(expected) <= set(got)
    assert compare(expected, got, {"expenditure-total": "expenditure", "basic-expenditure": "basic",
                                   "sangong-budget": "sangongBudget", "sangong-final": "sangongFinal"}) == []
    shenzhen = [r for r in ask(kg, "kind-totals", kind="深圳市") if r["phase"] == "预算"]
    assert len(shenzhen) == 4 and all(r["expenditure"] and r["sangongBudget"] for r in shenzhen)


def test_income_by_source_answers_every_report(corpus):
    kg, expected = corpus
    names = {"income-grand-total": "收入总计", "income-total": "本年收入合计", "fiscal-income": "财政拨款收入",
             "general-budget-income": "一般公共预算拨款收入", "government-fund-income": "政府性基金预算拨款收入",
             "state-capital-income": "国有资本经营预算拨款收入", "carry-over": "上年结转（结余）"}
    got: dict = {}
    for r in ask(kg, "income-by-source"):
        got.setdefault((r["department"], r["phase"], r["year"]), {})[r["source"]] = r["amount"]
    assert compare(expected, got, names) == []
    beijing = got[("北京市民政局", "预算", 2026)]
    assert (beijing["本年收入合计"], beijing["收入总计"]) == (Decimal("67538.364392"), Decimal("71094.166056"))


def test_personnel_costs_answer_budgets_and_final_accounts(corpus):
    kg, expected = corpus
    rows = ask(kg, "personnel-costs")
    got = {(r["department"], r["phase"], r["year"]): r for r in rows}
    assert compare(expected, got, {"personnel-costs": "personnel"}) == []
    assert {r["phase"] for r in rows} == {"预算", "决算"}
    assert compare({w: f for w, f in expected.items() if "personnel-costs" in f}, got,
                   {"public-costs": "running"}) == []


def test_sangong_by_department_answers_every_layout(corpus):
    kg, expected = corpus
    got: dict = {}
    items = {"合计": "", "因公出国（境）费": "-overseas", "公务用车购置及运行费": "-vehicle",
             "公务用车购置费": "-vehicle-purchase", "公务用车运行费": "-vehicle-operation", "公务接待费": "-reception"}
    for r in ask(kg, "sangong-by-department"):
        answers = got.setdefault((r["department"], r["phase"], r["year"]), {})
        answers[f"sangong{items[r['item']]}-budget"] = r["budget"]
        answers[f"sangong{items[r['item']]}-final"] = r["final"]
    keys = {f"sangong{i}-{stage}": f"sangong{i}-{stage}" for i in items.values() for stage in ("budget", "final")}
    assert compare(expected, got, keys) == []
    assert got[("泉州市公安局", "预算", 2026)]["sangong-budget"] == Decimal("1700.17")
    assert got[("深圳市发展和改革委员会", "预算", 2026)]["sangong-budget"] == Decimal("149.76")  # years as rows


def test_class_queries_answer_every_report_and_list_classes_only(corpus):
    kg, expected = corpus
    got: dict = {}
    for r in ask(kg, "kind-spending-by-class", kind=""):
        got.setdefault((r["department"], r["phase"], r["year"]), {})[f"class-expenditure/{r['class']}"] = r["amount"]
    classes = {k for figures in expected.values() for k in figures if k.startswith("class-expenditure/")}
    assert compare(expected, got, {k: k for k in classes}) == []
    totals = {(r["phase"], r["year"], r["class"]): r for r in ask(kg, "totals-by-function-class")}
    budgets_2026 = sum(1 for (_, phase, year) in got if (phase, year) == ("预算", 2026))
    assert max(r["departments"] for r in totals.values()) > budgets_2026 // 2  # the budgets of every city count
    for (phase, year, code), r in totals.items():
        assert code.startswith("2") and len(code) == 3
        assert r["total"] == sum(f.get(f"class-expenditure/{code}", 0) for (_, p, y), f in got.items()
                                 if (p, y) == (phase, year))
    economic = ask(kg, "basic-expenditure-by-economic-class")
    assert economic and all(r["class"][0] in "35" and len(r["class"]) == 3 for r in economic)


def test_the_chart_of_accounts_of_the_corpus_is_the_classifications_only(corpus):
    """Every concept of a classification's scheme, on the whole corpus, is a real code of it: digits only, its
    level from its length, its broader concept its prefix in the same scheme, its names those reports print beside
    it (none where a report prints a unit's number or a project there: its label is then its notation); a
    row repeated for units or projects, scoped to a unit or printing several codes is a printed row, never a
    concept."""
    kg, _ = corpus
    rows = kg.store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX coakg: <https://coakg.org/ns#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?c ?notation ?level ?broader ?scheme ?name WHERE {
          GRAPH ?codes { ?c skos:inScheme ?scheme . ?scheme dcterms:isVersionOf ?classification .
                         ?c skos:notation ?notation ; coakg:level ?level .
                         OPTIONAL { ?c skos:broader ?broader } OPTIONAL { ?c coakg:printedAs/rdfs:label ?name } }
        }""".replace("PREFIX skos", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n        PREFIX skos"))
    concepts: dict[str, list] = {}
    for r in rows:
        concepts.setdefault(r["c"].value, []).append(r)
    assert len(concepts) > 1000
    levels = {3: "类", 5: "款", 7: "项"}
    for iri, found in concepts.items():
        notation = found[0]["notation"].value
        assert notation.isdigit() and len(notation) in levels and iri.endswith(f"/{notation}"), iri
        assert found[0]["level"].value == levels[len(notation)], iri
        broader = {r["broader"].value for r in found if r["broader"] is not None}
        assert broader == ({iri[:-2]} if len(notation) > 3 else set()), iri
        names = {r["name"].value for r in found if r["name"] is not None}
        assert not any("｜" in n or n[:1].isdigit() for n in names), (iri, names)  # a unit's or project's
