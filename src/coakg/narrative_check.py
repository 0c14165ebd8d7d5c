"""Check what a report's prose states (its statements, :mod:`narrative`) against its tables and against itself.

- narrative-figure: an amount the prose states under the words that name a key figure (the catalogue's
  ``[narrative.words]``) meets the key figure the tables print, or a total their summary tables print (收支总表,
  财政拨款收支总表: a figure other than 0 of a 合计, 总计 or 小计 row, by its printed name: the sentence before may have
  named another fund), within one unit of the stated amount's last decimal (prose cuts its figures, or adds them
  from rounded parts: 70,376.87 for 70,376.86058) and the rounding of the tables' figure (±½·10^-decimals), in 万元.
  Words the catalogue lists as naming a total that is no key figure (财政拨款收入支出总计) must meet one of the
  totals. One finding per statement.
- narrative-change: a change on the year before stated with an amount (比上年减少56.95万元，下降1.87%) agrees with
  it: the percentage is the change over the year before's amount (the amount less the change, or plus it for a
  fall) within the rounding of the three figures (a percentage cut after its last decimal, 23.9% for 23.998%,
  agrees), and says a fall where the change does.
"""

from __future__ import annotations

from decimal import Decimal

from .check import half_width
from .findings import Finding, Location
from .key_figures import KeyFigure, key_figures
from .model import Report, Statement, in_wan_yuan
from .narrative import agrees
from .tables import ANY_TOTAL, catalogue

NARRATIVE = "narrative"  # the place of a finding on the prose (Location.table)
_TOTALS = ("合计", "总计", "小计")
_SUMMARIES = ("summary", "fiscal-summary")  # the tables whose totals a sentence may state of one fund or another


def narrative_findings(report: Report) -> list[Finding]:
    """The findings on the report's prose."""
    named = {kf.key: kf for kf in key_figures(report) if kf.code is None}
    totals = [(in_wan_yuan(f.value, t.unit), in_wan_yuan(half_width(f), t.unit)) for t in report.tables
              if catalogue().kind(t.kind).key in _SUMMARIES for f in t.figures
              if f.value and any(w in f.row.label for w in _TOTALS)]
    found: list[Finding] = []
    for n, s in enumerate(report.statements, start=1):
        keys = catalogue().narrative_words.get(s.words, ())
        figures = [named[k] for k in keys if k in named]
        if (figures or ANY_TOTAL in keys) and not any(_meets(s, v, h) for v, h in totals) and not any(
                _meets(s, kf.wan_yuan, _half_width(kf)) for kf in figures):
            printed = (f"{figures[0].wan_yuan} 万元 ({figures[0].table}), allowed "
                       f"±{2 * s.amount.half_width + _half_width(figures[0])} 万元" if figures else "no such total")
            found.append(Finding("narrative-figure", report.name, _where(n, s), message=(
                f"the prose states {s.words} {s.amount.value} {s.amount.unit}; the tables print {printed}: "
                f"“{_excerpt(s)}”")))
        if s.change is not None and (wrong := _change_disagrees(s)):
            found.append(Finding("narrative-change", report.name, _where(n, s), message=f"{wrong}: “{_excerpt(s)}”"))
    return found


def _meets(s: Statement, value: Decimal, half: Decimal) -> bool:
    return abs(s.amount.wan_yuan - value) <= 2 * s.amount.half_width + half


def _half_width(kf: KeyFigure) -> Decimal:
    """Half the rounding interval of a key figure, in 万元: its printed cells' added."""
    return in_wan_yuan(sum((half_width(c) for c in kf.cells), Decimal(0)), kf.unit)


def _change_disagrees(s: Statement) -> str | None:
    """What is wrong with the change a statement states, or None."""
    change = s.change
    assert change is not None
    if agrees(s.amount, change) is not False:
        return None
    percent = abs(change.percent)
    if percent and change.amount.value and change.falls != (change.percent < 0):
        return (f"the change is stated as a {'fall' if change.falls else 'rise'} of {change.amount.value} "
                f"{change.amount.unit} and a {'rise' if change.percent > 0 else 'fall'} of {percent}%")
    base = s.amount.wan_yuan + (change.amount.wan_yuan if change.falls else -change.amount.wan_yuan)  # > 0: agrees
    return (f"{change.amount.value} {change.amount.unit} on {base.normalize():f} 万元 the year before is "
            f"{(100 * change.amount.wan_yuan / base).quantize(Decimal('0.01'))}%, stated {percent}%")


def _where(n: int, s: Statement) -> Location:
    """Where a statement is: the prose (its number among the report's statements, its words) and its page or line."""
    return Location(NARRATIVE, str(n), s.words, "", s.page, s.line)


def _excerpt(s: Statement, most: int = 60) -> str:
    return s.text if len(s.text) <= most else s.text[:most] + "…"
