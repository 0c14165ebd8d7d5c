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
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .errors import ReadError, StoreError, UnknownQuery

if TYPE_CHECKING:
    from rdflib import Literal, URIRef

Term = Union["URIRef", "Literal"]
QUERIES = files("coakg") / "data" / "queries"  # package data: the repository's queries/, bundled in the wheel
PAGES = files("coakg") / "data" / "pages"  # and pages/: the site's page queries
TYPES = ("string", "integer", "iri")
FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: str
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    text: str

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first keyword after the prologue (comments, BASE, PREFIX)."""
        m = _FORM.match(self.text)
        return m.group(1).upper() if m else "UPDATE"

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes the query declares, for printing the triples of a CONSTRUCT query."""
        return {m.group(1): m.group(2) for m in _PREFIX.finditer(self.text)}

    def bind(self, values: dict[str, str]) -> dict[str, Term]:
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


_PROLOGUE = r"(?:\s+|#[^\n]*\n|BASE\s*<[^>]*>|PREFIX\s*[\w.-]*:\s*<[^>]*>)*"
_FORM = re.compile(_PROLOGUE + r"(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_PREFIX = re.compile(r"PREFIX\s*([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


def _term(p: Parameter, value: str) -> Term:
    from rdflib import Literal, URIRef

    from .iris import iri_problem

    if p.type == "iri":
        problem = iri_problem(value)
        if problem:
            raise UnknownQuery(f"parameter {p.name} takes an IRI, not {value!r}: expected {problem}")
        return URIRef(value)
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise UnknownQuery(f"parameter {p.name} takes an integer, not {value!r}")
        return Literal(int(value))
    return Literal(value)


_HEADER = re.compile(r"^#\s*(title|question|param)\s*(\w*)\s*:\s*(.*)$")


def parse(path: Path | Traversable) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte order mark some editors write is no part of it
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), f"byte {exc.start + 1}", "a SPARQL query in UTF-8") from exc
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
    name = path.name.removesuffix(".rq")
    query = NamedQuery(name, str(path), fields.get("title", name), fields.get("question", ""), tuple(params), text)
    if query.form not in FORMS:
        raise UnknownQuery(f"{path}: not a SPARQL query coakg can run: expected {', '.join(FORMS)} "
                           "(after the PREFIX declarations)")
    return query


def _bundled() -> dict[str, Traversable]:
    """The named queries' files, by name. None found means a broken installation: an internal error."""
    found = {p.name.removesuffix(".rq"): p for p in QUERIES.iterdir() if p.name.endswith(".rq")} \
        if QUERIES.is_dir() else {}
    if not found:
        raise RuntimeError(f"no named queries in {QUERIES}: coakg is installed without its package data")
    return dict(sorted(found.items()))


def available() -> list[NamedQuery]:
    return [parse(p) for p in _bundled().values()]


def page_queries() -> list[NamedQuery]:
    """The site's page queries (pages/*.rq), by name."""
    return [parse(p) for p in sorted(PAGES.iterdir(), key=lambda p: p.name) if p.name.endswith(".rq")]


def find(name_or_file: str) -> NamedQuery:
    """A named query (a file of the package's queries), or any .rq file."""
    bundled = _bundled()
    if name_or_file in bundled:
        return parse(bundled[name_or_file])
    path = Path(name_or_file)
    if path.suffix == ".rq":
        if not path.is_file():
            raise ReadError(str(path), "file", "an existing .rq file")
        return parse(path)
    raise UnknownQuery(f"no query named {name_or_file!r}; the named queries are: {', '.join(bundled)}")


@dataclass(frozen=True)
class Results:
    """The solutions of a SELECT query: column names, and rows of plain values (None where unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Triples:
    """The answer to a CONSTRUCT or DESCRIBE query, as Turtle with the query's prefixes."""

    turtle: str


Answer = Results | bool | Triples  # SELECT; ASK; CONSTRUCT and DESCRIBE


def turtle(triples: object, prefixes: dict[str, str]) -> Triples:
    """Triples (pyoxigraph's, or Turtle bytes to be read) written as Turtle with the given prefixes."""
    import pyoxigraph as ox

    if isinstance(triples, bytes):
        try:
            triples = list(ox.parse(triples, format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise StoreError(f"the answer to a CONSTRUCT query is not Turtle: {exc}") from exc
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)  # type: ignore[arg-type]
    return Triples(text.decode("utf-8") if text else "")


_XSD = "http://www.w3.org/2001/XMLSchema#"
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
