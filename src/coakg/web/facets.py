"""What a report list is filtered by: a department's place (its city or province, from the name it prints:
甲市审计局 → 甲市; a national department, 国家…局 → 中央) and its kind (what it is, the name without its place:
甲市审计局 → 审计局), beside the report's year, phase and findings."""

from __future__ import annotations

import re

NATIONAL = "中央"
# a place the name begins with: a province, a city, then any district or county of it (甲市乙区 → 甲市)
_PLACE = re.compile(r"^(?:中共|中国共产党)?(.{2,7}?(?:特别行政区|自治区|自治州|省|市|盟|地区))")
_CENTRAL = re.compile(r"^(?:中共中央|中央|国家|国务院|中华人民共和国|全国)")
_COUNTY = re.compile(r"^.{1,6}?(?:区|县|旗)(?=.)")
_PARTY = re.compile(r"^(?:中共|中国共产党)")


def place(department: str) -> str:
    """The city or province a department's name begins with; 中央 for a national department; "" if none."""
    if _CENTRAL.match(department):
        return NATIONAL
    m = _PLACE.match(department)
    if m and m.group(1).endswith(("省", "自治区")):  # a province's city, if it names one (甲省乙市财政局 → 乙市)
        city = _PLACE.match(department[m.end():])
        return city.group(1) if city and len(department) - m.end() - city.end() >= 2 else m.group(1)
    return m.group(1) if m else ""


def kind(department: str) -> str:
    """What a department is, its name without the place (甲市审计局 → 审计局, 中共甲市委宣传部 → 宣传部,
    国家某某局 → 某某局); the whole name when it names no place."""
    rest = _PARTY.sub("", department)
    m = _PLACE.match(rest) or _CENTRAL.match(rest)
    if m:
        rest = rest[m.end():]
        city = _PLACE.match(rest) if m.group(0).endswith(("省", "自治区")) else None
        rest = rest[city.end():] if city and len(rest) - city.end() >= 2 else rest
        rest = _COUNTY.sub("", rest) if _COUNTY.match(rest) and len(rest) > 4 else rest
    rest = re.sub(r"^(?:委|市委|人民政府)(?=.)", "", rest) if len(rest) > 3 else rest
    return rest or department
