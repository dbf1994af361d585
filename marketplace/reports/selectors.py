"""Reads behind every report: sales, orders, sellers, products, lives, helpers, money.

Definitions (the same on every page and in every CSV):

- **Revenue (GMV)** is the value of goods (order lines, shipping excluded) of orders placed
  in the period, leaving out any seller's part that was cancelled or refused at delivery;
  a refund is subtracted in the period in which it was made (not the one of the order).
- **Items sold** follows the same rule with quantities.
- **Orders** are sellers' parts of orders (``Fulfilment``): an order with goods from two
  sellers counts once for each, so the sum over sellers is the total. Cancelled and
  refused parts are counted in "orders by status" but not in "orders".
- A **helper action** is an audit event done for a seller by someone holding (or who
  held) that seller's consent and who is not a member of the shop.

Every function takes a ``Scope`` (one seller, one commune, one province or everything) and
a half-open time range, and runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Trunc
from oscar.core.loading import get_model

from livestream.models import LiveOrder, LiveSession
from marketplace.audit.models import AuditEvent
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.payments.models import PaymentAttempt, Refund
from sellers.models import HelperConsent, Seller, SellerMember, selling_q

from .periods import VIETNAM

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
OcopCertificate = get_model("catalogue", "OcopCertificate")

EXCLUDED = (Fulfilment.Status.CANCELLED, Fulfilment.Status.REFUSED)
HELD_LIVES = (LiveSession.Status.LIVE, LiveSession.Status.ENDED)
NO_GROUP = "none"
NO_METHOD = "none"


@dataclass(frozen=True)
class Scope:
    """Whose figures: ``kind`` is ``seller``, ``commune``, ``province`` or ``all``."""

    kind: str
    id: int | None = None

    def q(self, prefix: str = "") -> Q:
        """A filter on the seller reached through ``prefix`` (e.g. ``"partner__seller__"``)."""
        field = {
            "seller": "id",
            "commune": "commune_id",
            "province": "commune__province_id",
        }.get(self.kind)
        if field is None:
            return Q()
        return Q(**{f"{prefix}{field}": self.id})


def _in(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _method_of_order(ref: str) -> Subquery:
    # The buyer's last choice is the one the order was paid (or is to be paid) with.
    attempts = PaymentAttempt.objects.filter(order=OuterRef(ref)).order_by("-created_at", "-pk")
    return Subquery(attempts.values("method")[:1])


def counted_lines(scope: Scope):
    """Order lines of the scope's sellers whose seller part was not cancelled or refused."""
    excluded = Fulfilment.objects.filter(
        order=OuterRef("order_id"), seller__partner_id=OuterRef("partner_id"), status__in=EXCLUDED
    )
    return Line.objects.filter(scope.q("partner__seller__")).exclude(Exists(excluded))


# Dimensions a sales breakdown can be grouped by: (sales expression, key in the result).
DIMENSIONS = {
    "seller": lambda: F("partner__seller__id"),
    "commune": lambda: F("partner__seller__commune_id"),
    "province": lambda: F("partner__seller__commune__province_id"),
    "product": lambda: F("product_id"),
    "title": lambda: F("title"),
    "method": lambda: _method_of_order("order_id"),
}
TIME_KINDS = ("day", "week", "month")


def bucket(moment: datetime.datetime, kind: str) -> datetime.date:
    """The first day (Vietnam time) of the day, week (Monday) or month holding ``moment``."""
    day = moment.astimezone(VIETNAM).date()
    if kind == "week":
        return day - datetime.timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    return day


def _name(dim: str) -> str:
    return f"dim_{dim}"  # never the name of a model field


def _annotations(dims: tuple[str, ...]) -> dict:
    annotations = {}
    for dim in dims:
        if dim in TIME_KINDS:
            annotations[_name(dim)] = Trunc(
                "order__date_placed", dim, output_field=DateTimeField(), tzinfo=VIETNAM
            )
        else:
            annotations[_name(dim)] = DIMENSIONS[dim]()
    return annotations


def _normalise(row: dict, dims) -> tuple:
    key = []
    for dim in dims:
        value = row[_name(dim)]
        if dim in TIME_KINDS:
            value = bucket(value, dim)
        elif dim == "method":
            value = value or NO_METHOD
        key.append(value)
    return tuple(key)


def sales(scope: Scope, start, end, dims: tuple[str, ...] = ()) -> dict[tuple, dict]:
    """Revenue and items sold, grouped by ``dims``: ``{key tuple: {"gmv", "items"}}``.

    Two or three queries: the sales of orders placed in the range, then the refunds made
    in the range (subtracted where they were made, bucketed by the refund's date). A
    product group is looked up once per product afterwards (one more query), rather than
    once per order line inside the database.
    """
    if "group" in dims:
        return _by_group(scope, start, end, dims)
    result: dict[tuple, dict] = defaultdict(lambda: {"gmv": 0, "items": 0})
    lines = counted_lines(scope).filter(_in("order__date_placed", start, end))
    sums = {"gmv": Sum("line_price_incl_tax"), "items": Sum("quantity")}
    if dims:
        grouped = lines.annotate(**_annotations(dims)).values(*map(_name, dims))
        rows = grouped.annotate(**sums).order_by()
    else:  # ``values()`` without fields would group by every column, one row per line
        rows = [lines.aggregate(**sums)]
    for row in rows:
        entry = result[_normalise(row, dims)]
        entry["gmv"] += int(row["gmv"] or 0)
        entry["items"] += int(row["items"] or 0)
    for key, gmv, items in _refunds(scope, start, end, dims):
        entry = result[key]
        entry["gmv"] -= gmv
        entry["items"] -= items
    return dict(result)


def _by_group(scope: Scope, start, end, dims: tuple[str, ...]) -> dict[tuple, dict]:
    """``sales`` by product group: grouped by product, then each product's group applied."""
    position = dims.index("group")
    by_product = sales(scope, start, end, (*dims[:position], "product", *dims[position + 1 :]))
    product_ids = {key[position] for key in by_product} - {None}
    groups = {}
    certificates = OcopCertificate.objects.filter(product_id__in=product_ids).order_by(
        "product_id", "issued_on", "pk"
    )
    for product_id, group in certificates.values_list("product_id", "group"):
        groups[product_id] = group  # ordered by issue date: the latest one stays
    result: dict[tuple, dict] = defaultdict(lambda: {"gmv": 0, "items": 0})
    for key, value in by_product.items():
        group = groups.get(key[position], NO_GROUP)
        entry = result[(*key[:position], group, *key[position + 1 :])]
        entry["gmv"] += value["gmv"]
        entry["items"] += value["items"]
    return dict(result)


def _refunds(scope: Scope, start, end, dims) -> list[tuple[tuple, int, int]]:
    """Refunded lines of the scope made in the range: (key, value, quantity) each."""
    in_scope = Line.objects.filter(scope.q("partner__seller__"), order=OuterRef("order_id"))
    refunds = (
        Refund.objects.filter(_in("created_at", start, end))
        .filter(Exists(in_scope))
        .values_list("lines", "created_at")
    )
    wanted: dict[int, list] = defaultdict(list)
    for lines, at in refunds:
        for line_id, quantity in (lines or {}).items():
            wanted[int(line_id)].append((int(quantity), at))
    if not wanted:
        return []
    plain = tuple(d for d in dims if d not in TIME_KINDS)
    rows = (
        counted_lines(scope)
        .filter(pk__in=list(wanted))
        .annotate(**_annotations(plain))
        .values("pk", "unit_price_incl_tax", *map(_name, plain))
    )
    out = []
    for row in rows:
        for quantity, at in wanted[row["pk"]]:
            row.update({_name(kind): at for kind in dims if kind in TIME_KINDS})
            key = _normalise(row, dims)
            out.append((key, int(row["unit_price_incl_tax"] * quantity), quantity))
    return out


def orders(scope: Scope, start, end, dims: tuple[str, ...] = ()) -> dict[tuple, int]:
    """Sellers' parts of orders placed in the range, counted by ``dims``.

    ``dims`` may hold ``seller``, ``status``, ``method`` and a time kind.
    """
    plain = {"seller": F("seller_id"), "status": F("status")}
    annotations = {}
    for dim in dims:
        if dim == "method":
            annotations[_name(dim)] = _method_of_order("order_id")
        elif dim in TIME_KINDS:
            annotations[_name(dim)] = Trunc(
                "order__date_placed", dim, output_field=DateTimeField(), tzinfo=VIETNAM
            )
        else:
            annotations[_name(dim)] = plain[dim]
    parts = Fulfilment.objects.filter(scope.q("seller__"), _in("order__date_placed", start, end))
    if dims:
        grouped = parts.annotate(**annotations).values(*map(_name, dims))
        rows = grouped.annotate(n=Count("pk")).order_by()
    else:
        rows = [{"n": parts.count()}]
    result: dict[tuple, int] = defaultdict(int)
    for row in rows:
        result[_normalise(row, dims)] += row["n"]
    return dict(result)


def sellers_summary(scope: Scope, start, end) -> dict[str, int]:
    """New applications, approvals and suspensions in the range; shops open at its end."""
    counts = Seller.objects.filter(scope.q()).aggregate(
        applied=Count("pk", filter=_in("submitted_at", start, end)),
        approved=Count("pk", filter=_in("approved_at", start, end)),
        active=Count(
            "pk",
            filter=selling_q() & (Q(approved_at__lt=end) | Q(approved_at__isnull=True)),
        ),
    )
    counts["suspended"] = AuditEvent.objects.filter(
        scope.q("on_behalf_of__"), _in("at", start, end), verb="seller.suspended"
    ).count()
    return counts


def helper_summary(scope: Scope, start, end) -> dict[str, int]:
    """Helper actions in the range and how many different sellers they were for."""
    consent = HelperConsent.objects.filter(
        helper=OuterRef("actor_id"), seller=OuterRef("on_behalf_of_id")
    )
    member = SellerMember.objects.filter(
        user=OuterRef("actor_id"), seller=OuterRef("on_behalf_of_id")
    )
    return (
        AuditEvent.objects.filter(
            scope.q("on_behalf_of__"), _in("at", start, end), on_behalf_of__isnull=False
        )
        .filter(Exists(consent))
        .exclude(Exists(member))
        .aggregate(actions=Count("pk"), sellers=Count("on_behalf_of", distinct=True))
    )


def products_summary(scope: Scope, start, end) -> dict[str, int]:
    """Public products listed at the end of the range, and how many were new in it."""
    return Product.objects.filter(scope.q("seller__"), is_public=True).aggregate(
        listed=Count("pk", filter=Q(date_created__lt=end)),
        new=Count("pk", filter=_in("date_created", start, end)),
    )


def ocop_by_stars(scope: Scope, on: datetime.date) -> dict[int, int]:
    """Products holding a verified OCOP certificate valid on ``on``, by stars."""
    rows = (
        OcopCertificate.objects.filter(
            scope.q("product__seller__"),
            status=OcopCertificate.Status.VERIFIED,
            issued_on__lte=on,
            expires_on__gte=on,
        )
        .values("stars")
        .annotate(n=Count("product", distinct=True))
        .order_by()
    )
    found = {row["stars"]: row["n"] for row in rows}
    return {stars: found.get(stars, 0) for stars in range(1, 6)}


def cod_refusals(scope: Scope, start, end) -> dict[str, int]:
    """Cash-on-delivery parcels refused at the door in the range, and their goods value."""
    found = CodRefusal.objects.filter(
        scope.q("fulfilment__seller__"), _in("recorded_at", start, end)
    ).aggregate(count=Count("pk"), value=Sum("fulfilment__lines_total"))
    return {"count": found["count"], "value": int(found["value"] or 0)}


def lives_held(scope: Scope, start, end):
    """Lives that went on air in the range."""
    return (
        LiveSession.objects.filter(scope.q("seller__"), status__in=HELD_LIVES)
        .annotate(held_at=Coalesce("started_at", "starts_at"))
        .filter(_in("held_at", start, end))
    )


def live_summary(scope: Scope, start, end) -> dict[str, int]:
    """Lives held in the range and the revenue of the orders they brought.

    Orders whose live seller's part was cancelled or refused bring nothing.
    """
    lives = lives_held(scope, start, end)
    excluded = Fulfilment.objects.filter(
        order=OuterRef("order_id"), seller=OuterRef("live__seller_id"), status__in=EXCLUDED
    )
    money = (
        LiveOrder.objects.filter(live__in=lives.values("pk"))
        .exclude(Exists(excluded))
        .aggregate(orders=Count("pk"), gmv=Sum("gmv"))
    )
    return {"held": lives.count(), "orders": money["orders"], "gmv": int(money["gmv"] or 0)}


def as_int(value) -> int:
    return int(value or Decimal(0))
