"""Charts drawn on the server as inline SVG: no script, no chart library, prints well.

Each chart has a ``<title>`` and a ``<desc>`` (read by screen readers, named by
``aria-labelledby``), text labels on the axes, and a ``<title>`` on every bar giving its
exact figure. Colours come from classes in the report stylesheet, with plain ``fill`` /
``stroke`` attributes as the fallback, never ``style`` attributes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

# Drawn at the width a 360 px phone gives it (336 px inside the page's margins), so its
# 12-unit text is 12 px there; wider screens scale it up to the figure's max-width.
WIDTH, HEIGHT = 336, 220
LEFT, RIGHT, TOP, BOTTOM = 50, 34, 12, 40
FONT = 12


@dataclass(frozen=True)
class Point:
    label: str  # under the bar, short ("03/26", "15")
    long_label: str  # in the bar's tooltip and the description ("tháng 3/2026")
    value: int  # drawn as a bar
    line: int | None = None  # drawn as the line (e.g. orders), on its own scale


def compact(amount: int) -> str:
    """A short money figure for axes: 1.250.000 → "1,3 tr" in Vietnamese."""
    size = abs(amount)
    if size >= 1_000_000_000:
        return _("%(value)s bn") % {"value": number_format(round(amount / 1e9, 1), 1)}
    if size >= 1_000_000:
        return _("%(value)s M") % {"value": number_format(round(amount / 1e6, 1), 1)}
    if size >= 1_000:
        return _("%(value)s k") % {"value": number_format(round(amount / 1e3))}
    return number_format(amount)


def money(amount: int) -> str:
    """Whole đồng the way the rest of the site writes them ("150.000 ₫")."""
    return currency(amount, "VND")


def _nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ step such that four steps cover ``value``."""
    if value <= 0:
        return 4
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return 4 * factor * power
    return 4 * 10 * power


def _axis(top: float, plot_h: float, right_top: float | None) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd"/><text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="{FONT}">{escape(compact(int(value)))}</text>'
        )
        if right_top is not None:
            parts.append(
                f'<text class="axis axis-line" x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" '
                f'font-size="{FONT}">{escape(number_format(round(right_top * i / 4)))}</text>'
            )
    return parts


def bar_line_chart(
    points: list[Point], *, chart_id: str, title: str, desc: str, line_name: str = ""
) -> SafeString:
    """Bars for ``value`` (money) and, when any point has ``line``, a line on its own scale."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((p.value for p in points), default=0))
    has_line = any(p.line is not None for p in points)
    line_top = _nice_max(max((p.line or 0 for p in points), default=0)) if has_line else None
    slot = plot_w / max(len(points), 1)
    label_every = max(1, math.ceil(len(points) / 6))  # at most six labels: no overlap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        *_axis(top, plot_h, line_top),
    ]
    line_points = []
    for i, point in enumerate(points):
        x = LEFT + slot * i
        height = plot_h * max(point.value, 0) / top
        tip = f"{point.long_label}: {money(point.value)}"
        if point.line is not None:
            tip += f" · {line_name} {number_format(point.line)}"
            y_line = TOP + plot_h - plot_h * point.line / line_top
            line_points.append(f"{x + slot / 2:.1f},{y_line:.1f}")
        parts.append(
            f'<rect class="bar" x="{x + slot * 0.15:.1f}" y="{TOP + plot_h - height:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="#2f6f4e">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text class="axis" x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle" font-size="{FONT}">{escape(point.label)}</text>'
            )
    if len(line_points) > 1:
        parts.append(
            f'<polyline class="line" fill="none" stroke="#c2571a" stroke-width="2" '
            f'points="{" ".join(line_points)}"/>'
        )
    parts.append(_legend(line_name if has_line else ""))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above went through escape())


def _legend(line_name: str) -> str:
    y = HEIGHT - 8
    legend = (
        f'<rect class="bar" x="{LEFT}" y="{y - 9}" width="10" height="10" fill="#2f6f4e"/>'
        f'<text class="axis" x="{LEFT + 14}" y="{y}" font-size="{FONT}">'
        f"{escape(_('Revenue'))}</text>"
    )
    if line_name:
        legend += (
            f'<line class="line" x1="{LEFT + 110}" x2="{LEFT + 124}" y1="{y - 4}" y2="{y - 4}" '
            f'stroke="#c2571a" stroke-width="2"/><text class="axis" x="{LEFT + 128}" y="{y}" '
            f'font-size="{FONT}">{escape(line_name)}</text>'
        )
    return legend


def describe(points: list[Point], what: str) -> str:
    """A sentence for ``<desc>``: the range, the total, the best and the worst point."""
    if not points or not any(p.value for p in points):
        return _("%(what)s: no sales in these %(n)s periods.") % {"what": what, "n": len(points)}
    best = max(points, key=lambda p: p.value)
    worst = min(points, key=lambda p: p.value)
    return _(
        "%(what)s from %(first)s to %(last)s: %(total)s in all; highest %(best)s "
        "(%(best_value)s), lowest %(worst)s (%(worst_value)s)."
    ) % {
        "what": what,
        "first": points[0].long_label,
        "last": points[-1].long_label,
        "total": money(sum(p.value for p in points)),
        "best": best.long_label,
        "best_value": money(best.value),
        "worst": worst.long_label,
        "worst_value": money(worst.value),
    }
