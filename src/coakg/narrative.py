"""What a report's prose (its 情况说明) states: each amount it names, with the words that name it, and the change on the
year before it states with it (比上年增加 2486.9 万元，增长 90.66%). Read from the report's text, page by page or
line by line; nothing here knows of PDFs or RDF.

A sentence ends at 。；; its clauses at ，：. An amount is a number followed by 万元 or 元. The words that name it are
its clause's, up to the amount: numbering (一、 1. （二）), 其中, the year (2024年度) and who states it (本部门, the
department's name) left out, and a 为 or 是 before the amount; quotes, brackets and white space removed. An amount
after a word of change (增加, 减少 …), with the percentage that follows it, is the change of the amount stated last
before it in its sentence (比上年增加), or of the one it names there, or of the last amount of the sentence before
when its sentence begins with a comparison and names that amount again (…总计2995.39万元。与2023年度相比，收入支出
总计减少56.95万元，下降1.87%). A line of its own that begins with numbering and prints no figure (一、收入决算情况
说明) is a heading: a sentence of its own; a line of a page's number alone is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .model import Amount, Change, Statement

_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|元)")
_SENTENCE = re.compile(r"[。；;！？]")
_CLAUSE = re.compile(r"[，,：:]")
_CHANGE = re.compile(r"(增加|减少|增长|下降|降低|提高)了?$")
_PERCENT = re.compile(r"[，,]?(增长|下降|增加|减少|降低|提高)了?(\d+(?:\.\d+)?)%")
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


def statements(pages: Iterable[tuple[int | None, int | None, str]], who: Iterable[str] = ()) -> tuple[Statement, ...]:
    """Every amount stated in ``pages``: (page, first line, text) each, a page of a PDF or a text's lines (line
    numbers counted from the first). ``who``: the names of who states the report (its department, the words
    本部门, 本单位 …), left out of the words that name an amount."""
    names = sorted({normalize(w) for w in who if w}, key=len, reverse=True)
    found: list[Statement] = []
    for page, first, text in pages:
        flat, line_of = "", []  # the text without white space, and the line of each of its characters
        for k, printed in enumerate(text.split("\n")):
            kept = re.sub(r"\s+", "", printed)
            if kept.isdigit() or re.fullmatch(r"[-—－]?\d+[-—－]?|第\d+页(?:共\d+页)?", kept):
                kept = ""  # a page's number
            heading = _HEADING.match(kept)
            if heading and not _STOPS.search(kept) and not re.search(r"\d", _YEARS.sub("", kept[heading.end():])):
                kept = f"。{kept}。"  # a heading (一、收入决算情况说明): a sentence of its own, though it ends in none
            flat += kept
            line_of += [k] * len(kept)
        start, previous = 0, list[int]()
        for sentence in [*_SENTENCE.split(flat)]:
            line = None if first is None or not sentence else first + line_of[start]
            previous = _sentence(sentence, page, line, names, found, previous)
            start += len(sentence) + 1
    return tuple(found)


def _sentence(sentence: str, page: int | None, line: int | None, names: list[str], found: list[Statement],
              previous: list[int]) -> list[int]:
    """The statements of one sentence, added to ``found``; ``previous``: those of the sentence before, by index in
    ``found``. This sentence's, by index in ``found``."""
    clause_start, mine = 0, []  # where the next clause may begin; this sentence's statements, by index in found
    for m in _AMOUNT.finditer(sentence):
        cut = max((c.end() for c in _CLAUSE.finditer(sentence, clause_start, m.start())), default=clause_start)
        lead = sentence[cut:m.start()]
        amount = Amount(Decimal(m.group(1).replace(",", "")), len(m.group(1).partition(".")[2]), m.group(2))
        verb = _CHANGE.search(lead)
        if verb is None:
            mine.append(len(found))
            found.append(Statement(_words(lead, names), amount, sentence, page, line))
        elif (percent := _PERCENT.match(sentence, m.end())) is not None:
            k = _changed(found, mine, previous, _changed_words(lead[:verb.start()], names),
                         _COMPARED.match(sentence) is not None)
            if k is not None and found[k].change is None and found[k].amount.unit == amount.unit:
                value, decimals = Decimal(percent.group(2)), len(percent.group(2).partition(".")[2])
                found[k] = _with_change(found[k], Change(amount, verb.group(1) not in _GROWS,
                                                         value if percent.group(1) in _GROWS else -value, decimals))
        clause_start = m.end()
    return mine


def _changed(found: list[Statement], mine: list[int], previous: list[int], words: str, compared: bool) -> int | None:
    """Which statement a change is of (its index in ``found``): the last of its sentence, if the change names
    nothing or names it (比上年增加 …; 收支总计各增加 …), else the last of its sentence it names; the last of the
    sentence before it names, when its sentence states none before it and begins with a comparison (…总计2995.39
    万元。与2023年度相比，收入支出总计减少56.95万元); else none."""
    if mine:
        if not words or found[mine[-1]].words == words:
            return mine[-1]
        return next((k for k in reversed(mine) if found[k].words == words), None)
    if compared and words:
        return next((k for k in reversed(previous) if found[k].words == words), None)
    return None


def _changed_words(lead: str, names: list[str]) -> str:
    """What a change names, from its clause up to its word of change: the comparison (比上年, 较2025年预算数, 与上年
    相比) and 各, 均 left out, and what any amount's words leave out."""
    return _words(_EACH.sub("", _COMPARISON.sub("", normalize(lead))), names)


def _with_change(statement: Statement, change: Change) -> Statement:
    return Statement(statement.words, statement.amount, statement.text, statement.page, statement.line, change)


def _words(lead: str, names: list[str]) -> str:
    """What names an amount: its clause up to it, numbering, who states it and the year left out."""
    words = normalize(lead)
    while True:
        before = words
        words = _NUMBERING.sub("", words)
        words = _YEAR.sub("", words)
        for name in names:
            words = words.removeprefix(name)
        words = words.lstrip("，,、")
        if words == before:
            break
    return _CONNECTOR.sub("", words)


def normalize(text: str) -> str:
    """Words as the catalogue lists them: without white space, quotes, brackets of quotation and 、."""
    return _DROPPED.sub("", text)
