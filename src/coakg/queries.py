"""Named SPARQL queries (queries/*.rq) and their parameters.

Each file starts with a comment header::

    # title: 三公经费：预算、决算与执行率
    # question: What did each department budget and spend on 三公 expenses, item by item?
    # param code: string — a function or economic code, e.g. 2010301

A parameter is a variable of the query's outer WHERE group and of its SELECT clause; its value is bound
as an RDF term of the declared type (string, integer or iri), never pasted into
the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .errors import UnknownQuery

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"  # the repository's queries/ (editable install)
TYPES = ("string", "integer", "iri")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, values: dict[str, str]) -> dict[str, URIRef | Literal]:
        """The query's parameters as RDF terms; every declared parameter must be given, and nothing else."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise UnknownQuery(f"query {self.name} has no parameter {', '.join(unknown)}; "
                               f"its parameters: {', '.join(declared) or 'none'}")
        missing = [n for n in declared if n not in values]
        if missing:
            raise UnknownQuery(f"query {self.name} needs --param {missing[0]}=… "
                               f"({declared[missing[0]].type}: {declared[missing[0]].description})")
        return {n: _term(declared[n], v) for n, v in values.items()}


def _term(p: Parameter, value: str) -> URIRef | Literal:
    if p.type == "iri":
        return URIRef(value)
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise UnknownQuery(f"parameter {p.name} takes an integer, not {value!r}")
        return Literal(int(value))
    return Literal(value)


_HEADER = re.compile(r"^#\s*(title|question|param)\s*(\w*)\s*:\s*(.*)$")


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, name, rest = m.groups()
        if key == "param":
            kind, _, description = rest.partition("—")
            kind = kind.strip()
            if kind not in TYPES:
                raise UnknownQuery(f"{path}: parameter {name} has type {kind!r}; expected one of {', '.join(TYPES)}")
            params.append(Parameter(name, kind, description.strip()))
        else:
            fields[key] = rest.strip()
    return NamedQuery(path.stem, path, fields.get("title", path.stem), fields.get("question", ""), tuple(params), text)


def available() -> list[NamedQuery]:
    return [parse(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def find(name_or_file: str) -> NamedQuery:
    """A named query of queries/, or any .rq file."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse(path)
    candidate = QUERIES_DIR / f"{name_or_file}.rq"
    if candidate.is_file():
        return parse(candidate)
    names = ", ".join(q.name for q in available())
    raise UnknownQuery(f"no query named {name_or_file!r}; the named queries are: {names}")


@dataclass(frozen=True)
class Results:
    """The solutions of a SELECT query: column names, and rows of plain values (None where unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


_XSD = str(XSD)
INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt")}
NUMBERS = {_XSD + t for t in ("decimal", "double", "float")}


def plain(value: str, datatype: str | None) -> object:
    """A result value as Python: an exact Decimal for a decimal (or a double), an int for an integer, else text."""
    if datatype in INTEGERS:
        return int(value)
    if datatype in NUMBERS:
        return Decimal(value)
    return value
