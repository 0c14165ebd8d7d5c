"""coakg check: find every inconsistency of one or more reports."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import typer
from rdflib import Graph
from rdflib.namespace import SH
from rich.table import Table as RichTable

from ..check import check_report
from ..findings import Finding
from ..findings_rdf import validation_triples
from ..rdf import bind_prefixes
from ..reader import read_file
from ..tables import catalogue
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
    parsed = [report for p in reports for report in read_file(p).reports]
    results = [check_report(report) for report in parsed]
    findings = [f for result in results for f in result.findings]
    for report, result in zip(parsed, results):
        err.print(f"{report.name}: {result.stats['figures']} figures, "
                  f"{result.stats['summations']} identities, {len(result.findings)} findings")
    if output_format is CheckFormat.ttl:
        graph = bind_prefixes(Graph())
        graph.bind("sh", SH)
        for report, result in zip(parsed, results):
            for t in validation_triples(report, result.findings, base):
                graph.add(t)
        out.out(graph.serialize(format="turtle"), end="")
    if output_format is CheckFormat.json:
        out.out(json.dumps([f.record() for f in findings], ensure_ascii=False, indent=2))
    elif output_format is CheckFormat.text and findings:
        out.print(_table(findings))
    raise typer.Exit(1 if findings else 0)


def _table(findings: list[Finding]) -> RichTable:
    table = RichTable("规则", "报告", "报表", "行（编码 名称）", "栏目", "填报数", "分项合计", "差额", "允许尾差", "页/行",
                      title="勾稽检查发现")
    for f in findings:
        loc = f.location
        kind = catalogue().kind(loc.table) if loc.table in {k.key for k in catalogue().kinds} else None
        where = f"p.{loc.page}" if loc.page else (f"l.{loc.line}" if loc.line else "")
        table.add_row(f.rule, f.report, f"表{kind.number} {kind.key}" if kind and kind.number else loc.table,
                      f"{loc.row_code} {loc.row_label}".strip() if loc.row_code != loc.row_label else loc.row_label,
                      loc.column, _s(f.actual), _s(f.expected), _s(f.difference), _s(f.slack),
                      where or f.message)
    return table


def _s(value) -> str:
    return "" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
