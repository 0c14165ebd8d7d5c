"""Who published a report, for which year, and what it is: from the cover or title text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import normalize


@dataclass(frozen=True)
class Identity:
    department: str
    year: int
    document: str  # "决算" or "预算"


_TITLE = re.compile(r"(?P<dept>[^\d，。：:]{2,60}?)(?P<year>20\d\d)年度?部门(?P<doc>决算|预算)")
_COVER = re.compile(r"^(?P<dept>[^\d]{2,60}?)年度?部门(?P<doc>决算|预算)")
_PART = re.compile(r"^第[一二三四五]部分")
_DEPT_LINE = re.compile(r"部门[：:](?P<dept>.+?)(?:单位[：:]|$)")


def identify(cover: str, lines: list[str]) -> Identity | None:
    """Department, year and document from a cover text, else from the report's lines.

    ``cover`` is the text of a cover page (may be empty); ``lines`` the text lines
    that follow. A "部门：X" line of a table header names the department when
    the cover does not.
    """
    flat = normalize(cover)
    m = _TITLE.search(flat)
    if m:
        return Identity(_clean(m["dept"]), int(m["year"]), m["doc"])
    year = re.search(r"(20\d\d)", flat)
    m = _COVER.search(flat.replace(year.group(1), "") if year else flat)
    if m and year:
        return Identity(_clean(m["dept"]), int(year.group(1)), m["doc"])
    dept = None
    for line in lines:
        d = _DEPT_LINE.search(normalize(line))
        if d:
            dept = _clean(d["dept"])
            break
    for line in lines:
        m = _TITLE.search(normalize(line))
        if m:
            return Identity(dept or _clean(m["dept"]), int(m["year"]), m["doc"])
    return None


def _clean(dept: str) -> str:
    return _PART.sub("", dept).strip("（）()")
