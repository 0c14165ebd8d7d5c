"""The site's HTML pages, rendered from Jinja templates (autoescaped: a name is always text, never markup).
The same functions render the pages served by ``coakg serve`` and the files of ``coakg publish --static``."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from decimal import Decimal
from urllib.parse import unquote

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import answer_columns as columns
from ..errors import UnknownQuery
from ..queries import NamedQuery, Results
from ..rdf import PREFIXES
from . import charts, facets
from .links import Links, site_path
from .negotiation import RDF_FORMS
from .site import Site

ENV = Environment(loader=PackageLoader("coakg.web", "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)
RESULT_LIMIT_SHOWN = 2000  # rows of a query's answer shown on its page (the downloads hold them all)


def _amount(value: object, decimals: object = None) -> str:
    """A figure with thousands separators, and as many decimals as printed when they are known."""
    if isinstance(value, Decimal | int):
        return f"{value:,.{decimals}f}" if isinstance(decimals, int) else f"{value:,}"
    return "" if value is None else str(value)


ENV.filters["amount"] = _amount


def render(template: str, links: Links, **context: object) -> str:
    return ENV.get_template(template).render(links=links, rdf_forms=RDF_FORMS, **context)


def home(site: Site, links: Links) -> str:
    """Every report with its place, kind, year, phase and findings, the facets to filter them by (each value with
    how many reports have it), and a chart of the reports by place."""
    reports = [{**r, "place": facets.place(r["department"]) or "—", "kind": facets.kind(r["department"]),
                "found": "有发现" if r["findings"] else "无发现"} for r in site.reports()]
    named = {"place": "城市 City", "kind": "部门类别 Kind", "year": "年度 Year", "phase": "阶段 Phase",
             "found": "发现 Findings"}
    choices = {f: sorted(Counter(str(r[f]) for r in reports).items(), key=lambda c: (-c[1], c[0])) for f in named}
    places = Counter(r["place"] for r in reports).most_common(30)
    return render("home.html", links, reports=reports, departments=len({r["department"] for r in reports}),
                  rules=site.findings_by_rule(), findings=sum(r["findings"] for r in reports), facets=named,
                  choices=choices, rule_names=_rule_names(),
                  chart=charts.bars([(p, Decimal(n)) for p, n in places], "份报告 reports",
                                    "按城市的报告 Reports by city", places=0))


def report(site: Site, links: Links, iri: str, page: int | None = None) -> str | None:
    """A report's page: who and when, its findings, and its tables as printed. With ``page`` (served), a report of
    more than CELLS_PER_REPORT_PAGE printed cells shows one page of its tables (whole tables, or parts of a large one)
    and a list of every table with the pages that hold it; None (the static site) shows every table."""
    about = site.report(iri)
    if about is None:
        return None
    findings = site.findings(iri)
    outline = site.report_parts(iri) if page is not None else []
    last = max((p["page"] for t in outline for p in t["parts"]), default=1)
    if page is not None and not 1 <= page <= last:
        return None
    parts = [(p["table"], p["first"], p["end"]) for t in outline for p in t["parts"] if p["page"] == page]
    grids = site.grids(iri, findings, parts if last > 1 else None)
    placed = {f["value"] for g in grids for f in g.placed}
    titles = {g.table["kind"]: g.table["title"] for g in grids} | {t["kind"]: t["title"] for t in outline}
    labels = {iri.rsplit("/", 1)[-1]: label for iri, label in site.columns().items()}
    on_page = _pages_of(site.finding_places(iri), outline) if last > 1 else {}
    elsewhere = [{**f, "place": _place_of(str(f["value"] or ""), titles, labels),
                  "on": on_page.get(str(f["value"]))} for f in findings if f["value"] not in placed]
    return render("report.html", links, report=about, iri=iri, findings=findings, grids=grids, here=links.here,
                  published=site.published_at(iri),
                  by_row=_by_row(grids), elsewhere=elsewhere, rule_names=_rule_names(),
                  catalogue=str(site.mint.dataset()), page=page or 1, pages=last, outline=outline if last > 1 else [])


def _pages_of(places: dict[str, tuple[str, int]], outline: list[dict]) -> dict[str, int]:
    """The page of a report shown in parts that holds each figure (by its table and printed row's place)."""
    found = {}
    for value, (table, index) in places.items():
        for t in outline:
            for p in t["parts"]:
                if p["table"] == table and p["first"] <= index < p["end"]:
                    found[value] = p["page"]
    return found


def _place_of(value: str, titles: dict[str, str], columns: dict[str, str]) -> tuple[str, str, str] | None:
    """(table, row, column) a finding names by the IRI of a figure the table prints blank (…/obs/{table kind}/
    {scheme}/{row}/{column}): the table by its printed title, the column by its label; None for a finding on no
    figure."""
    if "/obs/" not in value:
        return None
    kind, _, row, column = value.split("/obs/", 1)[1].split("/", 3)
    return titles.get(kind, kind), unquote(row), columns.get(column, unquote(column))


def _by_row(grids: list) -> list[dict]:
    """A report's findings on its figures, grouped by table and printed row, in the order the report prints them."""
    groups: list[dict] = []
    for g in grids:
        for f in g.placed:
            if not groups or groups[-1]["table"] is not g.table or groups[-1]["rowIndex"] != f["rowIndex"]:
                groups.append({"table": g.table, "pages": g.pages, "row": f["row"], "code": f["code"],
                               "rowIndex": f["rowIndex"], "findings": []})
            groups[-1]["findings"].append(f)
    return groups


def _rule_names() -> dict[str, tuple[str, str]]:
    """Each rule's name in Chinese and in English."""
    from ..tables import catalogue

    return {rule: catalogue().rule_name(rule) for rule in catalogue().rules}


def search(site: Site, links: Links, q: str) -> str:
    """What a search finds: departments whose name or city holds the words, and codes whose printed name does
    (a code as printed goes straight to its page, before this)."""
    places = {d: place for d in site.departments() for place in [facets.place(d)] if q in d or q in place}
    codes = [c for c in site.codes_named(q) if str(c["code"]).isdigit()] if not q.isdigit() else []  # codes, not items
    return render("search.html", links, q=q, departments=list(places), codes=codes, places=places)


def code(site: Site, links: Links, notation: str, iri: str | None = None, page: int = 1) -> str | None:
    about = site.code(notation, page)
    if about is None:
        return None
    chart = []
    for r in about["figures"]:
        first = min(r["figures"], key=lambda f: (f["kind"] != "expenditure", f["kind"], f["columnIndex"] or 0))
        who = r["department"] + (f"（{r['unitName']}）" if r["unitName"] else "")
        chart.append((f"{who} {r['year']}{r['phase']}", first["amountWanYuan"]))
    return render("code.html", links, code=about, iri=iri,
                  chart=charts.bars(chart, "万元（支出表第一列；无支出表的报告：所印第一张表的第一列；本页的报告）",
                                    f"{notation} 各部门数字"))


def department(site: Site, links: Links, name: str) -> str | None:
    about = site.department(name)
    if about is None:
        return None
    series: dict[str, dict[int, Decimal]] = defaultdict(dict)
    years: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    for row in about["spending"]:
        years[row["class"] + " " + row["name"], row["phase"]][row["year"]] = row["amountWanYuan"]
    for (label, phase), points in years.items():
        series[f"{label}（{phase}）"] = points
    return render("department.html", links, department=about, **_side_by_side(about),
                  chart=charts.lines(dict(series), "万元", f"{name} 按功能分类（类）的支出"))


def _side_by_side(about: dict) -> dict:
    """A department's reports as columns (year, then 预算 before 决算, then unit), its key figures and its spending
    by function class as rows, each cell in 万元."""
    from ..tables import catalogue

    order = {p: n for n, p in enumerate(catalogue().phases)}
    reports = sorted(about["reports"], key=lambda r: (r["year"], order.get(r["phase"], 9), r["unitName"] or ""))
    column = {r["report"]: n for n, r in enumerate(reports)}
    names = {k.key: (k.zh, k.en) for k in catalogue().key_figures}
    keys: dict[tuple[str, str], list] = {}
    for f in about["key_figures"]:
        row = keys.setdefault((f["key"], f["code"] or ""), [None] * len(reports))
        row[column[f["report"]]] = f["amountWanYuan"]
    key_rows = [(names.get(k, (k, k)), code, cells) for (k, code), cells in
                sorted(keys.items(), key=lambda kv: (list(names).index(kv[0][0]) if kv[0][0] in names else 99,
                                                     kv[0][1]))]
    classes: dict[tuple[str, str], list] = {}
    for r in about["spending"]:
        row = classes.setdefault((r["class"], r["name"]), [None] * len(reports))
        row[column[r["report"]]] = r["amountWanYuan"]
    return {"columns": reports, "key_rows": key_rows, "class_rows": sorted(classes.items())}


def schemes(site: Site, links: Links) -> str:
    return render("schemes.html", links, schemes=site.schemes())


def scheme(site: Site, links: Links, iri: str, triples: list[ox.Triple]) -> str:
    labels = [t.object.value for t in triples if t.subject.value == iri and t.predicate.value.endswith("prefLabel")]
    return render("scheme.html", links, iri=iri, labels=labels, tree=site.scheme_tree(iri))


def for_resource(site: Site, links: Links, iri: str, triples: list[ox.Triple],
                 original: str | None = None, page: int | None = None) -> str | None:
    """The HTML page of a resource under the base: a report's, a scheme's or a code's page, else its triples
    (``original``: a link to a source's file, where the site serves it)."""
    kind = site.kind(triples, iri)
    if kind == "report":
        return report(site, links, iri, page)
    if kind == "scheme":
        return scheme(site, links, iri, triples)
    if kind == "code":
        return code(site, links, site.notation(triples, iri) or "", iri)
    return resource(site, links, iri, triples, site.observation(iri) if kind == "observation" else None, original)


_NAMES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title")


def _curie(iri: str) -> str:
    return next((f"{p}:{iri[len(ns):]}" for p, ns in PREFIXES.items() if iri.startswith(ns)), iri)


def resource(site: Site, links: Links, iri: str, triples: list[ox.Triple], figure: dict | None = None,
             original: str | None = None) -> str:
    """A resource's page: its name (label, title) as heading, each statement with its property by prefix and what
    it points to by its label; for a figure, where it stands (report, table, row, column, unit, page)."""
    labels: dict[str, str] = {}
    for t in sorted(triples, key=lambda t: t.predicate.value not in _NAMES):  # names first, then any literal
        if isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, t.object.value)
    rows = [(t.predicate.value, t.object) for t in triples if t.subject.value == iri]
    rows.sort(key=lambda r: (r[0], str(r[1])))
    name = next((t.object.value for t in triples if t.subject.value == iri and t.predicate.value in _NAMES), None)
    return render("resource.html", links, iri=iri, rows=rows, labels=labels, is_iri=_is_iri, curie=_curie,
                  name=name, figure=figure, original=original)


def _is_iri(term: object) -> bool:
    return isinstance(term, ox.NamedNode)


def sparql(links: Links, limit: int, timeout: float, text: str | None = None, answer=None,
           problem: str | None = None) -> str:
    """The SPARQL page: a form with example queries (the named queries that take no parameter) and, for a query
    sent from it, its answer as a table (solutions), a yes or no (ASK) or Turtle (CONSTRUCT, DESCRIBE)."""
    from ..queries import available

    examples = [q for q in available() if not q.parameters]
    table = turtle = boolean = None
    if answer is not None and answer.media_type == "application/sparql-results+json":
        data = json.loads(answer.body)
        if "boolean" in data:
            boolean = data["boolean"]
        else:
            names = data["head"]["vars"]
            table = (names, [[_term(b.get(n)) for n in names] for b in data["results"]["bindings"]])
    elif answer is not None:
        turtle = answer.body.decode("utf-8")
    return render("sparql.html", links, limit=limit, timeout=timeout, examples=examples,
                  text=text if text is not None else examples[0].text if examples else "", table=table,
                  turtle=turtle, boolean=boolean, truncated=bool(answer and answer.truncated), problem=problem)


_NUMERIC = ("decimal", "integer", "double", "float", "int", "long")


def _term(binding: dict | None) -> dict | None:
    """A SPARQL JSON term as a cell: its value, whether it is an IRI, whether a number (shown right-aligned)."""
    if binding is None:
        return None
    datatype = binding.get("datatype", "")
    return {"value": binding["value"], "iri": binding["type"] == "uri",
            "number": datatype.rsplit("#", 1)[-1] in _NUMERIC and datatype.startswith("http://www.w3.org/2001/XMLSchema#")}


def queries(links: Links, named: list[NamedQuery]) -> str:
    return render("queries.html", links, queries=named)


def query(site: Site, links: Links, q: NamedQuery, values: dict[str, str], static: bool = False) -> tuple[str, int]:
    """A named query's page: its form, and its answer when every parameter is given (status 400 if a value is
    wrong)."""
    results, problem = None, None
    if all(p.name in values for p in q.parameters):
        try:
            results = site.kg.select(q, q.bind(values))
        except UnknownQuery as exc:
            problem = str(exc)
    heads = columns.columns(results.columns) if results else []
    html = render("query.html", links, query=q, values=values, results=results, problem=problem,
                  shown=RESULT_LIMIT_SHOWN, static=static, path=site_path("queries", q.name),
                  columns=heads, write=columns.shown, holds=columns, chart=_chart(q, results, heads))
    return html, 400 if problem else 200


CHART_ROWS = 60  # an answer of more rows is read as a table, not as a chart


def _chart(q: NamedQuery, results: Results | None, heads: list[columns.Column]):
    """Bars of an answer's first amount, one a row, each labelled by the row's names, codes and years, when the
    answer has 2 to CHART_ROWS rows in one unit; else nothing."""
    if results is None or not 1 < len(results.rows) <= CHART_ROWS:
        return ""
    amount = next((i for i, c in enumerate(heads) if c.holds == columns.AMOUNT), None)
    unit = next((i for i, c in enumerate(heads) if c.name == "unit"), None)
    if amount is None or (unit is not None and len({row[unit] for row in results.rows}) > 1):
        return ""
    named = [i for i, c in enumerate(heads) if c.holds in (columns.TEXT, columns.CODE, columns.DEPARTMENT,
                                                             columns.YEAR) and i != unit]
    bars = [(" ".join(str(row[i]) for i in named if row[i] is not None), row[amount]) for row in results.rows
            if isinstance(row[amount], Decimal)]
    what = f"{heads[amount].zh}（{results.rows[0][unit]}）" if unit is not None else heads[amount].zh
    return charts.bars(bars, what, f"{q.title}：{heads[amount].zh}") if bars else ""


def download(results: Results, fmt: str) -> tuple[bytes, str]:
    """A query's answer as CSV or JSON (amounts as exact decimals: strings in JSON)."""
    if fmt == "json":
        return json.dumps(results.records(), ensure_ascii=False, indent=2, default=str).encode(), "application/json"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(results.columns)
    writer.writerows(["" if v is None else v for v in row] for row in results.rows)
    return buffer.getvalue().encode(), "text/csv; charset=utf-8"
