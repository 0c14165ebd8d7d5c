"""Run the SHACL shapes in shapes/ with pySHACL, the reference engine."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

SHAPES_DIR = Path(__file__).resolve().parents[2] / "shapes"  # the repository's shapes/ (editable install)


def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def validate(data: Graph) -> tuple[bool, Graph]:
    """(conforms, sh:ValidationReport graph) of the data against every shape."""
    from pyshacl import validate as run

    conforms, report, _ = run(data, shacl_graph=shapes_graph(), advanced=True, allow_warnings=True)
    return conforms, report


def failing_totals(report: Graph) -> set[tuple[str, str]]:
    """(focus node, failing value) of every result."""
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
            for r in report.subjects(SH.resultSeverity, None)}
