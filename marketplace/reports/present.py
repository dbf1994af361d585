"""Turn a report dict into what templates and CSV files show: words, changes, charts."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import OcopCertificate
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt

from . import charts
from .periods import parse
from .selectors import NO_GROUP, NO_METHOD

# (key in "totals", label, is money)
HEADLINES = [
    ("gmv", gettext_lazy("Revenue (GMV)"), True),
    ("items", gettext_lazy("Items sold"), False),
    ("orders", gettext_lazy("Orders"), False),
    ("sellers_applied", gettext_lazy("Sellers who applied"), False),
    ("sellers_approved", gettext_lazy("Sellers approved"), False),
    ("sellers_suspended", gettext_lazy("Sellers suspended"), False),
    ("sellers_active", gettext_lazy("Shops open at the end of the period"), False),
    ("products_listed", gettext_lazy("Products listed"), False),
    ("products_new", gettext_lazy("New products"), False),
    ("cod_refusals", gettext_lazy("Cash-on-delivery parcels refused"), False),
    ("cod_refused_value", gettext_lazy("Value of refused parcels"), True),
    ("lives_held", gettext_lazy("Livestreams held"), False),
    ("live_orders", gettext_lazy("Orders from livestreams"), False),
    ("live_gmv", gettext_lazy("Revenue from livestreams"), True),
    ("helper_actions", gettext_lazy("Helper actions for sellers"), False),
    ("sellers_helped", gettext_lazy("Sellers helped by helpers"), False),
]
SELLER_HEADLINES = [h for h in HEADLINES if h[0] in ("gmv", "items", "orders")]


def status_label(code: str) -> str:
    try:
        return str(Fulfilment.Status(code).label)
    except ValueError:
        return code


def group_label(code: str) -> str:
    if code == NO_GROUP:
        return _("No OCOP certificate")
    try:
        return str(OcopCertificate.Group(code).label)
    except ValueError:
        return code


def method_label(code: str) -> str:
    if code == NO_METHOD:
        return _("Not chosen")
    try:
        return str(PaymentAttempt.Method(code).label)
    except ValueError:
        return code


def change(current: int, previous: int) -> int | None:
    """Percent change, rounded; None when there is nothing to compare with."""
    if not previous:
        return None
    return round((current - previous) * 100 / abs(previous))


def headlines(totals: dict, previous: dict, which=HEADLINES) -> list[dict]:
    return [
        {
            "key": key,
            "label": str(label),
            "value": totals.get(key, 0),
            "previous": previous.get(key, 0),
            "change": change(totals.get(key, 0), previous.get(key, 0)),
            "money": is_money,
        }
        for key, label, is_money in which
    ]


def shares(rows: list[dict], *fields: str) -> list[dict]:
    """Add ``<field>_share`` (percent of the column total) to each row."""
    for field in fields:
        total = sum(max(r[field], 0) for r in rows)
        for row in rows:
            row[f"{field}_share"] = round(row[field] * 100 / total, 1) if total else 0
    return rows


def month_points(trend: list[dict]) -> list[charts.Point]:
    points = []
    for row in trend:
        period = parse(row["month"])
        points.append(
            charts.Point(
                label=f"{period.month:02d}/{period.year % 100:02d}",
                long_label=str(period.label),
                value=row["gmv"],
                line=row["orders"],
            )
        )
    return points


def day_points(series: list[dict], by: str) -> list[charts.Point]:
    points = []
    for row in series:
        day = datetime.date.fromisoformat(row["day"])
        if by == "week":
            long_label = _("week of %(day)s") % {"day": day.strftime("%d/%m/%Y")}
        else:
            long_label = day.strftime("%d/%m/%Y")
        label = day.strftime("%d/%m") if by == "week" else day.strftime("%d")
        points.append(charts.Point(label, long_label, row["gmv"], row["orders"]))
    return points


def chart(points: list[charts.Point], *, chart_id: str, title: str) -> dict:
    """The SVG and its description, for ``reports/_chart.html``."""
    desc = charts.describe(points, title)
    svg = charts.bar_line_chart(
        points, chart_id=chart_id, title=title, desc=desc, line_name=_("Orders")
    )
    return {"svg": svg, "desc": desc, "title": title, "points": points}


def area_context(data: dict) -> dict:
    """Template context for a ready area report (commune, province or whole platform)."""
    by_group = [{**r, "label": group_label(r["group"])} for r in data["by_group"]]
    by_method = [{**r, "label": method_label(r["method"])} for r in data["by_method"]]
    by_status = sorted(
        ({"label": status_label(k), "count": v} for k, v in data["by_status"].items()),
        key=lambda r: -r["count"],
    )
    return {
        "headlines": headlines(data["totals"], data["previous"]),
        "by_seller": data["by_seller"],
        "by_group": shares(by_group, "gmv"),
        "by_method": shares(by_method, "orders", "gmv"),
        "by_status": by_status,
        "ocop_stars": data["ocop_stars"],
        "trend_chart": chart(
            month_points(data["trend"]),
            chart_id="trend",
            title=_("Revenue and orders over 12 months"),
        ),
    }
