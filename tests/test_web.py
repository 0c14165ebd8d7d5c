"""The site of a store (coakg serve) through Flask's test client: content negotiation for every kind of resource,
the pages, a name that is markup shown as text, paths outside the site refused, the SPARQL endpoint."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from urllib.parse import quote, unquote
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from conftest import CZJ, EXAMPLE

SCRIPT = "<script>alert(1)</script>局"
BASE = "https://coakg.org/id/"
EXAMPLE_REPORT = BASE + "report/" + quote("示例市示例局") + "/2024/final"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of the bundled example (two findings: 20103 基本支出 and the income table's 合计 row) and of the
    same file read as another department whose name is markup."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph

    path = tmp_path_factory.mktemp("web") / "store"
    with KnowledgeGraph(path) as kg:
        add_report(kg, read_file(EXAMPLE).reports[0])
        add_report(kg, read_file(EXAMPLE, SCRIPT, 2023).reports[0])
        kg.derive()
    return path


@pytest.fixture(scope="module")
def client(store):
    from coakg.store import KnowledgeGraph
    from coakg.web.app import Limits, create_app

    kg = KnowledgeGraph.read_only(store)
    app = create_app(kg, Limits(timeout=10, results=5))
    yield app.test_client()
    kg.close()


def path_of(iri: str) -> str:
    return "/id/" + iri.removeprefix(BASE)


def example(part: str = "") -> str:
    return path_of(EXAMPLE_REPORT + part)


# one resource of every kind: (path, a triple its description holds, as N-Triples)
RESOURCES = {
    "report": (example(), f'<{EXAMPLE_REPORT}> <https://coakg.org/ns#department> "示例市示例局" .'),
    "table": (example("/table/sangong"), f'<{EXAMPLE_REPORT}/table/sangong> <https://coakg.org/ns#tableKind> "sangong" .'),
    "observation": (example("/obs/expenditure/function/20103/basic-expenditure"),
                    f'<{EXAMPLE_REPORT}/obs/expenditure/function/20103/basic-expenditure> <https://coakg.org/ns#amount> '
                    '"70"^^<http://www.w3.org/2001/XMLSchema#decimal> .'),
    "code": ("/id/code/function/2024/2010301",
             '<https://coakg.org/id/code/function/2024/2010301> <http://www.w3.org/2004/02/skos/core#notation> "2010301" .'),
    "scheme": ("/id/scheme/function",
               '<https://coakg.org/id/scheme/function> <http://www.w3.org/2004/02/skos/core#prefLabel> "支出功能分类科目"@zh .'),
    "column": ("/id/column/business-income",
               '<https://coakg.org/id/column/business-income> <http://www.w3.org/2004/02/skos/core#prefLabel> "经营收入"@zh .'),
    "checks result": (example("/checks/0"), f'<{EXAMPLE_REPORT}/checks/0> <https://coakg.org/ns#rule> "hierarchy-sum" .'),
    "structure": ("/id/structure/report", "<https://coakg.org/id/structure/report> "
                  "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/linked-data/cube#DataStructureDefinition> ."),
}


def source_path(client) -> str:
    turtle = client.get(example(), headers={"Accept": "text/turtle"}).data
    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return path_of(next(t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"
                        and t.subject.value == EXAMPLE_REPORT))


@pytest.mark.parametrize("kind", list(RESOURCES))
@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
])
def test_every_kind_of_resource_is_negotiated_by_accept_and_by_extension(client, kind, accept, media, fmt):
    path, triple = RESOURCES[kind]
    expected = next(iter(ox.parse(triple.encode(), format=ox.RdfFormat.N_TRIPLES)))
    extension = {"ttl": ".ttl", "jsonld": ".jsonld", "nt": ".nt"}[fmt.file_extension]
    for response in (client.get(path, headers={"Accept": accept}), client.get(path + extension)):
        assert response.status_code == 200, (path, response.data[:300])
        assert response.mimetype == media
        assert "Accept" in response.headers["Vary"].split(", ")
        assert expected in set(ox.parse(response.data, format=fmt))


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_every_kind_of_resource_is_a_page_for_a_browser(client, kind):
    path, _ = RESOURCES[kind]
    response = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Vary"] == "Accept"
    assert "<!doctype html>" in response.get_data(as_text=True)


def test_a_source_document_dereferences(client):
    path = source_path(client)
    nt = client.get(path + ".nt").get_data(as_text=True)
    assert '<http://www.w3.org/2000/01/rdf-schema#label> "示例市示例局2024年度部门决算.txt"' in nt
    assert client.get(path).mimetype == "text/html"


def test_a_description_labels_what_it_points_to(client):
    nt = client.get(example("/obs/expenditure/function/20103/basic-expenditure.nt")).get_data(as_text=True)
    assert f'<{EXAMPLE_REPORT}/table/expenditure> <http://purl.org/dc/terms/title> "支出决算表"@zh .' in nt
    # the printed row the figure is in: its printed name and the line it is printed on
    row = re.search(rf'<{re.escape(EXAMPLE_REPORT)}/obs/expenditure/function/20103/basic-expenditure> '
                    r'<https://coakg.org/ns#inPrintedRow> <([^>]+)>', nt).group(1)
    assert f'<{row}> <https://coakg.org/ns#rowLabel> "政府办公厅（室）及相关机构事务"@zh .' in nt
    assert f'<{row}> <https://coakg.org/ns#line> "38"^^<http://www.w3.org/2001/XMLSchema#integer> .' in nt


def test_unknown_resources_and_unacceptable_forms(client):
    assert client.get("/id/report/nobody/2024/final").status_code == 404
    assert client.get("/id/report/nobody/2024/final.ttl").status_code == 404
    assert client.get("/code/9999999").status_code == 404
    assert client.get("/department/nobody").status_code == 404
    assert client.get("/queries/nothing").status_code == 404
    assert client.get(example(), headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("path", ["/../etc/passwd", "/id/../../etc/passwd", "/static/../../../etc/passwd",
                                  "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/id/%2e%2e/%2e%2e/etc/passwd",
                                  "/static/%252e%252e/%252e%252e/etc/passwd", "/static/..\\..\\etc\\passwd",
                                  "/queries/..%2F..%2Fqueries%2Freports.rq"])
def test_a_path_outside_the_site_is_refused(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"root:" not in response.data


def test_a_name_that_is_markup_is_shown_as_text(client):
    iri = BASE + "report/" + quote(SCRIPT, safe="") + "/2023/final"
    for path in ("/", path_of(iri), "/department/" + quote(SCRIPT, safe=""), "/code/2010301"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in html, path


def test_the_home_page_lists_every_report_and_the_findings(client):
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="report"') == 2
    assert "示例市示例局2024年度部门决算" in html
    assert "上级科目等于下级科目之和" in html and "栏目勾稽" in html  # the rules by name, not by key
    # facets with each value's count, rows carrying what they are filtered by, a chart of the reports by city
    assert '<select data-facet="place">' in html and '<option value="示例市">示例市 (1)</option>' in html
    assert '<option value="2024">2024 (1)</option>' in html and '<option value="有发现">有发现 (2)</option>' in html
    assert 'data-place="示例市" data-kind="示例局" data-year="2024" data-phase="决算" data-found="有发现"' in html
    assert '<svg class="chart"' in html and 'class="data sortable" id="reports"' in html
    assert client.get("/static/tables.js").status_code == 200


def test_the_report_page_shows_the_tables_as_printed_and_marks_the_failing_cells(client):
    html = client.get(example()).get_data(as_text=True)
    titles = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
              "一般公共预算财政拨款基本支出决算表", "“三公”经费", "政府性基金预算财政拨款收入支出决算表"]
    tables = html.split("<h2>表 Tables")[1]
    positions = [tables.find(t) for t in titles]
    assert -1 not in positions[:3] and positions[:3] == sorted(positions[:3])
    # the two failing totals, each highlighted with its finding: 20103 基本支出 (70.00 printed, parts 71) and the
    # income table's 合计 row
    failing = html.split('class="num failing"')[1:]
    assert len(failing) == 2
    assert any("70.00" in cell.split("</td>")[0] and "应为 71" in cell.split("</td>")[0] for cell in failing)
    # the findings in Chinese with English beside, each with its table, row (code and name), column, printed and
    # expected figures, difference and page
    findings = html.split('<table class="data findings">')[1].split("</table>")[0]
    rows = findings.split('<tr class="finding-row">')[1:]
    assert len(rows) == 2
    basic = next(r for r in rows if ">20103</a>" in r)
    assert "支出决算表" in basic and "基本支出" in basic and "上级科目等于下级科目之和" in basic
    assert "parent code = sum of its children" in basic
    assert [c.split("</td>")[0] for c in re.findall(r'class="num">(?:<a [^>]*>)?([^<]*)', basic)][:3] == [
        "70.00", "71.00", "-1.00"]
    assert "hierarchy-sum" not in findings  # the rule's names, not its key
    # the summary table printed in halves: 收入 and 支出 side by side on one row
    row = next(r for r in html.split("<tr>") if "一、一般公共预算财政拨款收入" in r)
    assert "一、一般公共服务支出" in row and "120.00" in row and "100.00" in row


def test_the_code_page_shows_names_parents_and_every_departments_figures(client):
    html = client.get("/code/2010301").get_data(as_text=True)
    assert "20103" in html and "行政运行" in html
    assert html.count('class="figure"') > 0 and "<svg" in html
    assert "示例市示例局" in html and "&lt;script&gt;" in html


def test_the_department_and_scheme_pages(client):
    html = client.get("/department/" + quote("示例市示例局")).get_data(as_text=True)
    assert "<svg" in html and "201" in html
    tree = client.get("/id/scheme/function/2024").get_data(as_text=True)
    assert "<details>" in tree and "2010301" in tree
    assert "function" in client.get("/schemes").get_data(as_text=True)


def test_a_named_query_page_has_a_form_and_downloads(client):
    html = client.get("/queries/figures-for-code").get_data(as_text=True)
    assert '<input name="code"' in html
    answer = client.get("/queries/figures-for-code?code=2010301&format=csv")
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {r["department"] for r in rows} == {"示例市示例局", SCRIPT}
    records = client.get("/queries/reports?format=json").get_json()
    assert sorted(r["year"] for r in records) == [2023, 2024]
    assert client.get("/queries/department-expenditure?department=x&year=notayear").status_code == 400


def test_a_named_query_page_labels_its_columns_and_writes_years_amounts_and_links_as_a_report_would(client):
    """Columns headed in Chinese with English beside; a year as printed (2024, not 2,024); amounts right-aligned
    with the two decimals reports print (70.00, not 70); departments and codes linked to their pages."""
    html = client.get("/queries/figures-for-code?code=2010301").get_data(as_text=True)
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert "部门<br><small>Department</small>" in head and "金额<br><small>Amount</small>" in head
    body = html.split("<tbody>")[1]
    assert "<td>2024</td>" in body and "2,024" not in body
    assert re.search(r'<td class="num">\d[\d,]*\.\d\d</td>', body)
    assert '<a href="/department/' in body and '<a href="/code/2010301">2010301</a>' in body
    # an answer of a few rows in one unit is drawn too: a bar a row, labelled by its names and years
    chart = client.get("/queries/totals-by-function-class").get_data(as_text=True).split('<svg class="chart"')[1]
    assert "合计（万元）" in chart and "决算 2024 201" in chart and chart.count("<rect") >= 2


def test_every_variable_of_every_named_query_has_a_label():
    from coakg.answer_columns import LABELS
    from coakg.queries import available

    missing = set()
    for q in available():
        clause = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE\s*\{", q.text, re.S).group(1)
        names = re.findall(r"\bAS\s+\?(\w+)", clause)  # (expression AS ?name), then the plain ?names
        names += re.findall(r"\?(\w+)", re.sub(r"\((?:[^()]|\([^()]*\))*\)", " ", clause))
        missing |= {(q.name, n) for n in names if n not in LABELS}
    assert not missing


SELECT = "PREFIX coakg: <https://coakg.org/ns#> SELECT ?d ?y WHERE { ?r a coakg:Report ; coakg:department ?d ; coakg:year ?y } ORDER BY ?y"


@pytest.mark.parametrize(("fmt", "media"), [("json", "application/sparql-results+json"),
                                            ("xml", "application/sparql-results+xml"), ("csv", "text/csv"),
                                            ("tsv", "text/tab-separated-values")])
def test_the_sparql_endpoint_answers_select_in_each_format(client, fmt, media):
    by_accept = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": media})
    by_param = client.post("/sparql", data={"query": SELECT, "format": fmt})
    direct = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query",
                         headers={"Accept": media})
    for response in (by_accept, by_param, direct):
        assert response.status_code == 200 and response.mimetype == media
        text = response.get_data(as_text=True)
        if fmt == "json":
            values = [(b["d"]["value"], b["y"]["value"]) for b in json.loads(text)["results"]["bindings"]]
        elif fmt == "xml":
            ns = {"s": "http://www.w3.org/2005/sparql-results#"}
            values = [tuple(b.find("s:literal", ns).text for b in r.findall("s:binding", ns))
                      for r in ElementTree.fromstring(text).find("s:results", ns)]
        elif fmt == "csv":
            values = [tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:]]
        else:
            lines = text.splitlines()
            assert lines[0] == "?d\t?y"
            values = [tuple(v.split("^^")[0].strip('"') for v in line.split("\t")) for line in lines[1:]]
        assert values == [(SCRIPT, "2023"), ("示例市示例局", "2024")]


def test_the_sparql_page_has_examples_and_answers_a_person_with_a_table(client):
    """The form offers the named queries that take no parameter as examples; a query sent from it (format=html,
    or a browser's Accept) is answered as a page: a table of its solutions (IRIs linked, numbers right-aligned,
    names as text), a yes or no for ASK, Turtle for CONSTRUCT, the error of a query that does not parse; the
    query stays in the form."""
    form = client.get("/sparql").get_data(as_text=True)
    assert '<option value="reports">' in form and '<template id="example-reports">' in form
    page = client.post("/sparql", data={"query": SELECT, "format": "html"}, headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    table = html.split('<table class="data results sortable">')[1].split("</table>")[0]
    assert '<td class="num">2024</td>' in table and "<td>示例市示例局</td>" in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in table and "<script>alert" not in table
    assert "?d ?y WHERE" in html.split("<textarea")[1]  # the query, to change and run again
    by_browser = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/html,*/*;q=0.8"})
    assert by_browser.mimetype == "text/html"
    ask = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", "format": "html"}).get_data(as_text=True)
    assert "<strong>是 true</strong>" in ask
    built = client.post("/sparql", data={"format": "html", "query": "CONSTRUCT { ?r a <https://coakg.org/ns#Report> }"
                                          " WHERE { GRAPH ?r { ?r a <https://coakg.org/ns#Report> } }"})
    assert '<pre class="turtle">' in built.get_data(as_text=True)
    bad = client.post("/sparql", data={"query": "SELECT nothing", "format": "html"})
    assert bad.status_code == 400 and '<p class="error">' in bad.get_data(as_text=True)
    links = client.post("/sparql", data={"format": "html", "query": "SELECT ?r WHERE { GRAPH ?r { ?r a "
                                          "<https://coakg.org/ns#Report> } }"}).get_data(as_text=True)
    assert '<a href="/id/report/' in links
    script = client.post("/sparql", data={"format": "html", "query": 'SELECT ?x WHERE { BIND(IRI("javascript:'
                                           'alert(1)") AS ?x) }'}).get_data(as_text=True)
    assert 'href="javascript:' not in script and "javascript:alert(1)" in script  # shown, never a link


def test_the_sparql_endpoint_is_read_only_and_limited(client, store):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for response in (client.post("/sparql", data={"update": update}),
                     client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
                     client.get("/sparql", query_string={"query": update}),
                     client.post("/sparql", data={"query": "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }"})):
        assert response.status_code == 403
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:8890/sparql> { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": federated}).status_code == 403
    named = 'SELECT ?x WHERE { VALUES ?x { "SERVICE" <urn:x#SERVICE> } } # SERVICE'
    assert client.get("/sparql", query_string={"query": named, "format": "csv"}).get_data(as_text=True).split() == \
        ["x", "SERVICE", "urn:x#SERVICE"]
    ask = client.get("/sparql", query_string={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).get_json()
    assert ask["boolean"] is False
    assert client.get("/sparql", query_string={"query": "SELECT nonsense"}).status_code == 400
    many = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(many.get_json()["results"]["bindings"]) == 5 and "X-Coakg-Truncated" in many.headers
    construct = client.get("/sparql", query_string={"query": f"CONSTRUCT WHERE {{ <{EXAMPLE_REPORT}> ?p ?o }}"},
                           headers={"Accept": "text/turtle"})
    assert construct.mimetype == "text/turtle" and len(list(ox.parse(construct.data, format=ox.RdfFormat.TURTLE))) == 5


def test_the_sparql_endpoint_stops_a_query_at_its_time_limit(store):
    from coakg.store import KnowledgeGraph
    from coakg.web.app import Limits, create_app

    with KnowledgeGraph.read_only(store) as kg:
        client = create_app(kg, Limits(timeout=0.2, results=10)).test_client()
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        response = client.get("/sparql", query_string={"query": slow})
        assert response.status_code == 503


@pytest.mark.slow
def test_publish_static_writes_every_page_and_resource_with_relative_links(store, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from coakg.cli import app

    monkeypatch.setattr("coakg.web.site.FIGURES_PER_PAGE", 1)  # served, a page a report; the static page holds all
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["publish", "--static", str(site), "--store", str(store)])
    assert result.exit_code == 0, result.output
    report = site / "id" / "report" / "示例市示例局" / "2024" / "final"
    for suffix in (".html", ".ttl", ".jsonld", ".nt"):
        assert report.with_name("final" + suffix).is_file()
    # a figure is a cell of its report's page (its id the IRI below the report's) and in the report's downloads
    assert not (report / "obs").exists()
    assert '"70"^^<http://www.w3.org/2001/XMLSchema#decimal>' in report.with_name("final.nt").read_text(encoding="utf-8")
    assert 'id="obs/expenditure/function/20103/basic-expenditure"' in report.with_name("final.html").read_text(
        encoding="utf-8")
    assert (site / "code" / "2010301.html").is_file() and (site / "static" / "site.css").is_file()
    assert (site / "queries" / "reports.csv").is_file() and (site / "queries" / "figures-for-code.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="static/site.css"' in home
    assert 'href="id/report/%E7%A4%BA%E4%BE%8B%E5%B8%82%E7%A4%BA%E4%BE%8B%E5%B1%80/2024/final.html"' in home
    page = report.with_name("final.html").read_text(encoding="utf-8")
    assert 'href="../../../../static/site.css"' in page and 'href="../../../../code/20103.html"' in page
    assert "<script>" not in (site / "index.html").read_text(encoding="utf-8")
    code = (site / "code" / "2010301.html").read_text(encoding="utf-8")
    assert "2 份报告印有此科目，共 32 个数字" in code and code.count('class="figure"') == 32  # 16 a report
    assert "示例市示例局" in code and "&lt;script&gt;" in code
    assert 'rel="next"' not in code and "format=csv" not in code
    # every relative link of a page names a file the site holds
    for html in (site / "index.html", report.with_name("final.html"), site / "code" / "2010301.html"):
        for href in re.findall(r'href="([^"#?]+)"', html.read_text(encoding="utf-8")):
            if not href.startswith(("http:", "https:")):
                assert (html.parent / unquote(href)).resolve().is_file(), (html, href)


def test_publish_needs_exactly_one_target_and_serve_refuses_a_bad_store_or_base(store, tmp_path):
    from typer.testing import CliRunner

    from coakg.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["publish", "--store", str(store)]).exit_code == 2
    both = runner.invoke(app, ["publish", "--store", str(store), "--static", str(tmp_path / "s"),
                               "--endpoint", "http://127.0.0.1:9/sparql"])
    assert both.exit_code == 2 and "exactly one" in both.output
    assert runner.invoke(app, ["serve", "--store", str(tmp_path / "none")]).exit_code == 2
    assert runner.invoke(app, ["serve", "--store", str(store), "--base", "https://example.org/"]).exit_code == 2


def test_the_cli_defaults_match_the_web_layer():
    from coakg.cli import serve
    from coakg.web import app

    assert (serve.DEFAULT_TIMEOUT, serve.DEFAULT_LIMIT) == (app.DEFAULT_TIMEOUT, app.DEFAULT_LIMIT)


def test_every_page_query_is_a_file_with_a_header_and_bound_parameters():
    """The site's SPARQL lives in pages/*.rq (bundled as coakg/data/pages): each parses, says what it asks, and
    each parameter is a variable of the query (bound as an RDF term, never pasted)."""
    from rdflib.plugins.sparql import prepareQuery

    from coakg.queries import page_queries

    queries = page_queries()
    assert {q.name for q in queries} >= {"reports", "report", "report-cells", "report-findings", "code-figures",
                                         "report-spending", "scheme-concepts", "describe"}
    for q in queries:
        prepareQuery(q.text)
        assert q.title and q.question, q.name
        for p in q.parameters:
            assert f"?{p.name}" in q.text.split("SELECT", 1)[-1].split("CONSTRUCT", 1)[-1], (q.name, p.name)


@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory, reports):
    """The site of a store of the four real reports."""
    from coakg.loading import add_report
    from coakg.store import KnowledgeGraph
    from coakg.web.app import Limits, create_app

    path = tmp_path_factory.mktemp("web-corpus") / "store"
    kg = KnowledgeGraph(path)  # kept open for writing: its pages are made in this process (worker.call), where a
    for r in reports.values():  # test sets how many figures a code page holds
        add_report(kg, r)
    yield create_app(kg, Limits(timeout=30, results=1000)).test_client()
    kg.close()


OBSERVATION_LINK = re.compile(r'href="(/id/report/[^"]*/obs/[^"]*)"')


@pytest.mark.parametrize(("code", "printing"), [("2010301", 1), ("2080505", 4)])
def test_the_code_page_shows_every_departments_figures_a_page_of_reports_at_a_time(corpus_client, reports,
                                                                                 monkeypatch, code, printing):
    from coakg.iris import Minter
    from coakg.rdf import report_iri

    mint = Minter(BASE)
    printed = {unquote(path_of(str(mint.observation(report_iri(r), t.kind, f.row.scheme, f.row.key, f.column))))
               for r in reports.values() for t in r.tables for f in t.figures
               if f.row.scheme == "function" and f.row.key == code}
    departments = {r.department for r in reports.values() if any(
        f.row.key == code for t in r.tables for f in t.figures)}
    assert len(departments) == printing and len(printed) > 10
    whole = corpus_client.get(f"/code/{code}").get_data(as_text=True)
    assert {unquote(p) for p in OBSERVATION_LINK.findall(whole)} == printed  # one page holds them all
    assert f"{printing} 份报告印有此科目，共 {len(printed)} 个数字" in whole and "下一页" not in whole
    monkeypatch.setattr("coakg.web.site.FIGURES_PER_PAGE", 10)  # whole reports a page, some 10 figures each
    seen: list[str] = []
    shown: set[str] = set()
    page = 1
    while True:
        html = corpus_client.get(f"/code/{code}?page={page}").get_data(as_text=True)
        links = [unquote(p) for p in OBSERVATION_LINK.findall(html)]
        shown |= {d for d in departments if d in html.split('id="figures"')[1]}
        seen += links
        if 'rel="next"' not in html:
            break
        assert f'href="/code/{code}?page={page + 1}"' in html
        page += 1
    assert page == (1 if printing == 1 else printing) and sorted(seen) == sorted(printed) and shown == departments
    assert corpus_client.get(f"/code/{code}?page={page + 1}").status_code == 404
    assert corpus_client.get(f"/code/{code}?page=x").status_code == 404


def test_a_large_report_is_served_a_part_at_a_time_and_every_figure_on_one_page(corpus_client, reports, monkeypatch):
    """Issue 23: a report of more printed cells than a page holds is shown whole tables, or rows of a large table, a
    page at a time, with the list of its tables and the pages that hold each; every figure is on exactly one page."""
    from coakg.iris import Minter
    from coakg.rdf import report_iri

    report = max(reports.values(), key=lambda r: sum(len(t.figures) for t in r.tables))
    mint, iri = Minter(BASE), report_iri(report)
    printed = sorted(unquote(path_of(str(mint.observation(iri, t.kind, f.row.scheme, f.row.key, f.column))))
                     for t in report.tables for f in t.figures)
    whole = corpus_client.get(path_of(str(iri))).get_data(as_text=True)
    assert sorted(unquote(p) for p in OBSERVATION_LINK.findall(whole)) == printed and 'rel="next"' not in whole
    monkeypatch.setattr("coakg.web.site.CELLS_PER_REPORT_PAGE", 60)
    seen: list[str] = []
    page = 1
    while True:
        html = corpus_client.get(f"{path_of(str(iri))}?page={page}").get_data(as_text=True)
        assert 'class="data outline"' in html and f"第 {page} / " in html
        seen += [unquote(p) for p in OBSERVATION_LINK.findall(html)]
        if 'rel="next"' not in html:
            break
        page += 1
    assert page > len(report.tables) and sorted(seen) == printed
    assert corpus_client.get(f"{path_of(str(iri))}?page={page + 1}").status_code == 404
    assert corpus_client.get(f"{path_of(str(iri))}?page=x").status_code == 404


def test_the_endpoint_binds_a_leading_values_block_as_the_embedded_store_does(client, store):
    from coakg.endpoint import with_values
    from coakg.queries import available
    from coakg.web.sparql import bound_values

    q = next(q for q in available() if q.name == "department-expenditure")
    bindings = q.bind({"department": "示例市示例局", "year": "2024"})
    text = with_values(q.text, bindings)
    query, values = bound_values(text)
    assert "VALUES" not in query and {v.value: t.value for v, t in values.items()} == {
        "department": "示例市示例局", "year": "2024"}
    answer = client.get("/sparql", query_string={"query": text, "format": "csv"}).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(answer)))
    assert len(rows) == 5 and {r["department"] for r in rows} == {"示例市示例局"}  # the endpoint's limit: 5
    # a subquery's block, several rows, an unbound value: the query as sent
    for other in ('SELECT * { { SELECT ?a WHERE { VALUES (?a) { (1) } ?a ?b ?c } } }',
                  'SELECT * WHERE { VALUES (?a) { (1) (2) } ?a ?b ?c }',
                  'SELECT * WHERE { VALUES (?a ?b) { (1 UNDEF) } ?a ?b ?c }'):
        assert bound_values(other) == (other, {})
    # a value whose variable is not selected cannot be substituted: answered as sent
    counted = ('PREFIX coakg: <https://coakg.org/ns#> SELECT (COUNT(*) AS ?n) WHERE { VALUES (?d) { ("示例市示例局") } '
               '?r coakg:department ?d }')
    assert client.get("/sparql", query_string={"query": counted, "format": "csv"}).get_data(as_text=True) == "n\r\n1\r\n"


def test_the_report_page_draws_the_columns_a_table_prints_blank_throughout(corpus_client, reports):
    """普陀区财政局 2024 收入决算表 (page 8) prints 上级补助收入, 事业收入, 经营收入 and 附属单位上缴收入 with
    no figure in any row: the page draws them, headed as printed, each cell of them blank."""
    from coakg.rdf import report_iri

    report = reports[CZJ.name]
    html = corpus_client.get(path_of(str(report_iri(report)))).get_data(as_text=True)
    income = html[html.index("收入决算表"):html.index("支出决算表")]
    head = income[:income.index("</thead>")]
    headers = re.findall(r"<th>([^<]*)</th>", head)
    for blank in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入"):
        assert blank in headers
    assert headers.index("上级补助收入") < headers.index("事业收入") < headers.index("经营收入")
    total = next(r for r in income.split("<tr>")[2:] if "合计" in r.split("</td>")[0])
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", total, re.S)]
    assert cells == ["合计", "2,946.25", "2,940.05", "", "", "", "", "6.20"]  # 上级补助收入 … 附属单位上缴收入 blank


def test_the_served_dataset_description_names_the_sparql_endpoint_that_serves_it(client):
    """The store is opened read-only, so its derived catalogue names no endpoint; the site adds the one it serves."""
    nt = client.get(path_of(BASE + "dataset.nt")).get_data(as_text=True)
    assert f"<{BASE}dataset> <http://rdfs.org/ns/void#sparqlEndpoint> <http://localhost/sparql> ." in nt
    assert f"<{BASE}dataset> <http://rdfs.org/ns/void#triples>" in nt
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_the_site_sees_what_a_load_wrote_while_it_serves(tmp_path):
    """Issue 24: serve kept the store as it was when opened (2 reports shown after 72 more were loaded, until a
    restart). Now a request after a load sees the store as the load left it."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    path = tmp_path / "store"
    with KnowledgeGraph(path) as kg:
        add_report(kg, read_file(EXAMPLE).reports[0])
        kg.derive()
    served = KnowledgeGraph.read_only(path)
    client = create_app(served).test_client()
    assert "另一个局" not in client.get("/").get_data(as_text=True)
    with KnowledgeGraph(path) as kg:  # a load while the site serves
        add_report(kg, read_file(EXAMPLE, "另一个局", 2023).reports[0])
        kg.derive()
    assert "另一个局" in client.get("/").get_data(as_text=True)
    served.close()


@pytest.mark.parametrize(("department", "place", "kind"), [
    ("上海市审计局", "上海市", "审计局"), ("国家信访局", "中央", "信访局"), ("中共西安市委宣传部", "西安市", "宣传部"),
    ("中共北京市委军民融合发展委员会办公室", "北京市", "军民融合发展委员会办公室"),
    ("广州市增城区政务服务数据管理局", "广州市", "政务服务数据管理局"), ("上海市普陀区规划和自然资源局", "上海市", "规划和自然资源局"),
    ("重庆市人民政府办公厅", "重庆市", "办公厅"), ("广东省广州市财政局", "广州市", "财政局"), ("广东省财政厅", "广东省", "财政厅"),
    (SCRIPT, "", SCRIPT),
])
def test_a_departments_place_and_kind_from_its_name(department, place, kind):
    """The home page's facets: the city (or province, or 中央) a department's name begins with, and what it is."""
    from coakg.web import facets

    assert (facets.place(department), facets.kind(department)) == (place, kind)


def test_search_finds_codes_by_name_departments_by_name_or_city_and_a_code_as_printed(client):
    assert client.get("/search?q=2010301").headers["Location"] == "/code/2010301"
    html = client.get("/search?q=行政运行").get_data(as_text=True)
    assert '<a href="/code/2010301">2010301</a></td><td>行政运行</td>' in html
    by_city = client.get("/search?q=示例市").get_data(as_text=True)
    assert '<td>示例市</td><td><a href="/department/' in by_city and "示例市示例局</a>" in by_city
    markup = client.get("/search?q=" + quote("<script>")).get_data(as_text=True)
    assert "<script>alert" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;局" in markup
    assert "没有找到" in client.get("/search?q=不存在的名称").get_data(as_text=True)


def test_a_figures_page_says_where_it_stands_by_names_not_iris(client):
    """An observation's page: the figure as printed with its unit, its report, table, row (code and name), column
    and page; its statements with properties by prefix and what they point to by name."""
    html = client.get(RESOURCES["observation"][0]).get_data(as_text=True)
    assert "<h1>70.00 <small>万元</small></h1>" in html
    about = html.split('<dl class="about">')[1].split("</dl>")[0]
    assert "示例市示例局2024年度部门决算</a>" in about and "支出决算表</a>" in about
    assert '<a href="/code/20103">20103</a>' in about and "基本支出</a>" in about
    statements = html.split("<tbody>")[1]
    assert '<a href="/ns#amount" title="https://coakg.org/ns#amount">coakg:amount</a>' in statements  # on this site
    assert ">qb:dataSet</a>" in statements
    assert ">示例市示例局2024年度部门决算</a>" in statements  # the report by its title, not its IRI


def test_a_department_page_sets_its_reports_side_by_side(tmp_path):
    """The bundled example read as its department's 2024 and 2023 final accounts: one column per report (in order
    of year), its key figures and spending by function class as rows, each in 万元."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    with KnowledgeGraph(tmp_path / "store") as kg:
        for year in (2024, 2023):
            add_report(kg, read_file(EXAMPLE, "示例市示例局", year).reports[0])
    kg = KnowledgeGraph.read_only(tmp_path / "store")
    html = create_app(kg).test_client().get("/department/" + quote("示例市示例局")).get_data(as_text=True)
    kg.close()
    table = html.split('<table class="data side-by-side">')[1].split("</table>")[0]
    heads = re.findall(r"<th><a [^>]*>([^<]*)</a>", table)
    assert heads == ["2023 决算", "2024 决算"]
    rows = {re.sub(r"<[^>]+>", "", r.split("</td>")[0]).split("\n")[0].strip(): re.findall(r'class="num">([^<]*)<', r)
            for r in table.split("<tr>")[2:]}
    assert rows["收入总计Total income, with balances brought forward"] == ["120.00", "120.00"]
    assert rows["三公经费（决算数）Three public expenses, spent"] == ["2.50", "2.50"]
    assert any(name.startswith("201") for name in rows)


def test_a_reports_download_is_its_whole_graph_as_its_catalogue_entry_says(client):
    """{report}.ttl, .nt, .jsonld (the distributions the catalogue lists) hold the report's whole graph, every
    figure with it, as the static site's downloads; the report's IRI asked for Turtle by Accept is its description."""
    whole = ox.parse(client.get(example() + ".nt").data, format=ox.RdfFormat.N_TRIPLES)
    subjects = {t.subject.value for t in whole}
    assert EXAMPLE_REPORT + "/obs/expenditure/function/20103/basic-expenditure" in subjects
    turtle = client.get(example() + ".ttl").data
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=EXAMPLE_REPORT + "/"))) == len(list(
        ox.parse(client.get(example() + ".nt").data, format=ox.RdfFormat.N_TRIPLES)))
    described = ox.parse(client.get(example(), headers={"Accept": "text/turtle"}).data, format=ox.RdfFormat.TURTLE)
    assert len(list(described)) < len(subjects)
    from rdflib import Graph
    from rdflib.compare import isomorphic

    jsonld = Graph().parse(data=client.get(example() + ".jsonld").data, format="json-ld")
    assert isomorphic(jsonld, Graph().parse(data=client.get(example() + ".nt").data, format="nt"))


def test_a_sources_file_is_served_from_the_folder_given_when_its_sha256_is_the_stores(store, tmp_path):
    """coakg serve --sources DIR: a source's page links its file, served at {source}.txt from the folder (found by
    name, proven by SHA-256); a file of that name with other bytes is not the source; without the folder, no link."""
    import shutil

    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    kg = KnowledgeGraph.read_only(store)
    try:
        without = create_app(kg).test_client()
        path = source_path(without)
        assert "原文件" not in without.get(path).get_data(as_text=True)
        assert without.get(path + ".txt").status_code == 404
        (tmp_path / "sub").mkdir()
        shutil.copy(EXAMPLE, tmp_path / "sub" / EXAMPLE.name)
        served = create_app(kg, sources=tmp_path).test_client()
        assert f'<a href="{path}.txt">原文件' in served.get(path).get_data(as_text=True)
        answer = served.get(path + ".txt")
        assert answer.status_code == 200 and answer.mimetype == "text/plain" and answer.data == EXAMPLE.read_bytes()
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"  # the encoding the file is read in
        (tmp_path / "sub" / EXAMPLE.name).write_text("another file of the same name", encoding="utf-8")
        assert served.get(path + ".txt").status_code == 404 and "原文件" not in served.get(path).get_data(as_text=True)
        assert served.get(path + ".pdf").status_code == 404  # not its media type's extension
    finally:
        kg.close()


@pytest.mark.slow
def test_a_crawl_of_the_served_site_finds_no_broken_link(tmp_path):
    """Issue 22: every link of every page the site serves, from its home page on, answers (a page, a download, a
    resource), for a store of the bundled example; the IRIs a page shows outside the site are not followed."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    kg = KnowledgeGraph(tmp_path / "store")  # open for writing: its pages are made in this process, quickly
    add_report(kg, read_file(EXAMPLE).reports[0])
    kg.derive()
    client = create_app(kg).test_client()
    seen, waiting, broken = {"/"}, ["/"], []
    while waiting:
        path = waiting.pop()
        answer = client.get(path)
        if answer.status_code != 200:
            broken.append((path, answer.status_code))
            continue
        if answer.mimetype != "text/html":
            continue
        for link in re.findall(r'(?:href|src)="([^"]+)"', answer.get_data(as_text=True)):
            target = link.replace("&amp;", "&").split("#")[0]
            if target.startswith("/") and not target.startswith("//") and target not in seen:
                seen.add(target)
                waiting.append(target)
    kg.close()
    assert len(seen) > 300 and broken == []


def test_a_reports_downloads_are_made_once_and_kept_with_the_store(tmp_path):
    """A report's download is made from the store when first asked for and kept gzipped beside the store: later
    requests are sent as kept (gzipped to a client that accepts it), the same graph as made from the store."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from coakg import downloads
    from coakg.loading import load_files
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        load_files(kg, [EXAMPLE])
    iri, path = EXAMPLE_REPORT, example()
    client = create_app(KnowledgeGraph.read_only(store)).test_client()
    for form, fmt in ((ox.RdfFormat.TURTLE, "turtle"), (ox.RdfFormat.JSON_LD, "json-ld"),
                      (ox.RdfFormat.N_TRIPLES, "nt")):
        with KnowledgeGraph.read_only(store) as kg:
            assert downloads.kept(kg, iri, form) is None, form
        first = client.get(path + "." + form.file_extension, headers={"Accept-Encoding": "gzip"})
        assert first.status_code == 200 and "Content-Encoding" not in first.headers  # made, not kept
        with KnowledgeGraph.read_only(store) as kg:
            kept = downloads.kept(kg, iri, form)
            made = downloads._made(kg.store, iri, form)
        assert kept is not None and gzip.decompress(kept) == first.data
        sent = client.get(path + "." + form.file_extension, headers={"Accept-Encoding": "gzip"})
        assert sent.headers["Content-Encoding"] == "gzip" and sent.data == kept
        for refused in ({}, {"Accept-Encoding": "gzip;q=0, identity"}):
            plain = client.get(path + "." + form.file_extension, headers=refused)
            assert "Content-Encoding" not in plain.headers and plain.data == first.data
        assert isomorphic(Graph().parse(data=plain.data, format=fmt, publicID=iri + "/"),
                          Graph().parse(data=made, format=fmt, publicID=iri + "/"))


def test_a_download_kept_of_a_report_since_replaced_is_never_sent_and_goes(tmp_path):
    """A download kept of a reading the store no longer holds (the report replaced since) is never sent: the
    replacing load removes it, and the next request makes the new reading's."""
    from coakg import downloads
    from coakg.loading import load_files
    from coakg.store import KnowledgeGraph

    newer = tmp_path / "newer.txt"
    newer.write_text(EXAMPLE.read_text(encoding="utf-8").replace("70.00", "71.00", 1), encoding="utf-8")
    kept = tmp_path / "store" / "downloads"
    with KnowledgeGraph(tmp_path / "store") as kg:
        load_files(kg, [EXAMPLE])
        before = downloads.download(kg, EXAMPLE_REPORT, ox.RdfFormat.N_TRIPLES)
        assert len(list(kept.iterdir())) == 1
        stale = next(kept.iterdir())
        assert [o.status for o in load_files(kg, [newer])] == ["replaced"]
        assert not stale.exists() and downloads.kept(kg, EXAMPLE_REPORT, ox.RdfFormat.N_TRIPLES) is None
        after = downloads.download(kg, EXAMPLE_REPORT, ox.RdfFormat.N_TRIPLES)
        assert after != before and b'"71"' in after
        assert gzip.decompress(downloads.kept(kg, EXAMPLE_REPORT, ox.RdfFormat.N_TRIPLES) or b"") == after
        stale.write_bytes(gzip.compress(before))  # an earlier reading's, put back: never sent
        assert downloads.download(kg, EXAMPLE_REPORT, ox.RdfFormat.N_TRIPLES) == after


def test_a_download_that_cannot_be_kept_is_made_at_each_request(tmp_path, monkeypatch):
    """Where the store's folder cannot be written (read-only to the site), each download is made and sent."""
    from coakg import downloads
    from coakg.loading import load_files
    from coakg.store import KnowledgeGraph

    def refused(*_):
        raise PermissionError("read-only")

    monkeypatch.setattr(downloads, "_write", refused)
    with KnowledgeGraph(tmp_path / "store") as kg:
        load_files(kg, [EXAMPLE])
        for _ in range(2):
            assert b"basic-expenditure" in downloads.download(kg, EXAMPLE_REPORT, ox.RdfFormat.TURTLE)
        assert downloads.kept(kg, EXAMPLE_REPORT, ox.RdfFormat.TURTLE) is None
    with KnowledgeGraph() as memory:  # a store in memory keeps none
        load_files(memory, [EXAMPLE])
        assert b"basic-expenditure" in downloads.download(memory, EXAMPLE_REPORT, ox.RdfFormat.TURTLE)


def test_a_download_sent_gzipped_and_plain_has_a_tag_for_each(client):
    """A cache told Vary: Accept-Encoding keeps the gzipped and the plain answer apart, by their tags too."""
    gzipped = client.get(example() + ".ttl", headers={"Accept-Encoding": "gzip"})
    plain = client.get(example() + ".ttl")
    assert gzipped.headers["ETag"] != plain.headers["ETag"]
    unchanged = client.get(example() + ".ttl", headers={"Accept-Encoding": "gzip", "If-None-Match": gzipped.headers["ETag"]})
    assert unchanged.status_code == 304 and "Accept-Encoding" in unchanged.headers["Vary"]
