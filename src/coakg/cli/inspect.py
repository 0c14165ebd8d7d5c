"""coakg inspect: say what coakg reads in a file: its reports, their tables, and what it skipped."""

from __future__ import annotations

import enum
import json
from pathlib import Path

import typer

from ..errors import ReadError
from . import exits
from .console import err, error, out, shown
from .options import DEPARTMENT, PHASE, YEAR, Phase


class InspectFormat(str, enum.Enum):
    text = "text"
    json = "json"


def inspect(
    files: list[Path] = typer.Argument(..., help="Report files: PDF or extracted text."),
    output_format: InspectFormat = typer.Option(InspectFormat.text, "--format", "-f", help="Output format."),
    department: str = DEPARTMENT,
    year: int = YEAR,
    phase: Phase = PHASE,
) -> None:
    """List, per report found in FILES: department, unit, year, phase, unit of amount, and each table with its
    kind, pages, rows and figures; its key figures (收入总计, 本年支出合计, 三公经费 …: the table and page each
    is read from, in 万元 too); what its prose (情况说明) states of them, and the changes on the year before it
    states; and each table skipped, with the reason.

    A file that cannot be read is named on stderr (in JSON, as {"file", "error"}), the others are shown, and
    the exit code is 2.

    Example: coakg inspect budget.pdf --format json
    """
    from rich.table import Table as RichTable

    from ..inspection import reading_record
    from ..reader import read_file

    records, failed = [], []
    for f in files:  # a file that cannot be read is named, and the others are still shown
        try:
            records.append(reading_record(str(f), read_file(f, department, year, phase.value if phase else None)))
        except ReadError as exc:
            failed.append({"file": str(f), "error": str(exc)})
            error(str(exc))
    if output_format is InspectFormat.json:
        out.out(json.dumps(records + failed, ensure_ascii=False, indent=2))
        _exit(failed)
        return
    for rec in records:
        for rep in rec["reports"]:
            who = rep["department"] + (f"（{rep['unit_name']}）" if rep["unit_name"] else "")
            heading = f"{rec['file']}: {who} {rep['year']} {rep['phase']}（{'、'.join(rep['units'])}）"
            table = RichTable("kind", "title", "pages", "unit", "rows", "figures", title=shown(heading))
            for t in rep["tables"]:
                table.add_row(t["kind"], t["title"], t["pages"] or str(t["line"] or ""), t["unit"], str(t["rows"]),
                              str(t["figures"]))
            out.print(table)
            figures = RichTable("key figure", "class", "value", "unit", "万元", "table", "page",
                                title=f"{who} {rep['year']} {rep['phase']}: key figures")
            for k in rep["key_figures"]:
                figures.add_row(k["name"], k["class"] or "", k["value"], k["unit"], k["wan_yuan"], k["table"],
                                str(k["page"] or k["line"] or ""))
            out.print(figures)
            if rep["statements"]:
                prose = RichTable("words", "value", "unit", "change", "%", "page",
                                  title=f"{who} {rep['year']} {rep['phase']}: what the prose (情况说明) states")
                for st in rep["statements"]:
                    prose.add_row(st["words"], st["value"], st["unit"], st["change"] or "", st["percent"] or "",
                                  str(st["page"] or st["line"] or ""))
                out.print(prose)
        for s in rec["skipped"]:
            out.print(f"skipped: {s['title']} (page {s['page']}): {s['reason']}")
        for w in rec["warnings"]:
            err.print(f"warning: {w}")
    _exit(failed)


def _exit(failed: list) -> None:
    if failed:
        raise typer.Exit(exits.INPUT)


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)
