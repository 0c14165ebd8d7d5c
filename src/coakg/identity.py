"""Who published a report, for which year, and which phase it is: from the cover, a title, or table headers.

Covers print it in many ways: ``X2026年度部门预算``, ``2026年X部门预算``,
``2026年度X单位预算公开``, ``X（汇总）2026年部门预算``, ``X2022年部门综合预算``,
``Y市2026年市级单位预算`` with ``预算单位：X`` on its own line. A file that holds
only tables names the department in a table header (``部门：X``, ``单位名称：X``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .layout import YEAR, normalize


@dataclass(frozen=True)
class Identity:
    department: str
    year: int
    document: str  # the phase: "决算" or "预算"


_SCOPE = r"(?:[（(](?:本级|汇总|部门汇总|单位汇总|机关本级)[）)])?"
_DOC = r"(?:部门|单位)(?:综合)?(?P<doc>预算|决算)"
_BEFORE = re.compile(rf"(?P<dept>[^\d\s，。：:、“”]{{2,40}}?){_SCOPE}(?P<year>{YEAR})年度?{_DOC}")
_AFTER = re.compile(rf"(?P<year>{YEAR})年度?(?P<dept>[^\d\s，。：:、“”]{{2,40}}?){_SCOPE}{_DOC}")
_BRACKETED_YEAR = re.compile(rf"[（(]({YEAR})年度?[）)]|({YEAR})[（(]年度?[）)]")  # （2026年度）, 2026（年度）
_NO_YEAR = re.compile(rf"^(?P<dept>[^\d\s，。：:、“”]{{2,40}}?){_SCOPE}年度?{_DOC}")
_YEAR_DOC = re.compile(rf"(?P<year>{YEAR})年度?[^\d，。]{{0,10}}?(?:部门|单位)(?:综合)?(?P<doc>预算|决算)")
_NAMED = re.compile(r"(?:(?:预算单位|预算主管部门|主管部门|编制单位|部门)[：:]|(?:部门名称|单位名称)[：:]?)"
                    r"(?P<dept>[^\s：:，。]{2,40}?)(?=金额单位|单位[：:]|$)")
_PAGE_MARK = re.compile(r"^(?:[-—–]+\d{1,3}[-—–]+|\d{1,3}$)")
_NOT_NAMES = ("目录", "第一部分", "第二部分", "公开", "说明", "年度", "本级", "汇总")


_NUMERAL_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")  # 二〇二四年
_NUMERALS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_A_YEAR = re.compile(rf"({YEAR})年")
_TITLE_YEAR = re.compile(rf"(?P<year>{YEAR})年度?[^\d，。]{{0,20}}?(?P<doc>预算|决算)[^\d，。]{{0,8}}表$")


def _flat(line: str) -> str:
    """A line without white space, a year printed in Chinese numerals (二〇二四年) in digits."""
    return _NUMERAL_YEAR.sub(lambda m: m.group(0).translate(_NUMERALS), normalize(line))


def identify(cover: str, lines: list[str], orgs: list[str]) -> Identity | None:
    """Department, year and phase from a cover text, else from the report's lines and table headers.

    ``cover`` is the text of the first page(s); ``lines`` the text lines of the
    report; ``orgs`` the organizations named above its tables.
    """
    found = _from_text(cover)
    if found:
        return found
    flat = [_flat(line) for line in lines]
    # the year of a file without cover: of the lines naming a year's 部门预算/决算 (a project's text may name last
    # year's: 2025年部门预算绩效服务尾款), the one of the year the file prints most
    printed = Counter(int(m.group(1)) for line in flat for m in _A_YEAR.finditer(line))
    naming = [m for m in map(_YEAR_DOC.search, flat) if m]
    year_doc = max(naming, key=lambda m: printed[int(m["year"])], default=None)
    dept = next((_clean(o) for o in orgs if _clean(o)), None)
    if dept is None:
        named = next((m for m in map(_NAMED.search, flat) if m), None)
        dept = _clean(named["dept"]) if named else None
    if year_doc is None:
        bracketed = next((m for m in map(_BRACKETED_YEAR.search, flat) if m), None)
        if bracketed and dept:
            phase = "决算" if any("决算" in line for line in lines[:200]) else "预算"
            return Identity(dept, int(bracketed.group(1) or bracketed.group(2)), phase)
        titled = next((m for m in map(_TITLE_YEAR.search, flat) if m), None)
        if titled and dept:  # 2024年度支出决算表 under 编制单位：X
            return Identity(dept, int(titled["year"]), titled["doc"])
        return None
    year = int(year_doc["year"])
    most = max(printed, key=lambda y: printed[y])
    if printed[year] * 2 < printed[most]:  # named only in a project's text: the year the file prints most
        year = most
    for line in flat:
        m = _BEFORE.search(line) or _AFTER.search(line)
        if m and _clean(m["dept"]) and int(m["year"]) == year:
            return Identity(dept or _clean(m["dept"]), year, m["doc"])
    if dept:
        return Identity(dept, year, year_doc["doc"])
    return None


def _from_text(cover: str) -> Identity | None:
    cover_lines = [_PAGE_MARK.sub("", _flat(line)) for line in cover.splitlines()]
    cover_lines = [line for line in cover_lines if line][:12]
    named = next((m for m in (_NAMED.match(line) for line in cover_lines) if m), None)
    flat = "".join(cover_lines)
    year_doc = _YEAR_DOC.search(flat)
    if named and year_doc and _clean(named["dept"]):
        return Identity(_clean(named["dept"]), int(year_doc["year"]), year_doc["doc"])
    for pattern in (_BEFORE, _AFTER):
        for line in [*cover_lines, flat]:
            m = pattern.search(line)
            if m and _clean(m["dept"]):
                return Identity(_clean(m["dept"]), int(m["year"]), m["doc"])
    year = re.search(YEAR, flat)  # a year printed apart from the title: X / 年度部门决算 / 2024
    if year is None:
        return None
    m = _NO_YEAR.search(flat.replace(year.group(0), ""))
    if m and _clean(m["dept"]):
        return Identity(_clean(m["dept"]), int(year.group(0)), m["doc"])
    return None


def _clean(dept: str) -> str:
    dept = re.sub(r"^(?:第[一二三四五]部分|[一二三四五六七八九十]+、)", "", dept)
    dept = re.sub(r"[（(](?:本级|汇总|部门汇总|单位汇总|机关本级)[）)]$", "", dept)
    dept = _balanced(dept.strip(".．。·、,，:：;； "))
    if len(dept) < 2 or any(dept.startswith(w) or dept == w for w in _NOT_NAMES) or dept.endswith("年"):
        return ""
    return dept


def _balanced(name: str) -> str:
    """A name without a bracket it does not close or open: X（Y） keeps its ）, （X and X） lose their stray one."""
    opened = lambda text: text.count("（") + text.count("(") - text.count("）") - text.count(")")  # noqa: E731
    while name and name[-1] in "）)" and opened(name) < 0:
        name = name[:-1]
    while name and name[0] in "（(" and opened(name) > 0:
        name = name[1:]
    return name
