"""Writes to orders: per-seller fulfilment status, cancellation, stock release.

Stock follows Oscar's model: allocated at placement, consumed when shipped, allocation
cancelled when a part is cancelled; goods refused at the door go back into stock. Every
change locks the fulfilment row first, so a double click or a race changes stock once.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit
from marketplace.ledger.services import recognise_sale

from .models import CodRefusal, Fulfilment, Shipment
from .selectors import buyer_phone
from .tasks import call_back_cancelled_parcels, notify_buyer

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
S = Fulfilment.Status

TRANSITIONS = {
    S.NEW: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED, S.REFUSED},
}
ORDER_CANCELLED = "cancelled"


class FulfilmentError(Exception):
    """A translated message safe to show the seller."""


def seller_lines(fulfilment):
    return fulfilment.order.lines.filter(partner_id=fulfilment.seller.partner_id).order_by("pk")


def return_to_stock(line, quantity: int) -> None:
    """``quantity`` units of an order line go back on sale: the one way stock comes back.

    Units only reserved (not shipped) are released; units that had left the seller (a
    refused parcel, goods refunded after delivery) are put back in stock. Either way the
    stock record announces the change, as Oscar's own atomic stock methods do, so cached
    pages and the search index show the product available again at once. Used by order
    and part cancellation (a seller's, a buyer's, an expired transfer's), refused COD
    parcels and refunds.
    """
    if quantity <= 0 or not line.stockrecord_id:
        return
    reserved = min(line.num_allocated or 0, quantity)
    if reserved:
        line.cancel_allocation(reserved)  # sends the stock record's signals itself
    if quantity > reserved:
        record = StockRecord.objects.get(pk=line.stockrecord_id)
        record.pre_save_signal()
        StockRecord.objects.filter(pk=record.pk).update(
            num_in_stock=F("num_in_stock") + (quantity - reserved)
        )
        record.refresh_from_db(fields=["num_in_stock", "num_allocated"])
        record.post_save_signal()


def _apply_stock(fulfilment, status) -> None:
    for line in seller_lines(fulfilment):
        if status == S.SHIPPED and line.num_allocated:
            line.consume_allocation(line.num_allocated)
        elif status == S.CANCELLED:
            return_to_stock(line, line.num_allocated or 0)
        elif status == S.REFUSED:
            return_to_stock(line, line.quantity)


@transaction.atomic
def update_fulfilment(
    *,
    fulfilment: Fulfilment,
    status: str,
    actor,
    cod: bool,
    tracking_note: str | None = None,
    helper=None,
    cash_by_carrier: bool = False,
) -> Fulfilment:
    """Move a seller's part of an order to ``status`` (see ``TRANSITIONS``).

    ``cod`` says whether the buyer pays cash on delivery (the payments app knows): only
    such a parcel can be refused, and its delivery books the sale with the cash the
    seller collected, or, with ``cash_by_carrier``, the cash the carrier collected: the
    seller is owed it once the carrier's remittance brings it in.
    """

    locked = (
        Fulfilment.objects.select_for_update()
        .select_related("order", "seller")
        .get(pk=fulfilment.pk)
    )
    before = {"status": locked.status, "tracking_note": locked.tracking_note}
    if status != locked.status:
        if status not in TRANSITIONS.get(locked.status, set()):
            raise FulfilmentError(
                _("An order part that is “%(current)s” cannot become “%(new)s”.")
                % {"current": locked.get_status_display(), "new": S(status).label}
            )
        if status == S.REFUSED and not cod:
            raise FulfilmentError(_("Only cash-on-delivery parcels can be refused."))
        _apply_stock(locked, status)
        locked.status = status
        if status == S.DELIVERED and cod:
            locked.cash_collected_at = timezone.now()
            recognise_sale(
                fulfilment=locked,
                cash_collected_by_seller=not cash_by_carrier,
                cash_with_carrier=cash_by_carrier,
            )
        if status == S.REFUSED:
            CodRefusal.objects.create(phone=buyer_phone(locked.order), fulfilment=locked)
    if tracking_note is not None:
        locked.tracking_note = tracking_note.strip()[:255]
    locked.save()
    audit.record(
        actor=actor,
        verb=f"fulfilment.{locked.status}",
        target=locked,
        on_behalf_of=locked.seller,
        before=before,
        after={"status": locked.status, "tracking_note": locked.tracking_note},
    )
    if before["status"] != locked.status:
        transaction.on_commit(lambda: notify_buyer.delay(locked.pk))
        if locked.status == S.CANCELLED:
            _call_back_parcels([locked.pk])
    return locked


def _call_back_parcels(part_ids) -> None:
    """After commit, cancel at the carrier the parcels booked for these cancelled parts
    (the periodic run retries any the carrier did not answer for)."""
    booked = Shipment.objects.filter(fulfilment__in=part_ids, status=Shipment.Status.CREATED)
    if booked.exists():
        transaction.on_commit(call_back_cancelled_parcels.delay, robust=True)


@transaction.atomic
def cancel_order(*, order, actor=None, reason: str = "") -> bool:
    """Cancel every part not yet shipped and release its stock; False if nothing changed."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status == ORDER_CANCELLED:
        return False
    open_parts = Fulfilment.objects.select_for_update().filter(
        order=locked, status__in=[S.NEW, S.CONFIRMED, S.PACKED]
    )
    cancelled = []
    for part in open_parts:
        _apply_stock(part, S.CANCELLED)
        part.status = S.CANCELLED
        part.save(update_fields=["status", "updated_at"])
        cancelled.append(part.pk)
    _call_back_parcels(cancelled)
    locked.status = ORDER_CANCELLED
    locked.save(update_fields=["status"])
    audit.record(actor=actor, verb="order.cancelled", target=locked, reason=reason)
    return True
