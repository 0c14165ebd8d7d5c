"""The site in a real browser: headless Chromium (Debian's chromium package) driven by Playwright, against a store
of the corpus (the seed text, the three Putuo PDFs and three budgets of cn-budgets, one with a planted error).
Screenshots of each page are saved in a folder the test prints."""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ALL, CORPUS

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AUDIT = CORPUS / "cn-budgets" / "上海-2026年上海市审计局_部门预算.pdf"
BUDGETS = [AUDIT, CORPUS / "cn-budgets" / "无锡-信访局_2026年部门预算.pdf",
           CORPUS / "cn-budgets" / "烟台-2026年烟台市信访局部门预算.pdf"]
# the 三公 table of 上海市审计局 2026 (p. 19, 万元) as tests/truth prints it, with 运行费 moved from 28.00 to 28.10:
# its 小计 28.00 no longer equals 购置费 (blank) + 运行费
SANGONG = {"预算数/三公经费合计": "237.92", "预算数/因公出国（境）费": "201.80", "预算数/公务接待费": "8.12",
           "预算数/公务用车购置及运行费": "28.00", "预算数/公务用车运行费": "28.10"}


def planted(report):
    """The report with its 三公 table's 公务用车运行费 moved by 0.10 (as tests/test_corpus_truth.py plants errors)."""
    tables = []
    for t in report.tables:
        figures = tuple(replace(f, value=f.value + Decimal("0.10"))
                        if (t.kind, f.row.key, f.column) == ("sangong", "三公经费", "预算数/公务用车运行费") else f
                        for f in t.figures)
        tables.append(replace(t, figures=figures))
    return replace(report, tables=tuple(tables))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(store folder, every report loaded)."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph

    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser tests need it")
    pytest.importorskip("playwright", reason="Playwright is not installed (pip install -e '.[test]')")
    reports = [r for path in ALL + BUDGETS for r in read_file(path).reports]
    reports = [planted(r) if r.department == "上海市审计局" else r for r in reports]
    path = tmp_path_factory.mktemp("browser") / "store"
    with KnowledgeGraph(path) as kg:
        for r in reports:
            add_report(kg, r)
        kg.derive()  # as coakg load ends: the labels, summaries and description
    return path, reports


@pytest.fixture(scope="module")
def site(corpus):
    """The URL of coakg serve's application on a free port, served by waitress (as coakg serve) from a thread."""
    from waitress.server import create_server

    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    kg = KnowledgeGraph.read_only(corpus[0])
    server = create_server(create_app(kg), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)
    kg.close()


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    shots = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {shots}")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM), args=ARGS,
                                                       headless=True, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        yield page, shots
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_the_home_page_lists_every_report(site, browser, corpus):
    page, shots = browser
    page.goto(site + "/")
    rows = page.locator("#reports tr.report")
    assert rows.count() == len(corpus[1])
    text = page.locator("#reports").inner_text()
    for r in corpus[1]:
        assert r.department in text
    page.screenshot(path=str(shots / "home.png"), full_page=True)


def test_a_report_page_shows_the_sangong_table_and_marks_the_planted_error(site, browser):
    page, shots = browser
    page.goto(site + "/id/report/" + quote("上海市审计局") + "/2026/budget")
    table = page.locator('section[data-kind="sangong"]')
    assert "单位“三公”经费和机关运行经费预算表" in table.locator("h3").inner_text()
    cells = table.locator("table.grid td.num")
    figures = [c.locator("a").inner_text() for c in cells.all()]
    assert figures == ["237.92", "201.80", "8.12", "28.00", "28.10", "2,180.26"]
    failing = table.locator("td.failing")
    assert failing.count() == 1
    assert failing.locator("a").inner_text() == "28.00"
    assert "栏目勾稽" in failing.inner_text() and "28.10" in failing.inner_text()
    assert "19" in table.locator("p.meta").inner_text()  # the source page
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "report-sangong.png"))
    page.screenshot(path=str(shots / "report.png"), full_page=True)


def test_the_code_page_of_2010301_shows_every_departments_figures(site, browser, corpus):
    page, shots = browser
    page.goto(site + "/code/2010301")
    printing = [r for r in corpus[1] if any(f.row.scheme == "function" and f.row.key == "2010301"
                                            for t in r.tables for f in t.figures)]
    figures = sum(1 for r in printing for t in r.tables for f in t.figures
                  if f.row.scheme == "function" and f.row.key == "2010301")
    assert {r.department for r in printing} == {"广州市增城区政务服务数据管理局", "无锡市信访局"}
    assert page.locator("#figures tr.figure").count() == figures
    text = page.locator("#figures").inner_text()
    for r in printing:
        assert r.department in text
    assert page.locator("svg.chart rect").count() == len(printing)
    assert "行政运行" in page.locator("table.names").inner_text()
    page.screenshot(path=str(shots / "code-2010301.png"), full_page=True)


def test_the_sparql_endpoint_answers_a_query_and_refuses_an_update(site, browser, corpus):
    page, shots = browser
    page.goto(site + "/sparql")
    page.fill("textarea[name=query]", "PREFIX coakg: <https://coakg.org/ns#> SELECT DISTINCT ?d WHERE { "
                                      "GRAPH ?r { ?r a coakg:Report ; coakg:department ?d } } ORDER BY ?d")
    page.select_option("select[name=format]", "json")
    with page.expect_navigation():
        page.click("button[type=submit]")
    answer = json.loads(page.inner_text("body"))
    assert [b["d"]["value"] for b in answer["results"]["bindings"]] == sorted({r.department for r in corpus[1]})
    page.screenshot(path=str(shots / "sparql-answer.png"))
    page.goto(site + "/sparql")
    page.fill("textarea[name=query]", "PREFIX coakg: <https://coakg.org/ns#> DELETE WHERE { ?s coakg:amount ?o }")
    with page.expect_navigation() as navigation:
        page.click("button[type=submit]")
    assert navigation.value.status == 403
    assert "read-only" in page.inner_text("body")
    page.screenshot(path=str(shots / "sparql-update-refused.png"))
    page.goto(site + "/")
    assert page.locator("#reports tr.report").count() == len(corpus[1])  # nothing was deleted


def test_the_home_page_filters_by_facets_and_sorts_by_a_column(site, browser, corpus):
    from coakg.web import facets

    page, shots = browser
    page.goto(site + "/")
    shanghai = [r for r in corpus[1] if facets.place(r.department) == "上海市"]
    page.select_option('select[data-facet="place"]', "上海市")
    assert page.locator("#reports tr.report:visible").count() == len(shanghai) == int(page.inner_text("#shown"))
    page.select_option('select[data-facet="phase"]', "预算")
    assert page.locator("#reports tr.report:visible").count() == sum(r.document == "预算" for r in shanghai)
    page.screenshot(path=str(shots / "home-facets.png"), full_page=True)
    page.select_option('select[data-facet="place"]', "")
    page.select_option('select[data-facet="phase"]', "")
    page.click("#reports th:has-text('年度 Year')")
    years = [int(t) for t in page.locator("#reports tr.report td:nth-child(4)").all_inner_texts()]
    assert years == sorted(years) and len(years) == len(corpus[1])
    page.click("#reports th:has-text('年度 Year')")
    assert [int(t) for t in page.locator("#reports tr.report td:nth-child(4)").all_inner_texts()] == sorted(
        years, reverse=True)


def test_search_by_a_codes_name_and_a_query_page_with_labelled_columns(site, browser):
    page, shots = browser
    page.goto(site + "/")
    page.fill("input[name=q]", "行政运行")
    with page.expect_navigation():
        page.click("form.search button")
    assert "2010301" in page.locator("table").first.inner_text()
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    page.goto(site + "/queries/totals-by-function-class")
    heads = page.locator("table.results th").all_inner_texts()
    assert heads[:2] == ["阶段\nPhase", "年度\nYear"]
    years = page.locator("table.results tbody td:nth-child(2)").all_inner_texts()
    assert years and all(y.isdigit() for y in years)  # 2024, never 2,024
    page.screenshot(path=str(shots / "query-totals.png"), full_page=True)


def test_the_sparql_page_runs_an_example_and_shows_a_table_and_a_download(site, browser, corpus, tmp_path):
    page, shots = browser
    page.goto(site + "/sparql")
    page.select_option("#examples", "reports")
    assert "SELECT" in page.input_value("textarea[name=query]")
    with page.expect_navigation():
        page.click("button[type=submit]")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == len(corpus[1])
    page.screenshot(path=str(shots / "sparql-table.png"), full_page=True)
    with page.expect_download() as download:
        page.click("p.downloads button:has-text('CSV')")
    saved = tmp_path / "answer.csv"
    download.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == len(corpus[1]) + 1 and lines[0].startswith("department,year")


def test_a_report_page_lists_its_findings_by_row_in_chinese(site, browser):
    page, shots = browser
    page.goto(site + "/id/report/" + quote("上海市审计局") + "/2026/budget")
    findings = page.locator("table.findings")
    text = findings.inner_text()
    assert "栏目勾稽" in text and "a total column = sum of its columns" in text
    assert "28.00" in text and "28.10" in text and "-0.10" in text
    findings.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "report-findings.png"))
