"""What a reader made of a file, as records: per report its identity and tables, and what was skipped."""

from __future__ import annotations

from .key_figures import KeyFigure, key_figures
from .model import Reading, Report, Statement, Table
from .tables import catalogue


def table_record(table: Table) -> dict:
    pages = [p for p in (table.page, table.last_page) if p is not None]
    return {
        "kind": table.kind,
        "title": table.title,
        "pages": f"{pages[0]}–{pages[-1]}" if len(set(pages)) > 1 else (str(pages[0]) if pages else ""),
        "line": table.line,
        "unit": table.unit,
        "rows": len({(f.row.scheme, f.row.key) for f in table.figures}),
        "figures": len(table.figures),
        "note": table.note or "",
    }


def key_figure_record(figure: KeyFigure) -> dict:
    cell = figure.cells[0]
    return {
        "key": figure.key,
        "name": catalogue().key_figure(figure.key).zh,
        "class": figure.code,
        "value": f"{figure.value:f}",
        "unit": figure.unit,
        "wan_yuan": f"{figure.wan_yuan:f}",
        "table": figure.table,
        "row": cell.row.label,
        "columns": [c.column for c in figure.cells],
        "page": cell.page,
        "line": cell.line,
    }


def report_record(report: Report) -> dict:
    return {
        "department": report.department,
        "unit_name": report.unit_name,
        "year": report.year,
        "phase": report.document,
        "units": sorted({t.unit for t in report.tables}),
        "tables": [table_record(t) for t in report.tables],
        "key_figures": [key_figure_record(k) for k in key_figures(report)],
        "statements": [statement_record(s) for s in report.statements],
    }


def statement_record(statement: Statement) -> dict:
    """What the prose states: the words, the amount as printed, where, and the change on the year before."""
    change = statement.change
    return {
        "words": statement.words,
        "value": str(statement.amount.value),
        "unit": statement.amount.unit,
        "page": statement.page,
        "line": statement.line,
        "change": None if change is None else str(-change.amount.value if change.falls else change.amount.value),
        "percent": None if change is None else str(change.percent),
    }


def reading_record(path: str, reading: Reading) -> dict:
    return {
        "file": path,
        "pages": reading.pages,
        "reports": [report_record(r) for r in reading.reports],
        "skipped": [{"title": s.title, "page": s.page, "reason": s.reason} for s in reading.skipped],
        "warnings": list(reading.warnings),
    }
