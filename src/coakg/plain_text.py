"""The plain text of a page's characters as pdfplumber makes it with its default settings (``Page.extract_text()``
and ``pdfplumber.utils.extract_text``), made in fewer steps: the same words, the same lines, the same string.

A word is a run of characters of one line, split at a space, or where the next character does not follow on (it
begins left of the one before, or more than 3 points after its end, or more than 3 points above or below it); a
line is a cluster of words whose tops stand within 3 points of one another. Upright characters run left to right
in lines top-down; characters turned run top-down in lines left to right. Ligatures are spelt out (ﬁ: fi).

pdfplumber's word extractor is general (any direction, tolerance or setting) and made a seventh of the time of
reading a file: a table prints hundreds of cells, each made into text. Tests compare both on every table cell and
page of corpus files and on random characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

TOLERANCE = 3  # pdfplumber's default x_tolerance and y_tolerance, in points


def text(chars: list[dict], in_order: bool = False) -> str:
    """The text of ``chars`` (pdfplumber's character dicts), lines joined by a line break and words by a space.
    ``in_order``: as a page's text (``Page.extract_text``), each run of words of one line cluster a line (a cluster
    interrupted by another is printed again); else as ``utils.extract_text``, all the words of a cluster one line."""
    from pdfplumber.utils.text import LIGATURES  # imported when a page is read, not with the reader

    if not chars:
        return ""
    words = [w for _, run in groupby(chars, key=itemgetter("upright")) for w in _words(list(run), LIGATURES)]
    line_of = _clusters(top for top, _ in words)
    if in_order:
        lines = [[t for _, t in run] for _, run in groupby(words, key=lambda w: line_of[w[0]])]
        return "\n".join(_spaced(line) for line in lines)
    lines = [[t for _, t in run] for _, run in groupby(sorted(words, key=lambda w: line_of[w[0]]),
                                                      key=lambda w: line_of[w[0]])]
    return "\n".join(" ".join(line) for line in lines)


def _spaced(words: list[str]) -> str:
    """A line's words as a page's text map puts them: a space before each word once the line prints something."""
    line = ""
    for word in words:
        line += (" " if line else "") + word
    return line


def _clusters(values) -> dict[float, int]:
    """Each value's cluster: the values sorted, a cluster ending where the next stands more than 3 points on."""
    ids: dict[float, int] = {}
    n, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + TOLERANCE:
            n += 1
        ids[value], last = n, value
    return ids


def _words(run: list[dict], ligatures: dict[str, str]) -> Iterator[tuple[float, str]]:
    """The words of a run of characters all upright or all turned, line by line: each word's top and text."""
    upright = run[0]["upright"]
    along, across, end = ("x0", "top", "x1") if upright else ("top", "x0", "bottom")
    order = itemgetter("x0") if upright else itemgetter("top", "bottom")
    line_of = _clusters(c[across] for c in run)
    for _, line in groupby(sorted(run, key=lambda c: line_of[c[across]]), key=lambda c: line_of[c[across]]):
        word: list[dict] = []
        for c in sorted(line, key=order):
            t = c["text"]
            if t.isspace():  # a space ends the word
                if word:
                    yield _word(word, ligatures)
                word = []
            elif t == "":  # a character without text is a word of its own
                if word:
                    yield _word(word, ligatures)
                yield _word([c], ligatures)
                word = []
            elif word and (c[along] < word[-1][along] or c[along] > word[-1][end] + TOLERANCE
                           or abs(c[across] - word[-1][across]) > TOLERANCE):
                yield _word(word, ligatures)
                word = [c]
            else:
                word.append(c)
        if word:
            yield _word(word, ligatures)


def _word(chars: list[dict], ligatures: dict[str, str]) -> tuple[float, str]:
    return min(c["top"] for c in chars), "".join(ligatures.get(c["text"], c["text"] or "") for c in chars)
