"""A report's figures as flat records (one per printed figure), for CSV and JSON."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Report

FIELDS = ("department", "unit_name", "year", "phase", "table", "row_code", "row_label", "column", "value", "unit",
          "page", "line", "table_kind", "row_scheme", "row_key", "header")


def figure_records(report: Report) -> Iterator[dict[str, str]]:
    for table in report.tables:
        headers = {(column, half): path for column, path, half in table.headers}  # a column of each half
        for fig in table.figures:
            yield {
                "department": report.department,
                "unit_name": report.unit_name or "",
                "year": str(report.year),
                "phase": report.document,
                "table": table.title,
                "row_code": fig.row.code or "",
                "row_label": fig.row.label,
                "column": fig.column,
                "value": str(fig.value),
                "unit": table.unit,
                "page": "" if fig.page is None else str(fig.page),
                "line": "" if fig.line is None else str(fig.line),
                "table_kind": table.kind,
                "row_scheme": fig.row.scheme,
                "row_key": fig.row.key,
                "header": headers.get((fig.column, fig.half), fig.column),
            }
