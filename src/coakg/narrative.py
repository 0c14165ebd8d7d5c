"""What a report's prose (its 情况说明) states: each amount it names, with the words that name it, and the change on the
year before it states with it (比上年增加 2486.9 万元，增长 90.66%). Read from the report's text, page by page or
line by line; nothing here knows of PDFs or RDF.

A sentence ends at 。；; its clauses at ，：. An amount is a number followed by 万元 or 元 (full-width digits read as
digits). The words that name it are its clause's, up to the amount: numbering (一、 1. （二）), 其中, the report's year
(2024年度) and who states it (本部门, the department's name) left out, and a 为 or 是 before the amount; quotes,
brackets and white space removed. An amount of another year (2023年度收入总计, 上年为, 比上年决算数 …) or named by
nothing but figures (a number broken by a page's header or footer) is no statement of the report.

An amount after a word of change (增加, 减少 …), with the percentage that follows it, is the change of an amount
stated before it: in its sentence, the one it names (收支总计各增加 …), else any it agrees with, the last first (比上年
增加 20.00 万元 after 本年支出合计 120.00 万元，其中：基本支出 90.00 万元，项目支出 30.00 万元 is of the total, as
its percentage shows), else the last; in the sentence before, when its sentence begins with a comparison, the one it
names again (…总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%). A line of its own that begins
with numbering and prints no figure (一、收入决算情况说明) is a heading: a sentence of its own; a line of a page's
number alone (12, - 12 -, 第12页, 12/30) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from .model import Amount, Change, Statement

# an amount as reports print one: at most 15 digits before the point (元 of a country) and 10 after
_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,10})?|\d{1,15}(?:\.\d{1,10})?)(?![\d.,])(万元|元)")
_SENTENCE = re.compile(r"[。；;！？]")
_CLAUSE = re.compile(r"[，,：:]")
_CHANGE = re.compile(r"(增加|减少|增长|下降|降低|提高)了?$")
_PERCENT = re.compile(r"[，,]?(增长|下降|增加|减少|降低|提高)了?(\d{1,6}(?:\.\d{1,10})?)%")
_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）][、.．]?|[一二三四五六七八九十\d]{1,3}[、.．]"
                        r"|其中|另外|此外)+")
_YEAR = re.compile(r"^\d{4}年(?:度)?")
_CONNECTOR = re.compile(r"(?:均为|分别为|为|是|达到|达|共计|共|约)$")
_DROPPED = re.compile(r"[\s“”\"'‘’「」『』《》、]")
_GROWS = ("增加", "增长", "提高")
_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|第[一二三四五六七八九十]+部分)")
_STOPS = re.compile(r"[，,。；;：:]")
_YEARS = re.compile(r"\d{4}年")
_COMPARED = re.compile(r"^(?:与|比|较|同比|相比)")  # a sentence that compares what the sentence before stated
_COMPARISON = re.compile(r"^(?:与|比|较|同比)(?:上年|上一年|去年|\d{4}年度?)?(?:同期)?(?:年初)?(?:预算|决算|执行)?数?"
                         r"(?:相比|比较)?")
_EACH = re.compile(r"(?:各|均|分别|共|了)$")
_BEFORE = re.compile(r"^(?:与|比|较|同比|上年|上一年|去年|前年)")  # words of an amount of another year
_WIDE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_PAGE_NUMBER = re.compile(r"[-—－]?\d{1,3}[-—－]?|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3}")  # not a year
_SEARCHED = 20  # the statements of a sentence a change is looked for among, the last first


def statements(pages: Iterable[tuple[int | None, int | None, str]], who: Iterable[str] = (),
               year: int | None = None) -> tuple[Statement, ...]:
    """Every amount stated in ``pages``: (page, first line, text) each, a page of a PDF or a text's lines (line
    numbers counted from the first). ``who``: the names of who states the report (its department, the words
    本部门, 本单位 …), left out of the words that name an amount; ``year``: the report's (an amount of another is
    left out)."""
    names = sorted({normalize(w) for w in who if w}, key=len, reverse=True)
    found: list[Statement] = []
    for page, first, text in pages:
        flat, line_of = "", []  # the text without white space, and the line of each of its characters
        for k, printed in enumerate(text.translate(_WIDE).split("\n")):
            kept = re.sub(r"\s+", "", printed)
            if _PAGE_NUMBER.fullmatch(kept):
                kept = ""
            heading = _HEADING.match(kept)
            if heading and not _STOPS.search(kept) and not re.search(r"\d", _YEARS.sub("", kept[heading.end():])):
                kept = f"。{kept}。"  # a heading (一、收入决算情况说明): a sentence of its own, though it ends in none
            flat += kept
            line_of += [k] * len(kept)
        start, previous = 0, list[int]()
        for sentence in [*_SENTENCE.split(flat)]:
            line = None if first is None or not sentence else first + line_of[start]
            previous = _sentence(sentence, page, line, names, year, found, previous)
            start += len(sentence) + 1
    return tuple(found)


def _sentence(sentence: str, page: int | None, line: int | None, names: list[str], year: int | None,
              found: list[Statement], previous: list[int]) -> list[int]:
    """The statements of one sentence, added to ``found``; ``previous``: those of the sentence before, by index in
    ``found``. This sentence's, by index in ``found``."""
    clause_start, mine = 0, []  # where the next clause may begin; this sentence's statements, by index in found
    for m in _AMOUNT.finditer(sentence):
        cut = max((c.end() for c in _CLAUSE.finditer(sentence, clause_start, m.start())), default=clause_start)
        lead = sentence[cut:m.start()]
        amount = Amount(Decimal(m.group(1).replace(",", "")), len(m.group(1).partition(".")[2]), m.group(2))
        verb = _CHANGE.search(lead)
        if verb is None:
            words = _words(lead, names, year)
            if words is not None:
                mine.append(len(found))
                found.append(Statement(words, amount, sentence, page, line))
        elif (percent := _PERCENT.match(sentence, m.end())) is not None:
            value, decimals = Decimal(percent.group(2)), len(percent.group(2).partition(".")[2])
            change = Change(amount, verb.group(1) not in _GROWS, value if percent.group(1) in _GROWS else -value,
                            decimals)
            named = _changed_words(lead[:verb.start()])
            k = _changed(found, mine, previous, change, _words(named, names, year) if named else "",
                         _COMPARED.match(sentence) is not None)
            if k is not None:
                found[k] = replace(found[k], change=change)
        clause_start = m.end()
    return mine


def _changed(found: list[Statement], mine: list[int], previous: list[int], change: Change, words: str | None,
             compared: bool) -> int | None:
    """Which statement a change is of (its index in ``found``), among those without a change in its unit: in its
    sentence, the last it names (收支总计各增加 …); else, if it names nothing, the last it agrees with, else the last;
    in the sentence before, when its sentence states none before it and begins with a comparison, the last it names
    (…总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元); else none."""
    if words is None:  # it names an amount of another year, or figures
        return None
    free = [k for k in reversed(mine[-_SEARCHED:])
            if found[k].change is None and found[k].amount.unit == change.amount.unit]
    if mine:
        if words:
            return next((k for k in free if found[k].words == words), None)
        return next((k for k in free if agrees(found[k].amount, change)), free[0] if free else None)
    if compared and words:
        return next((k for k in reversed(previous[-_SEARCHED:]) if found[k].words == words
                     and found[k].change is None and found[k].amount.unit == change.amount.unit), None)
    return None


def agrees(amount: Amount, change: Change) -> bool | None:
    """Whether a change agrees with the amount it is of: its percentage is the change over the year before's amount
    (the amount less a rise, plus a fall) within the rounding of the three figures (each printed figure stands for
    ±½·10^-decimals; a percentage cut after its last decimal agrees too), and it says a fall where the change does
    (a change of nothing, either). None where the year before's amount may be nothing: no percentage to check."""
    percent = abs(change.percent)
    if percent and change.amount.value and change.falls != (change.percent < 0):
        return False
    x, hx = amount.wan_yuan, amount.half_width
    a, ha = change.amount.wan_yuan, change.amount.half_width
    low_a, high_a = max(a - ha, Decimal(0)), a + ha
    hp = Decimal(5).scaleb(-(change.percent_decimals + 1))
    found: list[bool | None] = []
    for sign in ((1 if change.falls else -1,) if a else (1, -1)):  # the year before: less a rise, plus a fall
        low_base, high_base = x - hx + sign * high_a, x + hx + sign * low_a
        found.append(None if low_base <= 0 else
                     not (percent + 2 * hp < 100 * low_a / high_base or percent - hp > 100 * high_a / low_base))
    return False if all(f is False for f in found) else (True if True in found else None)


def _changed_words(lead: str) -> str:
    """What a change names, from its clause up to its word of change: the comparison (比上年, 较2025年预算数, 与上年
    相比) and 各, 均 left out."""
    return _EACH.sub("", _COMPARISON.sub("", normalize(lead)))


def _words(lead: str, names: list[str], year: int | None) -> str | None:
    """What names an amount: its clause up to it, numbering, who states it and the report's year left out; None for
    an amount of another year, or one named by nothing, or by figures (a number a page's header cut in two)."""
    words = normalize(lead)
    while True:
        before = words
        words = _NUMBERING.sub("", words)
        stated = _YEAR.match(words)
        if stated and year is not None and not stated.group().startswith(str(year)):
            return None
        words = _YEAR.sub("", words)
        for name in names:
            words = words.removeprefix(name)
        words = words.lstrip("，,、")
        if words == before:
            break
    words = _CONNECTOR.sub("", words)
    if not words or _BEFORE.match(words) or re.search(r"\d", _YEARS.sub("", re.sub(r"[（(][^）)]*[）)]", "", words))):
        return None
    return words


def normalize(text: str) -> str:
    """Words as the catalogue lists them: without white space, quotes, brackets of quotation and 、."""
    return _DROPPED.sub("", text)
