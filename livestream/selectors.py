"""Reads for live pages: each costs a fixed, small number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from sellers.models import Seller

from .models import LiveOrder, LiveProduct, LiveSession, LiveVisit, PinEvent

StockRecord = get_model("partner", "StockRecord")
OrderLine = get_model("order", "Line")
Product = get_model("catalogue", "Product")
Status = LiveSession.Status


def _normal_price(product_ref: str, partner_ref: str) -> Subquery:
    return Subquery(
        StockRecord.objects.filter(product=OuterRef(product_ref), partner=OuterRef(partner_ref))
        .order_by("pk")
        .values("price")[:1],
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def live_items(live: LiveSession) -> list[LiveProduct]:
    """Products shown in a live with ``normal_price`` annotated, in the seller's order."""
    return list(
        LiveProduct.objects.filter(live=live, shown=True)
        .select_related("product")
        .annotate(normal_price=_normal_price("product", "live__seller__partner"))
        .order_by("sort", "pk")
    )


def sellable_products(seller) -> QuerySet:
    """The seller's public products that have a price: what a live may show."""
    return (
        Product.objects.filter(
            seller=seller, is_public=True, stockrecords__partner_id=seller.partner_id
        )
        .distinct()
        .only("pk", "title", "seller_id")
        .order_by("title")
    )


def live_for_page(pk: int) -> LiveSession | None:
    """A public live (not cancelled) with its seller, for the viewers' page."""
    return (
        LiveSession.objects.select_related("seller__commune__province")
        .exclude(status=Status.CANCELLED)
        .filter(pk=pk)
        .first()
    )


def pin_state(pk: int) -> dict | None:
    """What the tiny JSON endpoint returns: one query."""
    row = (
        LiveSession.objects.filter(pk=pk)
        .exclude(status=Status.CANCELLED)
        .annotate(normal=_normal_price("pinned__product", "seller__partner"))
        .values(
            "status",
            "pinned_id",
            "pinned_at",
            "pinned__code",
            "pinned__live_price",
            "pinned__product__title",
            "normal",
        )
        .first()
    )
    return row


def upcoming_lives(now=None, limit: int = 50) -> QuerySet:
    """Lives running now or still to come, soonest first, across the marketplace."""
    now = now or timezone.now()
    return (
        LiveSession.objects.filter(status__in=[Status.SCHEDULED, Status.LIVE], ends_at__gte=now)
        .select_related("seller__commune__province")
        .order_by("starts_at")[:limit]
    )


def seller_upcoming(seller, now=None) -> QuerySet:
    """A seller's next lives (for the helpful 404 of a stale short code)."""
    return LiveSession.objects.filter(
        seller=seller,
        status__in=[Status.SCHEDULED, Status.LIVE],
        ends_at__gte=now or timezone.now(),
    ).order_by("starts_at")[:5]


def seller_lives(seller) -> QuerySet:
    return LiveSession.objects.filter(seller=seller).order_by("-starts_at")


def item_for_code(code: str) -> LiveProduct | None:
    return (
        LiveProduct.objects.select_related("live__seller", "product")
        .filter(code__iexact=code, shown=True)
        .exclude(live__status=Status.CANCELLED)
        .first()
    )


@dataclass(frozen=True)
class Chapter:
    at: object
    item: LiveProduct


def chapters(live: LiveSession) -> list[Chapter]:
    """Pin history as replay chapters, dropping repeated pins of the same product."""
    result: list[Chapter] = []
    for pin in PinEvent.objects.filter(live=live).select_related("item__product"):
        if result and result[-1].item.pk == pin.item_id:
            continue
        result.append(Chapter(at=pin.at, item=pin.item))
    return result


@dataclass(frozen=True)
class LiveStats:
    viewers: int
    clicks: int
    basket_adds: int
    orders: int
    gmv: object
    best: list


def live_stats(live: LiveSession) -> LiveStats:
    """Per-live figures for the seller: three queries."""
    visits = LiveVisit.objects.filter(live=live).aggregate(
        viewers=Count("visitor", distinct=True),
        clicks=Count("pk", filter=Q(kind=LiveVisit.Kind.CLICK)),
        adds=Count("pk", filter=Q(kind=LiveVisit.Kind.BASKET)),
    )
    orders = LiveOrder.objects.filter(live=live).aggregate(n=Count("pk"), gmv=Sum("gmv"))
    best = list(
        OrderLine.objects.filter(
            order__live_attribution__live=live, partner_id=live.seller.partner_id
        )
        .values("title")
        .annotate(quantity=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        .order_by("-revenue")[:5]
    )
    return LiveStats(
        viewers=visits["viewers"],
        clicks=visits["clicks"],
        basket_adds=visits["adds"],
        orders=orders["n"],
        gmv=orders["gmv"] or 0,
        best=best,
    )


def recent_orders(live: LiveSession, limit: int = 10) -> QuerySet:
    return LiveOrder.objects.filter(live=live).select_related("order").order_by("-at")[:limit]


def product_badge(product) -> dict | None:
    """ "Live now" or "Seen in live on 12/11" for a product page: one query."""
    item = (
        LiveProduct.objects.filter(product=product, shown=True, live__started_at__isnull=False)
        .exclude(live__status=Status.CANCELLED)
        .select_related("live")
        .order_by("-live__started_at")
        .first()
    )
    if item is None:
        return None
    return {"live": item.live, "item": item, "now": item.live.status == Status.LIVE}


def verifications_for(communes: QuerySet | None):
    """Sellers (of ``communes``, or all when None) with their host verification, if any."""
    sellers = Seller.objects.selling().select_related(
        "commune", "live_host_verification__verified_by"
    )
    if communes is not None:
        sellers = sellers.filter(commune__in=communes)
    return sellers.order_by("display_name")
