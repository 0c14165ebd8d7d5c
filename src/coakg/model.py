"""The structured report: plain frozen dataclasses that know nothing of PDFs or RDF."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .tables import catalogue

LABEL_JOIN = "｜"  # the parts of a row named in several columns (a unit, a year, a project), as readers join them
_ORDINAL = re.compile(r"^(?:其中[：:])?"
                      r"(?:[一二三四五六七八九十]+[、.．]|[（(][\d一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d))")


def strip_ordinal(label: str) -> str:
    """A printed name without its list numbering (一、, （二）, 3.)."""
    return _ORDINAL.sub("", label)


def full_width_brackets(name: str) -> str:
    """A name with its brackets full-width, as the catalogue writes them: 维修(护)费 is 维修（护）费."""
    return name.replace("(", "（").replace(")", "）")


# how many yuan a printed unit is: every table prints its figures in one of these
YUAN_PER_UNIT = {"万元": 10000, "千元": 1000, "元": 1}


@dataclass(frozen=True)
class Source:
    """The file a report was read from."""

    path: str
    sha256: str
    media_type: str  # "application/pdf" or "text/plain"


@dataclass(frozen=True)
class Row:
    """A printed row: its label as printed, the code if one is printed, and the concept it stands for.

    ``scheme`` is a classification of the catalogue ("function", "economic", "government-economic",
    "revenue"), "item" for an uncoded row, or "combination" for a row that prints codes of several
    classifications which together name it; ``key`` is the code digits, the item's canonical label
    (side/label), or the codes joined by "+".
    """

    label: str
    code: str | None
    scheme: str
    key: str
    codes: tuple[str, ...] = ()  # every classification code printed on the row, when more than one
    names: tuple[str, ...] = ()  # the name printed beside each of those codes

    @property
    def concept(self) -> tuple[str, str]:
        """(scheme, key) of the concept the row stands for: a classification's code, digits only (a row printing
        several codes stands for its first; a row repeated under one code (#2) or scoped to a unit (@单位) for
        its code), or an uncoded item (a repetition mark #2 left out)."""
        if self.scheme == "item":
            return "item", self.key.split("#", 1)[0]
        code = self.code or self.key.split("@", 1)[0].split("#", 1)[0].split("+", 1)[0]
        if self.scheme == "combination":
            return catalogue().scheme_key(code), code
        return self.scheme, code

    def printed_codes(self) -> tuple[tuple[str, str], ...]:
        """Each classification code the row prints, with the name printed beside it (the row's name where it
        prints one code); no name on a row that prints its code again (#2): its name is a project's or a unit's."""
        if self.scheme == "item":
            return ()
        if "#" in self.key:
            return tuple((code, "") for code in (self.codes or (self.concept[1],)))
        if self.codes:
            names = self.names or ("",) * len(self.codes)
            printed = ((self.codes[0], names[0] or self.label), *zip(self.codes[1:], names[1:], strict=False))
        else:
            printed = ((self.concept[1], self.label),)
        # a classification's names begin with no digit: what does is a unit's or a project's number beside the code
        return tuple((code, "" if strip_ordinal(name)[:1].isdigit() else name) for code, name in printed)


@dataclass(frozen=True)
class Figure:
    """One printed amount."""

    row: Row
    column: str  # canonical column label
    value: Decimal  # as printed: the exponent keeps the printed decimals
    page: int | None
    line: int | None
    half: int = 0  # which half of a table printed in halves side by side (收入 | 支出) the figure is in

    @property
    def decimals(self) -> int:
        exponent = self.value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class Table:
    """One table of the report, possibly printed over several pages."""

    kind: str  # catalogue key, e.g. "expenditure"
    title: str  # as printed, whitespace removed
    unit: str  # "万元", "千元" or "元"
    page: int | None
    line: int | None
    figures: tuple[Figure, ...]
    note: str | None = None  # e.g. the printed "本表无数据" note
    headers: tuple[tuple[str, str, int], ...] = ()  # (canonical column, printed header path, half) per figure column
    last_page: int | None = None  # the page a table continued over pages ends on
    warnings: tuple[str, ...] = ()  # located: what was read although not printed as expected (125360,898)
    halves: tuple[str, ...] = ()  # a table printed in halves: the header over each half's names (支出功能分类)


@dataclass(frozen=True)
class Amount:
    """An amount the prose states, as printed: its value, decimals and unit."""

    value: Decimal
    decimals: int
    unit: str  # 万元 or 元

    @property
    def wan_yuan(self) -> Decimal:
        """In 万元, exact."""
        return in_wan_yuan(self.value, self.unit)

    @property
    def half_width(self) -> Decimal:
        """Half the rounding interval of the printed amount, in 万元."""
        return in_wan_yuan(Decimal(5).scaleb(-(self.decimals + 1)), self.unit)


def in_wan_yuan(value: Decimal, unit: str) -> Decimal:
    """An amount printed in ``unit`` (万元, 千元, 元), in 万元, exact."""
    return (value * YUAN_PER_UNIT[unit]).scaleb(-4)


@dataclass(frozen=True)
class Change:
    """The change on the year before a sentence states with an amount: by how much (``falls``: 减少, 下降 …), and
    by what percentage (negative where its words say a fall: 下降1.87%)."""

    amount: Amount
    falls: bool
    percent: Decimal
    percent_decimals: int


@dataclass(frozen=True)
class Statement:
    """An amount the prose states."""

    words: str  # what names it (本年收入合计)
    amount: Amount
    text: str  # its sentence, as printed (white space removed)
    page: int | None
    line: int | None
    change: Change | None = None


@dataclass(frozen=True)
class Report:
    department: str
    year: int
    document: str  # the phase: "决算" (final accounts) or "预算" (budget)
    source: Source
    tables: tuple[Table, ...]
    unit_name: str | None = None  # the unit (单位) whose report this is, when a file holds several units' reports
    statements: tuple[Statement, ...] = ()  # what its prose (情况说明) states of its key figures, and changes

    @property
    def name(self) -> str:
        who = f"{self.department}/{self.unit_name}" if self.unit_name else self.department
        return f"{who} {self.year} {self.document}"

    def table(self, kind: str) -> Table | None:
        return next((t for t in self.tables if t.kind == kind), None)


@dataclass(frozen=True)
class Skipped:
    """A table a reader saw but did not read, and why."""

    title: str
    page: int | None
    reason: str


@dataclass(frozen=True)
class Reading:
    """What one file holds: its reports, the tables skipped, and located warnings."""

    source: Source
    pages: int | None
    reports: tuple[Report, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
