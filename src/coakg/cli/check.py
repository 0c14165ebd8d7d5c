"""coakg check: find every inconsistency of one or more reports."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import typer
from rich.table import Table as RichTable

from ..check import check_report
from ..findings import Finding
from ..layout import KIND_BY_KEY
from ..rdf import summation_graph, to_graph
from ..reader import read_report
from ..shacl import validate
from .console import err, out
from .options import BASE


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    ttl = "ttl"


def check(
    reports: list[Path] = typer.Argument(..., help="Report files: PDF or extracted text."),
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Output format."),
    base: str = BASE,
) -> None:
    """Check REPORTS: hierarchy sums, column identities, cross-table 勾稽 within rounding; tables present.

    Exit code 0: consistent; 1: findings; 2: a report cannot be read.

    Example: coakg check report.pdf --format json
    """
    parsed = [read_report(p) for p in reports]
    if output_format is CheckFormat.ttl:
        graph = None
        for report in parsed:
            g = to_graph(report, base) + summation_graph(report, base)
            graph = g if graph is None else graph + g
        conforms, validation = validate(graph)
        out.out(validation.serialize(format="turtle"), end="")
        raise typer.Exit(0 if conforms and not any(check_report(r).findings for r in parsed) else 1)
    findings: list[Finding] = []
    for report in parsed:
        result = check_report(report)
        findings += result.findings
        err.print(f"{report.department} {report.year}: {result.stats['figures']} figures, "
                  f"{result.stats['summations']} identities, {len(result.findings)} findings")
    if output_format is CheckFormat.json:
        out.out(json.dumps([f.record() for f in findings], ensure_ascii=False, indent=2))
    elif findings:
        out.print(_table(findings))
    raise typer.Exit(1 if findings else 0)


def _table(findings: list[Finding]) -> RichTable:
    table = RichTable("规则", "报告", "报表", "行（编码 名称）", "栏目", "填报数", "分项合计", "差额", "允许尾差", "页/行",
                      title="勾稽检查发现")
    for f in findings:
        loc = f.location
        kind = KIND_BY_KEY.get(loc.table)
        where = f"p.{loc.page}" if loc.page else (f"l.{loc.line}" if loc.line else "")
        table.add_row(f.rule, f.report, f"表{kind.number} {kind.key}" if kind else loc.table,
                      f"{loc.row_code} {loc.row_label}".strip() if loc.row_code != loc.row_label else loc.row_label,
                      loc.column, _s(f.actual), _s(f.expected), _s(f.difference), _s(f.slack),
                      where or f.message)
    return table


def _s(value) -> str:
    return "" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
