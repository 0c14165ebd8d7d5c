"""The table catalogue (``catalogue.toml``): kinds of table, their titles, columns and identities, as data.

Everything coakg knows about the tables of a 部门预算 or 部门决算 is in that one
file; this module loads it and answers the questions readers, rules and IRIs ask
of it: which kind a printed title is, which canonical column a printed header
is, which scheme a code belongs to.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

AMOUNT = "@amount"  # the phase's amount column (决算数 or 预算数), in catalogue entries
ANY_TOTAL = "@total"  # in [narrative.words]: words that name a total the tables print that is no key figure


@dataclass(frozen=True)
class Phase:
    name: str  # 决算 or 预算
    slug: str  # final or budget
    amount: str  # the column of a single-amount table
    title: str  # 部门决算 or 部门预算


@dataclass(frozen=True)
class Scheme:
    key: str
    first: str  # the first digit of its codes
    levels: dict[int, str]  # code length -> level name (类, 款, 项)
    zh: str
    en: str
    local: tuple[int, ...] = ()  # levels a publisher subdivides into at will: printed with or without the level above


@dataclass(frozen=True)
class TableKind:
    key: str
    number: int  # place in the national layout of 决算, 0 if none
    titles: tuple[re.Pattern, ...]
    required: tuple[str, ...] = ()  # phases in which the table must be printed
    sides: tuple[str, ...] = ()
    halves: int = 1
    columns: dict[str, str] = field(default_factory=dict)  # printed header (last parts) -> canonical
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    row_item: str | None = None
    stages: tuple[str, ...] = ()  # column groups a 三公 table repeats its items under
    skip: str | None = None  # why a table of this kind is not read
    header_identities: bool = True  # a 合计/小计 column = Σ the columns beside it under the same header
    total_scope: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a total naming X leaves these out
    names_codes: bool = True  # a row's name is its code's (not a project's): attested as a name of the code
    named_classes: str | None = None  # the classification whose classes its rows may name without their code


@dataclass(frozen=True)
class Identity:
    """A declared identity: total = Σ weight · item. Cells are (kind, row, column) or, within a table, row or
    column names; "@amount" is the phase's amount column, "*function"/"*class" every function class."""

    phases: tuple[str, ...]
    kinds: tuple[str, ...]
    total: Any  # a column or row name, or a (kind, row, column) cell
    items: tuple[tuple[int, Any], ...]
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeySource:
    """Where a key figure may be printed: a table kind, the rows and the columns it may be printed in."""

    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    unless: tuple[str, ...] = ()  # not in a table that prints a column whose header holds one of these words
    not_under: tuple[str, ...] = ()  # not a column whose printed header path holds one of these words


@dataclass(frozen=True)
class KeyFigureSpec:
    """A report-level figure compared across reports, and where publishers print it (catalogue: key_figure)."""

    key: str
    zh: str
    en: str
    sources: tuple[KeySource, ...] = ()
    per: str | None = None  # one figure per class (3-digit code) of this classification
    sangong: tuple[str, str] | None = None  # (item, stage) of a 三公 figure


@dataclass(frozen=True)
class SangongWords:
    """How a 三公 table names its items: word -> item, the words of a total of all columns, of other expenses."""

    items: dict[str, str]
    grand_total: tuple[str, ...]
    beside: tuple[str, ...]
    funds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    phases: dict[str, Phase]
    schemes: dict[str, Scheme]
    class_names: dict[str, str]
    economic_class_names: dict[str, str]
    item_aliases: dict[str, str]
    columns: dict[str, str]  # canonical column -> slug
    stage_slugs: dict[str, str]
    column_words: dict[str, str]
    non_additive: tuple[str, ...]
    not_parts: tuple[str, ...]
    total_words: tuple[str, ...]
    quantities: tuple[str, ...]
    kinds: tuple[TableKind, ...]
    column_identities: tuple[Identity, ...]
    row_identities: tuple[Identity, ...]
    cross_identities: tuple[Identity, ...]
    rules: dict[str, str]
    key_figures: tuple[KeyFigureSpec, ...] = ()
    sangong_words: SangongWords = SangongWords({}, (), (), ())
    narrative_who: tuple[str, ...] = ()  # who states a report, as its prose names them (本部门 …)
    narrative_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words -> the key figures they name

    def rule_name(self, rule: str) -> tuple[str, str]:
        """A rule's name in Chinese and in English, as the catalogue states it (``中文 (English)``)."""
        zh, _, en = self.rules.get(rule, rule).partition(" (")
        return zh, en.removesuffix(")") or zh

    @cached_property
    def header_words(self) -> frozenset[str]:
        """Every word the catalogue knows for a part of a printed header path."""
        words = set(self.columns) | set(self.column_words) | {p.amount for p in self.phases.values()}
        return frozenset(words | {part for k in self.kinds for column in k.columns for part in column.split("/")})

    def key_figure(self, key: str) -> KeyFigureSpec:
        return next(k for k in self.key_figures if k.key == key)

    def kind(self, key: str) -> TableKind:
        """The kind of a table key; a second table of one kind in a report is keyed other-2, …"""
        base = re.sub(r"-\d+$", "", key)
        return next(k for k in self.kinds if k.key in (key, base))

    def classify_title(self, text: str) -> TableKind | None:
        """The kind of table a printed title line names, or None: the title as printed first (（按经济分类）
        may tell the kind), then without its trailing parenthetical (（本级）, （功能科目）)."""
        # a table number before the title, with a colon (表3：, 附表1：, 公开02表：) is no part of it
        text = _NUMBERED.sub("", re.sub(r"\s", "", text or ""))
        printed = re.sub(r"[\s“”\"'‘’「」]", "", text)
        flat = title_text(text)
        if not flat.endswith("表") or len(flat) > 80 or re.search(r"[。，；：:]", flat):
            return None
        for line in dict.fromkeys((printed, flat)):
            kind = next((k for k in self.kinds for t in k.titles if t.search(line)), None)
            if kind:
                return kind
        return None

    def scheme_of(self, code: str) -> Scheme | None:
        """The classification a printed code belongs to (by its first digit and length), or None."""
        return next((s for s in self.schemes.values() if code[:1] == s.first and len(code) in s.levels), None)

    def scheme_key(self, code: str) -> str:
        """The key of the classification a code belongs to; a code that fits none is taken for a function code."""
        found = self.scheme_of(code)
        return found.key if found else "function"

    def level(self, scheme: str, code: str) -> str:
        s = self.schemes.get(scheme)
        return s.levels.get(len(code), "?") if s else "item"

    def amount(self, phase: str) -> str:
        return self.phases[phase].amount

    def slug(self, column: str) -> str | None:
        """The IRI slug of a canonical column (a 三公 stage/item column: {stage}-{item}), or None."""
        if column in self.columns:
            return self.columns[column]
        stage, _, item = column.partition("/")
        if stage in self.stage_slugs and item in self.columns:
            return f"{self.stage_slugs[stage]}-{self.columns[item]}"
        return None


_NUMBERED = re.compile(r"^(?:附?表|公开|预算|部门公开)?[\d一二三四五六七八九十]{1,3}(?:表)?[：:]")


def title_text(text: str) -> str:
    """A title line normalized for matching: no white space or quotes, no trailing parenthetical."""
    flat = re.sub(r"[\s“”\"'‘’「」]", "", text or "")
    return re.sub(r"(?:[（(][^（）()]{1,30}[）)])+$", "", flat)


def _identity(entry: dict) -> Identity:
    kinds = entry.get("kind", ())
    return Identity(
        phases=tuple(entry.get("phases", ())),
        kinds=(kinds,) if isinstance(kinds, str) else tuple(kinds),
        total=tuple(entry["total"]) if isinstance(entry["total"], list) else entry["total"],
        items=tuple((w, tuple(i) if isinstance(i, list) else i) for w, i in entry["items"]),
        columns=tuple(entry.get("columns", [entry["column"]] if "column" in entry else [])),
    )


@cache
def catalogue() -> Catalogue:
    data = tomllib.loads(files(__package__).joinpath("catalogue.toml").read_text(encoding="utf-8"))
    kinds = tuple(
        TableKind(
            key=k["key"], number=k["number"], titles=tuple(re.compile(t) for t in k["titles"]),
            required=tuple(k.get("required", ())), sides=tuple(k.get("sides", ())), halves=k.get("halves", 1),
            columns=dict(k.get("columns", {})), groups={g: tuple(c) for g, c in k.get("groups", {}).items()},
            row_item=k.get("row_item"), stages=tuple(k.get("stages", ())), skip=k.get("skip"),
            header_identities=k.get("header_identities", True),
            total_scope={w: tuple(x) for w, x in k.get("total_scope", {}).items()},
            names_codes=k.get("names_codes", True),
            named_classes=k.get("named_classes"),
        )
        for k in data["kind"]
    )
    return Catalogue(
        phases={name: Phase(name, **p) for name, p in data["phases"].items()},
        schemes={key: Scheme(key, s["first"], {int(n): v for n, v in s["levels"].items()}, s["zh"], s["en"],
                          tuple(s.get("local", ())))
                 for key, s in data["schemes"].items()},
        class_names=dict(data["class_names"]),
        economic_class_names=dict(data["economic_class_names"]),
        item_aliases=dict(data["item_aliases"]),
        columns=dict(data["columns"]),
        stage_slugs=dict(data["stage_slugs"]),
        column_words=dict(data["column_words"]),
        non_additive=tuple(data["non_additive"]),
        not_parts=tuple(data["not_parts"]),
        total_words=tuple(data["total_words"]),
        quantities=tuple(data["quantities"]),
        kinds=kinds,
        column_identities=tuple(_identity(e) for e in data.get("column_identity", ())),
        row_identities=tuple(_identity(e) for e in data.get("row_identity", ())),
        cross_identities=tuple(_identity(e) for e in data.get("cross_identity", ())),
        rules=dict(data["rules"]),
        key_figures=tuple(_key_figure(e) for e in data.get("key_figure", ())),
        sangong_words=SangongWords(
            items={word: item for item, words in data["sangong_items"].items()
                   if item not in ("grand_total", "beside", "funds") for word in words},
            grand_total=tuple(data["sangong_items"]["grand_total"]),
            beside=tuple(data["sangong_items"]["beside"]),
            funds=tuple(data["sangong_items"]["funds"]),
        ),
        narrative_who=tuple(data["narrative"]["who"]),
        narrative_words={w: tuple(k for k, words in data["narrative"]["words"].items() if w in words)
                         for words in data["narrative"]["words"].values() for w in words},
    )


def _key_figure(entry: dict) -> KeyFigureSpec:
    sangong = entry.get("sangong")
    return KeyFigureSpec(
        key=entry["key"], zh=entry["zh"], en=entry["en"], per=entry.get("per"),
        sangong=(sangong[0], sangong[1]) if sangong else None,
        sources=tuple(KeySource(s["table"], tuple(s["rows"]), tuple(s["columns"]), tuple(s.get("unless", ())),
                                tuple(s.get("not_under", ()))) for s in entry.get("sources", ())),
    )
