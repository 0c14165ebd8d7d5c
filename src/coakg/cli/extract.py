"""coakg extract: print every figure of a report."""

from __future__ import annotations

import csv
import enum
import io
from pathlib import Path

import typer

from .console import out
from .options import BASE, DEPARTMENT, PHASE, YEAR, Phase


class ExtractFormat(str, enum.Enum):
    csv = "csv"
    ttl = "ttl"
    jsonld = "jsonld"
    nt = "nt"
    nq = "nq"


RDF_FORMATS = {"ttl": "turtle", "nt": "nt"}


def extract(
    report: Path = typer.Argument(..., help="A report: PDF or extracted text."),
    output_format: ExtractFormat = typer.Option(ExtractFormat.csv, "--format", "-f", help="Output format."),
    base: str = BASE,
    department: str = DEPARTMENT,
    year: int = YEAR,
    phase: Phase = PHASE,
) -> None:
    """Print every figure of REPORT (of every report the file holds), one row per printed figure (CSV) or as RDF.

    Example: coakg extract report.pdf --format csv > figures.csv
    """
    from ..rdf import compact_jsonld, reports_graph
    from ..reader import read_file
    from ..tabular import FIELDS, figure_records

    reading = read_file(report, department, year, phase.value if phase else None)
    if output_format is ExtractFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for parsed in reading.reports:
            writer.writerows(figure_records(parsed))
        out.out(buffer.getvalue(), end="")
    elif output_format is ExtractFormat.nq:  # the quads the store keeps of each report, in their named graphs
        from ..loading import build

        out.out("".join((built.data + built.codes).decode() for built in (build(r, base) for r in reading.reports)),
                end="")
    else:
        graph = reports_graph(reading.reports, base)
        if output_format is ExtractFormat.jsonld:  # compact, with coakg's published @context
            out.out(compact_jsonld(graph), end="")
        else:
            out.out(graph.serialize(format=RDF_FORMATS[output_format.value]), end="")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
