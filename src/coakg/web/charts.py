"""Charts as inline SVG, drawn on the server (no script library): every label escaped."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")


def _number(value: Decimal, places: int = 2) -> str:
    return f"{value:,.{places}f}"


def bars(items: list[tuple[str, Decimal]], unit: str, title: str, places: int = 2) -> Markup:
    """A horizontal bar chart: one bar per (label, value), written with ``places`` decimals; negative values drawn
    to the left of zero."""
    if not items:
        return Markup("")
    width, label_w, value_w, bar_h = 760, 300, 110, 18
    plot = width - label_w - value_w
    low: Decimal = min(Decimal(0), *(v for _, v in items))
    high: Decimal = max(Decimal(0), *(v for _, v in items))
    span = (high - low) or Decimal(1)
    zero = label_w + float((-low) / span) * plot
    height = bar_h * len(items) + 30
    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
             f'<text x="{label_w}" y="12" class="axis">{escape(unit)}</text>']
    for i, (label, value) in enumerate(items):
        y = 20 + i * bar_h
        x1 = label_w + float((min(value, Decimal(0)) - low) / span) * plot
        w = max(float(abs(value) / span) * plot, 0.5)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{x1:.1f}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 5}" fill="{PALETTE[0]}">'
                     f'<title>{escape(label)}: {_number(value, places)}</title></rect>'
                     f'<text x="{width - 4}" y="{y + 13}" text-anchor="end">{_number(value, places)}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="16" x2="{zero:.1f}" y2="{height - 8}" stroke="#333"/></svg>')
    return Markup("".join(parts))


def lines(series: dict[str, dict[int, Decimal]], unit: str, title: str) -> Markup:
    """A line chart: one line per series (label → {year: value}) over the years of all series, with a legend."""
    years = sorted({y for points in series.values() for y in points})
    if not years:
        return Markup("")
    width, height, left, top, legend_w = 760, 300, 80, 20, 230
    plot_w, plot_h = width - left - legend_w - 20, height - top - 40
    values = [v for points in series.values() for v in points.values()]
    low: Decimal = min(Decimal(0), *values)
    high: Decimal = max(Decimal(0), *values)
    span = (high - low) or Decimal(1)

    def x(year: int) -> float:
        return left + (plot_w * years.index(year) / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(value: Decimal) -> float:
        return top + plot_h - float((value - low) / span) * plot_h

    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
             f'<text x="4" y="12" class="axis">{escape(unit)}</text>',
             f'<line x1="{left}" y1="{y(Decimal(0)):.1f}" x2="{left + plot_w}" y2="{y(Decimal(0)):.1f}" '
             'stroke="#999"/>',
             f'<text x="{left - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{_number(high)}</text>',
             f'<text x="{left - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{_number(low)}</text>']
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - 18}" text-anchor="middle">{year}</text>')
    for i, (label, points) in enumerate(sorted(series.items())):
        colour = PALETTE[i % len(PALETTE)]
        coords = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(points.items()))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for yr, v in sorted(points.items()):
            parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(label)} {yr}: {_number(v)}</title></circle>')
        ly = top + 14 * i
        parts.append(f'<rect x="{width - legend_w}" y="{ly}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{width - legend_w + 14}" y="{ly + 9}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
