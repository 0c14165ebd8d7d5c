"""Findings: what is wrong with a report's data, as records. Rendered as text, JSON or RDF at the edge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from .tables import catalogue


@dataclass(frozen=True)
class Location:
    table: str  # table kind
    row_code: str  # code digits or item key
    row_label: str
    column: str
    page: int | None = None
    line: int | None = None
    scheme: str = ""  # function, economic or item: with table, row_code and column it names an observation


@dataclass(frozen=True)
class Finding:
    rule: str  # a rule of the catalogue
    report: str  # department and year
    location: Location
    expected: Decimal | None = None  # the sum of the parts
    actual: Decimal | None = None  # the printed total
    slack: Decimal | None = None  # the rounding allowance
    items: tuple[Location, ...] = field(default=())
    message: str = ""

    @property
    def title(self) -> str:
        return catalogue().rules[self.rule]

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    def record(self) -> dict:
        data = asdict(self)
        data["title"] = self.title
        data["difference"] = self.difference
        return _plain(data)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    stats: dict

    @property
    def valid(self) -> bool:
        return not self.findings
