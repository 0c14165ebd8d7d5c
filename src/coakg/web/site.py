"""What the site's pages show, read from the store by the page queries (``pages/*.rq``, bundled as
``coakg/data/pages``): each function binds its parameters and shapes the rows for a template. No SPARQL here.

Code pages go by the code as printed (``skos:notation``), never by the form of a code's IRI, so that a code list
with one concept per scheme and year reads the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..iris import Minter
from ..queries import PAGES, NamedQuery, Results, parse
from ..store import KnowledgeGraph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REPORT = "https://coakg.org/ns#Report"
CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
COLUMN = "https://coakg.org/ns#Column"
AMOUNT = "https://coakg.org/ns#amount"
FIGURES_PER_PAGE = 200  # a code page's figures (whole reports): each costs a dozen index lookups
REPORTS_PER_PAGE = 25  # and its reports: each is a query of its own
CELLS_PER_REPORT_PAGE = 1200  # a served report page's printed rows x columns: a larger report is shown in parts


@cache
def page_query(name: str) -> NamedQuery:
    return parse(PAGES / f"{name}.rq")


@dataclass
class Cell:
    amount: Decimal
    decimals: int
    observation: str
    page: int | None
    findings: list[dict] = field(default_factory=list)


@dataclass
class Grid:
    """One table as printed: its columns in order (with the half each belongs to, for tables printed in halves
    side by side), and its rows in order, each a row label per half and a cell per column (None if blank)."""

    table: dict
    columns: list[tuple[int, str, int]]  # (column index, label, half)
    halves: int
    rows: list[list[tuple[str, str | None] | Cell | None]]  # per half: (label, code) then that half's cells
    findings: int
    pages: list[int]  # the source pages its figures are printed on
    placed: list[dict] = field(default_factory=list)  # its cells' findings, each with its row, column and page


class Site:
    """The pages' data, read from one store. The store is opened read-only; the list of reports and the columns'
    labels, which most pages need, are read once, and again after a load wrote to the store (:meth:`refresh`)."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg, self.base, self.mint = kg, kg.base, Minter(kg.base)
        self._reports: list[dict] | None = None
        self._columns: dict[str, str] | None = None

    def refresh(self) -> None:
        """See what a load wrote since the store was opened: the store opened again, what was read once forgotten."""
        if self.kg.refreshed():
            self._reports = self._columns = None

    def select(self, name: str, **values: str) -> Results:
        q = page_query(name)
        bindings: dict[str, URIRef | Literal] = q.bind(values) if q.parameters else {}
        return self.kg.select(q, bindings)

    def describe(self, iri: str) -> list[ox.Triple]:
        """The resource's description: its triples in any graph, with labels of what it points to."""
        return self.kg.triples(page_query("describe"), {"resource": URIRef(iri)})

    # -- home --------------------------------------------------------------------------------------------------

    def reports(self) -> list[dict]:
        if self._reports is None:
            self._reports = self.select("reports").records()
        return self._reports

    def columns(self) -> dict[str, str]:
        """Each column concept's label."""
        if self._columns is None:
            self._columns = {str(r["column"]): str(r["columnLabel"]) for r in self.select("columns").records()}
        return self._columns

    def findings_by_rule(self) -> list[dict]:
        return self.select("findings-by-rule").records()

    def departments(self) -> list[str]:
        if self._reports is not None:  # read already (a server's home page): no query
            return sorted({r["department"] for r in self._reports})
        return sorted(str(r[0]) for r in self.select("departments").rows)

    def codes_named(self, words: str) -> list[dict]:
        """The codes printed with a name holding ``words``, each name as printed, with how many reports print it."""
        return self.select("codes-named", words=words).records()

    # -- report ------------------------------------------------------------------------------------------------

    def report(self, iri: str) -> dict | None:
        rows = self.select("report", report=iri).records()
        return rows[0] if rows else None

    def published_at(self, iri: str) -> list[str]:
        """Where the file the report was read from was published, as a load stated it (none unless one did)."""
        return [str(r["url"]) for r in self.select("report-publication", report=iri,
                                                   publication=str(self.mint.graph("publication"))).records()]

    def findings(self, iri: str) -> list[dict]:
        return self.select("report-findings", checks=str(self.mint.checks(URIRef(iri)))).records()

    def grids(self, iri: str, findings: list[dict], parts: list[tuple[str, int, int]] | None = None) -> list[Grid]:
        """The report's tables as printed, in order, each failing cell carrying its findings; with ``parts`` (a
        page of :meth:`report_parts`), only those rows of those tables."""
        tables = self.select("report-tables", report=iri).records()
        by_value = defaultdict(list)
        for f in findings:
            if f["value"]:
                by_value[f["value"]].append(f)
        codes = {r["row"]: r["rowCode"] for r in self.select("report-rows", report=iri).records()
                 if str(r["rowCode"]).isdigit()}
        layout: dict = defaultdict(lambda: {"row": [], "column": []})
        cells = defaultdict(list)
        if parts is None:
            for printed in self.select("report-layout", report=iri).records():
                layout[printed["table"]][printed["part"]].append(printed)
            for c in self.select("report-cells", report=iri).records():
                cells[c["table"]].append(c)
            return [_grid(t, layout[t["table"]], cells[t["table"]], codes, by_value) for t in tables]
        about = {str(t["table"]): t for t in tables}
        shown = []
        for table, first, end in parts:
            span = {"table": table, "first": str(first), "end": str(end)}
            for printed in self.select("table-layout", report=iri, **span).records():
                layout[table][printed["part"]].append(printed)
            cells[table] = self.select("table-cells", report=iri, **span).records()
            shown.append(_grid(about[table], layout[table], cells[table], codes, by_value))
        return shown

    def finding_places(self, iri: str) -> dict[str, tuple[str, int]]:
        """Each printed figure a check result of the report names: (its table, its printed row's place)."""
        rows = self.select("report-finding-places", report=iri, checks=str(self.mint.checks(URIRef(iri)))).records()
        return {str(r["value"]): (str(r["table"]), r["index"]) for r in rows}

    def report_parts(self, iri: str) -> list[dict]:
        """The report's tables in print order, each with its rows' and columns' count and the parts it is shown
        in: a served report page holds whole tables, or parts of a large table, up to CELLS_PER_REPORT_PAGE printed
        rows x columns. Each part is {table, first, end (row places), page (1, 2 …)}."""
        sizes = {str(r["table"]): r for r in self.select("report-table-sizes", report=iri).records()}
        tables, page, held = [], 1, 0
        for t in self.select("report-tables", report=iri).records():
            size = sizes.get(str(t["table"]))
            parts: list[dict] = []
            if size is not None:
                start, last = int(str(size["first"])), int(str(size["last"]))
                columns = max(1, int(str(size["columns"])))
                step = max(1, CELLS_PER_REPORT_PAGE // columns)
                for first in range(start, last + 1, step):
                    cells = min(step, last + 1 - first) * columns
                    if held and held + cells > CELLS_PER_REPORT_PAGE:
                        page, held = page + 1, 0
                    parts.append({"table": str(t["table"]), "first": first, "end": first + step, "page": page})
                    held += cells
            tables.append({**t, "rows": size["rows"] if size else 0, "columns": size["columns"] if size else 0,
                           "parts": parts})
        return tables

    # -- code --------------------------------------------------------------------------------------------------

    def has_code(self, notation: str) -> bool:
        return bool(self.select("code-concepts", code=notation).rows)

    def code(self, notation: str, page: int | None = 1) -> dict | None:
        """The code's concepts, names and figures. The figures are those of one page of the reports that print
        the code (whole reports, at most REPORTS_PER_PAGE and FIGURES_PER_PAGE a page), or of every
        report when ``page`` is None (the static site); None if the code is unknown or the page is past the
        last."""
        concepts = self.select("code-concepts", code=notation).records()
        if not concepts:
            return None
        schemes = sorted({str(c["scheme"]) for c in concepts})
        related: dict[str, set[str]] = {"broader": set(), "narrower": set()}
        for c in concepts:
            if c["relation"]:
                related[str(c["relation"])].add(str(c["otherCode"]))
        names = self.select("code-names", code=notation).records()
        about = {r["report"]: r for r in self.select("code-reports", code=notation).records()}
        counts = {report: r["figures"] for report, r in about.items()}
        printing = sorted((about[r] for r in counts), key=_report_order)
        pages = _pages(printing, counts) if page is not None else [printing]
        if page is not None and not 1 <= page <= len(pages):
            return None
        shown = pages[(page or 1) - 1]
        if page is None:  # every report: one query (a query a report costs some 2 ms more each)
            figures = self.select("code-figures", code=notation).records()
        else:
            figures = [f for r in shown for f in
                       self.select("code-report-figures", code=notation, report=r["report"]).records()]
        labels = self.columns()
        for f in figures:
            f["columnLabel"] = labels.get(str(f["column"]), f["column"])
        return {"code": notation, "concepts": sorted({c["concept"] for c in concepts}), "schemes": schemes,
                "levels": sorted({c["level"] for c in concepts if c["level"]}),
                "broader": sorted(related["broader"]), "narrower": sorted(related["narrower"]),
                "names": names, "figures": _by_department(figures, about),
                "page": page or 1, "pages": len(pages), "paged": page is not None, "reports": len(printing),
                "total": sum(counts.values())}

    # -- department --------------------------------------------------------------------------------------------

    def department(self, name: str) -> dict | None:
        reports = self.select("department-reports", department=name).records()
        if not reports:
            return None
        rows = [{**row, "year": r["year"], "phase": r["phase"]} for r in reports
                for row in self.select("report-spending", report=r["report"]).records()]
        rows.sort(key=lambda row: (row["class"], row["year"], row["phase"]))
        return {"department": name, "reports": reports, "spending": rows,
                "key_figures": self.select("department-key-figures", department=name).records()}

    # -- schemes -----------------------------------------------------------------------------------------------

    def schemes(self) -> list[dict]:
        merged: dict[str, dict] = {}
        for r in self.select("schemes").records():
            s = merged.setdefault(str(r["scheme"]), {"scheme": r["scheme"], "labels": [], "concepts": r["concepts"]})
            if r["label"]:
                s["labels"].append(r["label"])
        return list(merged.values())

    def scheme_tree(self, iri: str) -> list[dict]:
        """The scheme's concepts as a tree: each node {concept, notation, name, children}, ordered by notation."""
        rows = self.select("scheme-concepts", scheme=iri).records()
        nodes: dict = {r["concept"]: {**r, "children": []} for r in rows}
        roots: list[dict] = []
        for r in rows:
            parent = nodes.get(r["broader"]) if r["broader"] else None
            (parent["children"] if parent else roots).append(nodes[r["concept"]])
        return roots

    def kind(self, triples: list[ox.Triple], iri: str) -> str:
        """Which page shows a resource: report, code, scheme or (any other) resource."""
        types = {t.object.value for t in triples if t.subject.value == iri and t.predicate.value == RDF_TYPE}
        if REPORT in types:
            return "report"
        if SCHEME in types:
            return "scheme"
        if CONCEPT in types and COLUMN not in types and self.notation(triples, iri):
            return "code"
        if any(t.subject.value == iri and t.predicate.value == AMOUNT for t in triples):
            return "observation"
        return "resource"

    def observation(self, iri: str) -> dict | None:
        """Where a figure stands: its report, table, printed row and column, page, and the figure as printed."""
        rows = self.select("observation", observation=iri).records()
        return rows[0] if rows else None

    @staticmethod
    def notation(triples: list[ox.Triple], iri: str) -> str | None:
        found = [t.object.value for t in triples if t.subject.value == iri and t.predicate.value == NOTATION]
        return found[0] if found and found[0].isdigit() else None


def _grid(table: dict, layout: dict[str, list[dict]], cells: list[dict], codes: dict[str, str],
          findings: dict[str, list[dict]]) -> Grid:
    """The table as it prints its rows and columns (also those blank throughout), each figure in its place: the
    row the table prints with the figure's row concept, and the column with its column concept in that row's
    half."""
    columns = sorted((c["index"], c["label"], c["half"] or 0) for c in layout["column"])
    halves = 1 + max((half for _, _, half in columns), default=0)
    column_at = {(c["concept"], c["half"] or 0): c["index"] for c in layout["column"]}
    row_at = {r["concept"]: (r["index"], r["half"] or 0) for r in layout["row"]}
    labels = {(r["index"], r["half"] or 0): (r["label"], codes.get(r["concept"])) for r in layout["row"]}
    grid: dict[tuple[int, int], Cell] = {}
    placed: list[dict] = []
    header = {index: label for index, label, _ in columns}
    for c in cells:
        index, half = row_at[c["row"]]
        cell = Cell(c["amount"], c["decimals"], c["observation"], c["page"], findings.get(c["observation"], []))
        column = column_at[c["column"], half]
        grid[index, column] = cell
        label, code = labels.get((index, half), ("", None))
        placed.extend({**f, "row": label, "code": code, "rowIndex": index, "column": header.get(column, ""),
                       "columnIndex": column, "page": c["page"], "decimals": c["decimals"]} for f in cell.findings)
    failing = len({f["value"] for f in placed})
    rows = []
    for index in sorted({i for i, _ in labels}):
        line: list = []
        for h in range(halves):
            line.append(labels.get((index, h), ("", None)))
            line.extend(grid.get((index, col)) for col, _, hh in columns if hh == h)
        rows.append(line)
    placed.sort(key=lambda f: (f["rowIndex"], f["columnIndex"]))
    return Grid(table, columns, halves, rows, failing, sorted({c["page"] for c in cells if c["page"]}), placed)


def _report_order(r: dict) -> tuple:
    return r["department"], r["unitName"] or "", -r["year"], r["phase"]


def _pages(reports: list[dict], counts: dict) -> list[list[dict]]:
    """The reports in pages of whole reports, each page at most REPORTS_PER_PAGE reports and FIGURES_PER_PAGE
    figures (or one report); at least one page, empty when no report prints the code."""
    pages: list[list[dict]] = [[]]
    held = 0
    for r in reports:
        if pages[-1] and (held + counts[r["report"]] > FIGURES_PER_PAGE or len(pages[-1]) == REPORTS_PER_PAGE):
            pages.append([])
            held = 0
        pages[-1].append(r)
        held += counts[r["report"]]
    return pages


def _by_department(figures: list[dict], about: dict) -> list[dict]:
    """The code's figures grouped by report (department, year, phase), each with its tables' columns."""
    reports: dict[str, dict] = {}
    for f in figures:
        r = reports.setdefault(f["report"], {k: about[f["report"]][k] for k in ("report", "department", "unitName",
                                                                                 "year", "phase")} | {"figures": []})
        r["figures"].append(f)
    for r in reports.values():
        r["figures"].sort(key=lambda f: (f["kind"], f["columnIndex"] or 0))
    return sorted(reports.values(), key=_report_order)
