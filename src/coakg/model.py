"""The structured report: plain frozen dataclasses that know nothing of PDFs or RDF."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    """The file a report was read from."""

    path: str
    sha256: str
    media_type: str  # "application/pdf" or "text/plain"


@dataclass(frozen=True)
class Row:
    """A printed row: its label as printed, the code if one is printed, and the concept it stands for.

    ``scheme`` is "function", "economic" or "item"; ``key`` is the code digits for
    the first two, and the item's canonical label (side/label) for items.
    """

    label: str
    code: str | None
    scheme: str
    key: str


@dataclass(frozen=True)
class Figure:
    """One printed amount."""

    row: Row
    column: str  # canonical column label
    value: Decimal  # as printed: the exponent keeps the printed decimals
    page: int | None
    line: int | None

    @property
    def decimals(self) -> int:
        return max(0, -self.value.as_tuple().exponent)


@dataclass(frozen=True)
class Table:
    """One table of the report, possibly printed over several pages."""

    kind: str  # layout key, e.g. "expenditure"
    title: str  # as printed, whitespace removed
    unit: str  # "万元" or "元"
    page: int | None
    line: int | None
    figures: tuple[Figure, ...]
    note: str | None = None  # e.g. the printed "本表无数据" note


@dataclass(frozen=True)
class Report:
    department: str
    year: int
    document: str  # "决算" (final accounts) or "预算" (budget)
    source: Source
    tables: tuple[Table, ...]

    def table(self, kind: str) -> Table | None:
        return next((t for t in self.tables if t.kind == kind), None)
