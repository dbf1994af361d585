"""Assemble the figures of one report into a plain, JSON-ready dict.

Money is whole đồng as ``int``; codes (status, group, method) are stored and turned into
words only when shown, so a cached report reads right in either language.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from marketplace.ledger.models import LedgerEntry, Payout
from marketplace.ledger.selectors import balance
from marketplace.places.models import Commune, Province
from sellers.models import Seller

from . import selectors as s
from .periods import Period

Progress = Callable[[int], None]


def _sales_and_orders(scope: s.Scope, start, end) -> tuple[dict, dict]:
    money = s.sales(scope, start, end).get((), {"gmv": 0, "items": 0})
    parts = s.orders(scope, start, end, ("status",))
    by_status = {status: n for (status,), n in parts.items()}
    return money, by_status


def totals(scope: s.Scope, period: Period, *, money=None, by_status=None) -> dict[str, int]:
    """Headline figures of ``period`` (the ones compared with the previous period)."""
    start, end = period.start, period.end
    if money is None:
        money, by_status = _sales_and_orders(scope, start, end)
    sellers = s.sellers_summary(scope, start, end)
    products = s.products_summary(scope, start, end)
    helpers = s.helper_summary(scope, start, end)
    cod = s.cod_refusals(scope, start, end)
    live = s.live_summary(scope, start, end)
    return {
        "gmv": money["gmv"],
        "items": money["items"],
        "orders": sum(n for status, n in by_status.items() if status not in s.EXCLUDED),
        "sellers_applied": sellers["applied"],
        "sellers_approved": sellers["approved"],
        "sellers_suspended": sellers["suspended"],
        "sellers_active": sellers["active"],
        "products_listed": products["listed"],
        "products_new": products["new"],
        "cod_refusals": cod["count"],
        "cod_refused_value": cod["value"],
        "lives_held": live["held"],
        "live_orders": live["orders"],
        "live_gmv": live["gmv"],
        "helper_actions": helpers["actions"],
        "sellers_helped": helpers["sellers"],
    }


def _fold(rows: dict[tuple, dict], index: int) -> dict:
    folded: dict = defaultdict(lambda: {"gmv": 0, "items": 0})
    for key, value in rows.items():
        folded[key[index]]["gmv"] += value["gmv"]
        folded[key[index]]["items"] += value["items"]
    return folded


def _seller_rows(money: dict, parts: dict) -> list[dict]:
    """One row per seller with sales or orders, richest first."""
    by_seller = _fold(money, 0)
    counted: dict = defaultdict(int)
    for (seller_id, status, _method), n in parts.items():
        if status not in s.EXCLUDED:
            counted[seller_id] += n
        else:
            counted.setdefault(seller_id, 0)
    ids = set(by_seller) | set(counted)
    info = Seller.objects.filter(pk__in=ids).values(
        "pk", "display_name", "commune_id", "commune__province_id"
    )
    rows = [
        {
            "id": row["pk"],
            "name": row["display_name"],
            "commune": row["commune_id"],
            "province": row["commune__province_id"],
            "orders": counted.get(row["pk"], 0),
            "gmv": by_seller.get(row["pk"], {}).get("gmv", 0),
            "items": by_seller.get(row["pk"], {}).get("items", 0),
        }
        for row in info
    ]
    return sorted(rows, key=lambda r: (-r["gmv"], r["name"]))


def _methods(money: dict, parts: dict) -> list[dict]:
    by_method = _fold(money, 2)
    counts: dict = defaultdict(int)
    for (_seller, status, method), n in parts.items():
        if status not in s.EXCLUDED:
            counts[method] += n
    methods = set(by_method) | set(counts)
    rows = [{"method": m, "orders": counts.get(m, 0), "gmv": by_method[m]["gmv"]} for m in methods]
    return sorted(rows, key=lambda r: (-r["orders"], r["method"]))


def trend(scope: s.Scope, period: Period, months: int = 12) -> list[dict]:
    """Revenue and orders of each of the ``months`` months ending with ``period``."""
    window = period.months_back(months)
    start, end = window[0].start, window[-1].end
    money = s.sales(scope, start, end, ("month",))
    parts = s.orders(scope, start, end, ("month", "status"))
    counted: dict = defaultdict(int)
    for (month, status), n in parts.items():
        if status not in s.EXCLUDED:
            counted[month] += n
    return [
        {
            "month": m.key,
            "gmv": money.get((m.first_day,), {}).get("gmv", 0),
            "items": money.get((m.first_day,), {}).get("items", 0),
            "orders": counted.get(m.first_day, 0),
        }
        for m in window
    ]


def _from_trend(months: list[dict], period: Period) -> dict:
    """A period's sales and orders summed from the trend's months (saves three queries).

    The trend holds the 12 months up to the report's period, which always include the
    previous month or quarter.
    """
    keys = {m.key for m in period.months_back(period.months)}
    inside = [m for m in months if m["month"] in keys]
    return {
        "money": {"gmv": sum(m["gmv"] for m in inside), "items": sum(m["items"] for m in inside)},
        # trend orders already leave out cancelled and refused parts
        "by_status": {"counted": sum(m["orders"] for m in inside)},
    }


def area_report(scope: s.Scope, period: Period, progress: Progress = lambda p: None) -> dict:
    """The commune (or province, or whole-platform) report of ``period``."""
    start, end = period.start, period.end
    money = s.sales(scope, start, end, ("seller", "group", "method"))
    parts = s.orders(scope, start, end, ("seller", "status", "method"))
    progress(25)
    by_status: dict = defaultdict(int)
    for (_seller, status, _method), n in parts.items():
        by_status[status] += n
    overall = {
        "gmv": sum(v["gmv"] for v in money.values()),
        "items": sum(v["items"] for v in money.values()),
    }
    report = {
        "scope": {"kind": scope.kind, "id": scope.id},
        "period": period.key,
        "totals": totals(scope, period, money=overall, by_status=by_status),
    }
    progress(45)
    months = trend(scope, period)
    report["previous"] = totals(scope, period.previous(), **_from_trend(months, period.previous()))
    progress(65)
    groups = _fold(money, 1)
    report.update(
        by_seller=_seller_rows(money, parts),
        by_group=sorted(
            ({"group": g, **v} for g, v in groups.items()), key=lambda r: (-r["gmv"], r["group"])
        ),
        by_method=_methods(money, parts),
        by_status=dict(by_status),
        ocop_stars=[[k, v] for k, v in s.ocop_by_stars(scope, period.last_day).items()],
        trend=months,
    )
    progress(85)
    if scope.kind == "all":
        report.update(operator_extras(scope, period, report["by_seller"]))
    return report


def _areas(rows: list[dict], field: str, model) -> list[dict]:
    summed: dict = defaultdict(lambda: {"gmv": 0, "items": 0, "orders": 0, "sellers": 0})
    for row in rows:
        area = summed[row[field]]
        for name in ("gmv", "items", "orders"):
            area[name] += row[name]
        area["sellers"] += 1
    names = {}
    if model is Commune:
        for c in Commune.objects.filter(pk__in=list(summed)).select_related("province"):
            names[c.pk] = f"{c.full_name}, {c.province.name}"
    else:
        names = dict(Province.objects.filter(pk__in=list(summed)).values_list("pk", "name"))
    out = [{"id": pk, "name": names.get(pk, "?"), **v} for pk, v in summed.items()]
    return sorted(out, key=lambda r: (-r["gmv"], r["name"]))


def operator_extras(scope: s.Scope, period: Period, by_seller: list[dict]) -> dict:
    """What only the operator sees: money owed and earned, areas, expiring certificates."""
    start, end = period.start, period.end
    commission = (
        LedgerEntry.objects.filter(
            scope.q("seller__"), kind=LedgerEntry.Kind.COMMISSION, created_at__gte=start
        )
        .filter(created_at__lt=end)
        .aggregate(total=Sum("amount"))["total"]
    )
    paid = Payout.objects.filter(scope.q("seller__"), created_at__gte=start, created_at__lt=end)
    paid = paid.aggregate(count=Count("pk"), total=Sum("amount"))
    balances = (
        LedgerEntry.objects.filter(scope.q("seller__"))
        .values("seller_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=0)
        .values_list("balance", flat=True)
        .order_by()
    )
    due = [int(b) for b in balances]
    return {
        "commission": -int(commission or 0),
        "payouts_made": {"count": paid["count"], "total": int(paid["total"] or 0)},
        "payouts_due": {"count": len(due), "total": sum(due)},
        "by_commune": _areas(by_seller, "commune", Commune)[:20],
        "by_province": _areas(by_seller, "province", Province),
        "expiring": expiring_certificates(scope),
    }


def expiring_certificates(scope: s.Scope, today: datetime.date | None = None) -> list[dict]:
    """Verified certificates expiring within ``REPORTS_EXPIRY_WARNING_DAYS``, soonest first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.REPORTS_EXPIRY_WARNING_DAYS)
    certificates = (
        s.OcopCertificate.objects.filter(
            scope.q("product__seller__"),
            Q(status=s.OcopCertificate.Status.VERIFIED),
            expires_on__gte=today,
            expires_on__lte=horizon,
        )
        .select_related("product__seller__commune")
        .order_by("expires_on", "pk")[:50]
    )
    return [
        {
            "product": c.product.title,
            "seller": c.product.seller.display_name if c.product.seller else "",
            "commune": c.product.seller.commune.full_name if c.product.seller else "",
            "stars": c.stars,
            "decision": c.decision_number,
            "expires_on": c.expires_on.isoformat(),
        }
        for c in certificates
    ]


def _days(first: datetime.date, end: datetime.date, step: int) -> list[datetime.date]:
    days, day = [], first
    while day < end:
        days.append(day)
        day += datetime.timedelta(days=step)
    return days


def seller_series(scope: s.Scope, period: Period, by: str) -> list[dict]:
    """Revenue and orders per day of the period, per week (13 weeks) or month (12 months)."""
    if by == "month":
        return trend(scope, period)
    if by == "week":
        last_monday = s.bucket(period.end - datetime.timedelta(seconds=1), "week")
        first = last_monday - datetime.timedelta(weeks=12)
        buckets = _days(first, last_monday + datetime.timedelta(days=1), 7)
    else:
        first, buckets = period.first_day, _days(period.first_day, period.end_day, 1)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=period.start.tzinfo)
    money = s.sales(scope, start, period.end, (by,))
    parts = s.orders(scope, start, period.end, (by, "status"))
    counted: dict = defaultdict(int)
    for (day, status), n in parts.items():
        if status not in s.EXCLUDED:
            counted[day] += n
    return [
        {
            "day": day.isoformat(),
            "gmv": money.get((day,), {}).get("gmv", 0),
            "items": money.get((day,), {}).get("items", 0),
            "orders": counted.get(day, 0),
        }
        for day in buckets
    ]


def seller_report(seller: Seller, period: Period, by: str = "day") -> dict:
    """A seller's own figures: computed on request (one seller is small)."""
    scope = s.Scope("seller", seller.pk)
    start, end = period.start, period.end
    money, by_status = _sales_and_orders(scope, start, end)
    previous_money, previous_status = _sales_and_orders(
        scope, period.previous().start, period.previous().end
    )
    products = s.sales(scope, start, end, ("product", "title"))
    best = sorted(
        ({"product": k[0], "title": k[1], **v} for k, v in products.items()),
        key=lambda r: (-r["gmv"], r["title"]),
    )
    lives = (
        s.lives_held(scope, start, end)
        .annotate(order_count=Count("orders"), gmv=Sum("orders__gmv"))
        .order_by("held_at")
    )

    def _count(statuses):
        return sum(n for status, n in statuses.items() if status not in s.EXCLUDED)

    return {
        "period": period.key,
        "totals": {**money, "orders": _count(by_status)},
        "previous": {**previous_money, "orders": _count(previous_status)},
        "by_status": by_status,
        "best": best[:10],
        "series": seller_series(scope, period, by),
        "balance": int(balance(seller)),
        "payouts": list(
            Payout.objects.filter(seller=seller)
            .order_by("-created_at")
            .values("period_start", "period_end", "amount", "created_at", "batch__paid_at")[:6]
        ),
        "lives": [
            {
                "title": live.title,
                "held_at": live.held_at,
                "orders": live.order_count,
                "gmv": int(live.gmv or 0),
            }
            for live in lives
        ],
        "cod": s.cod_refusals(scope, start, end),
    }
