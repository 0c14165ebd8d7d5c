"""Run the SHACL shapes in shapes/: with pySHACL (the reference engine), or, fast, on Oxigraph.

The fast path evaluates each shape's SHACL-SPARQL constraint once over a whole
store instead of once per focus node: the constraint's SELECT (in which
``$this`` is an ordinary variable) is joined with the shape's target class, so
every focus node of the store is checked by one query. A test shows that it
finds exactly what pySHACL finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import cast

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SH

SHAPES = files("coakg") / "data" / "shapes"  # package data: the repository's shapes/, bundled in the wheel


def shapes_graph() -> Graph:
    """Every shape of the package. No shapes means a broken installation (every report would pass): an
    internal error."""
    g = Graph()
    for path in sorted((p for p in SHAPES.iterdir() if p.name.endswith(".ttl")), key=lambda p: p.name) \
            if SHAPES.is_dir() else ():
        g.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    if not any(g.subjects(RDF.type, SH.NodeShape)):
        raise RuntimeError(f"no SHACL shapes in {SHAPES}: coakg is installed without its package data")
    return g


def validate(data: Graph) -> tuple[bool, Graph]:
    """(conforms, sh:ValidationReport graph) of the data against every shape, by pySHACL."""
    from pyshacl import validate as run

    conforms, report, _ = run(data, shacl_graph=shapes_graph(), advanced=True, allow_warnings=True)
    return conforms, report


def failing_totals(report: Graph) -> set[tuple[str, str]]:
    """(focus node, failing value) of every result of a validation report."""
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
            for r in report.subjects(SH.resultSeverity, None)}


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str
    target_class: str
    select: str
    prefixes: dict[str, str]
    message: str


@dataclass(frozen=True)
class Violation:
    shape: str
    focus: str
    value: str | None
    message: str


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Every SHACL-SPARQL constraint of a node shape with an sh:targetClass."""
    found = []
    for shape, target in shapes.subject_objects(SH.targetClass):
        for c in shapes.objects(shape, SH.sparql):
            prefixes = {}
            for holder in shapes.objects(c, SH.prefixes):
                for decl in shapes.objects(holder, SH.declare):
                    prefixes[str(shapes.value(decl, SH.prefix))] = str(shapes.value(decl, SH.namespace))
            found.append(SparqlConstraint(str(shape), str(target), str(shapes.value(c, SH.select)), prefixes,
                                          str(shapes.value(c, SH.message) or "")))
    return found


def validate_store(store: ox.Store) -> list[Violation]:
    """The violations of every SHACL-SPARQL constraint over all graphs of the store, one query per constraint."""
    found = []
    for c in sparql_constraints(shapes_graph()):
        query = (f"SELECT * WHERE {{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* "
                 f"<{c.target_class}> . {{ {c.select} }} }}")
        rows = cast(ox.QuerySolutions, store.query(query, prefixes=c.prefixes, use_default_graph_as_union=True))
        for row in rows:
            value = row["value"]
            found.append(Violation(c.shape, row["this"].value, value.value if value is not None else None,
                                   _message(c.message, row)))
    return found


def _message(template: str, row: ox.QuerySolution) -> str:
    def term(m: re.Match) -> str:
        t = row[m.group(1)]
        return "" if t is None else t.value

    return re.sub(r"\{[?$](\w+)\}", term, template)
