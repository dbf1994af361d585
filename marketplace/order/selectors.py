"""Reads for the seller back office: a seller sees only its own fulfilments."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

from .models import Fulfilment, RemittanceLine, RemittanceStatement, Shipment, ShipmentEvent

Line = get_model("order", "Line")


def seller_fulfilments(seller, *, status: str = "") -> QuerySet:
    """The seller's order parts, newest first; query count does not grow with rows."""
    qs = Fulfilment.objects.filter(seller=seller).select_related(
        "order__shipping_address__commune__province"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def seller_fulfilment(seller, pk: int) -> Fulfilment:
    """One of the seller's parts with only its own lines; 404 for anyone else's."""
    lines = Line.objects.filter(partner_id=seller.partner_id).order_by("pk")
    return get_object_or_404(
        Fulfilment.objects.filter(seller=seller)
        .select_related("order__shipping_address__commune", "order__shipping_address__province")
        .prefetch_related(Prefetch("order__lines", queryset=lines, to_attr="seller_lines")),
        pk=pk,
    )


def buyer_phone(order) -> str:
    address = order.shipping_address
    phone = getattr(address, "phone_number", None) if address else None
    if not phone and order.user_id:
        phone = order.user.phone
    return str(phone or "")


def order_tracking(order) -> list[Shipment]:
    """The order's live parcels with their journey (``.timeline``), for the buyer's page."""
    shipments = list(
        Shipment.objects.filter(fulfilment__order=order)
        .exclude(status__in=[Shipment.Status.PENDING, Shipment.Status.CANCELLED])
        .select_related("fulfilment__seller")
        .prefetch_related(Prefetch("events", queryset=ShipmentEvent.objects.order_by("at", "pk")))
    )
    for shipment in shipments:
        shipment.timeline = list(shipment.events.all())
    return shipments


def remittance_queue() -> QuerySet:
    """Statement lines waiting for the operator, oldest first."""
    return (
        RemittanceLine.objects.filter(status=RemittanceLine.Status.QUEUED)
        .select_related("statement", "fulfilment__order", "fulfilment__seller", "shipment")
        .order_by("statement__imported_at", "statement_id", "row")
    )


def remittance_recent(limit: int = 20) -> QuerySet:
    """The latest statements imported, newest first."""
    return RemittanceStatement.objects.select_related("imported_by").order_by(
        "-imported_at", "-pk"
    )[:limit]


def remittance_resolved(limit: int = 20) -> QuerySet:
    """The latest lines the operator dealt with."""
    return (
        RemittanceLine.objects.filter(resolved_at__isnull=False)
        .select_related("statement", "fulfilment__order", "resolved_by")
        .order_by("-resolved_at", "-pk")[:limit]
    )
