"""Writes to shipments: create one at the carrier, cancel it, print its label, follow it.

Nothing is ever half-done. A shipment row is written (``pending``, with its client order
code) before the carrier is asked, so the order part always knows a request went out; a
carrier that times out or fails leaves it ``pending`` and the retry sends the same code,
which the carrier answers with the parcel it already has. A carrier that refuses the
request removes the row again. Labels exist only for created shipments. Status updates
move the order part forward only: a late "picked up" after "delivered" changes nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from marketplace.ledger.services import record_carrier_fee
from marketplace.money import group_thousands

from . import remittance, services
from .carriers import CarrierError, CarrierUnavailable, Parcel, Place, get_carrier
from .models import Fulfilment, Shipment, ShipmentEvent
from .selectors import buyer_phone
from .shipping import _grams

logger = logging.getLogger(__name__)
S = Fulfilment.Status
T = Shipment.Status

# How far along a parcel is; a status only ever moves to a higher rank.
RANK = {
    T.PENDING: 0,
    T.CREATED: 1,
    T.PICKED_UP: 2,
    T.IN_TRANSIT: 3,
    T.RETURNING: 4,
    T.DELIVERED: 5,
    T.RETURNED: 5,
    T.CANCELLED: 6,
}
# The order part's status each parcel status needs, reached step by step.
PART_STEPS = [S.NEW, S.CONFIRMED, S.PACKED, S.SHIPPED]
SHIPPABLE = {S.NEW, S.CONFIRMED, S.PACKED}


class ShipmentError(Exception):
    """A translated message safe to show the seller."""


def suggested_grams(fulfilment) -> int:
    """The part's weight from its products' unit weights, for the seller to check."""
    lines = fulfilment.order.lines.filter(partner_id=fulfilment.seller.partner_id)
    return sum(_grams(line.product) * line.quantity for line in lines.select_related("product"))


def live_shipment(fulfilment) -> Shipment | None:
    return fulfilment.shipments.exclude(status=T.CANCELLED).first()


def parcel_for(shipment: Shipment) -> Parcel:
    part = shipment.fulfilment
    seller, address = part.seller, part.order.shipping_address
    lines = part.order.lines.filter(partner_id=seller.partner_id).order_by("pk")
    receiver_address = (
        ", ".join(bit for bit in (address.line1, address.line4, address.state) if bit)
        if address
        else ""
    )
    return Parcel(
        sender=Place(
            name=seller.display_name,
            phone=seller.phone,
            address=f"{seller.address}, {seller.commune.full_name}, "
            f"{seller.commune.province.full_name}",
            commune_code=seller.commune.code,
        ),
        receiver=Place(
            name=address.name if address else "",
            phone=buyer_phone(part.order),
            address=receiver_address,
            commune_code=address.commune.code if address and address.commune_id else "",
        ),
        grams=shipment.grams,
        cod_amount=shipment.cod_amount,
        insurance_value=part.lines_total,
        service=shipment.service,
        items=[(line.title, line.quantity) for line in lines],
        note=str(part.order.number),
    )


@transaction.atomic
def _reserve(*, fulfilment, grams: int, cod: bool, service: str) -> Shipment:
    part = Fulfilment.objects.select_for_update().get(pk=fulfilment.pk)
    current = live_shipment(part)
    if current is not None and current.status != T.PENDING:
        raise ShipmentError(_("This order part already has a shipment."))
    if part.status not in SHIPPABLE:
        raise ShipmentError(_("Only an order part that has not left yet can be shipped."))
    if not 1 <= grams <= 50_000:
        raise ShipmentError(_("A parcel weighs between 1 gram and 50 kg."))
    if current is not None:  # a request that got no answer: the same code goes out again
        current.grams, current.service = grams, service
        current.save(update_fields=["grams", "service", "updated_at"])
        return current
    number = part.shipments.count() + 1
    return Shipment.objects.create(
        fulfilment=part,
        carrier=get_carrier().code,
        client_code=f"{part.order.number}-{part.pk}-{number}",
        grams=grams,
        service=service,
        cod_amount=part.total if cod else 0,
    )


def create_shipment(
    *, fulfilment, actor, grams: int, cod: bool, service: str = "standard"
) -> Shipment:
    """Hand the part to the carrier; on success the part is packed and waits for pickup."""
    shipment = _reserve(fulfilment=fulfilment, grams=grams, cod=cod, service=service)
    try:
        created = get_carrier().create_shipment(
            parcel_for(shipment), client_code=shipment.client_code
        )
    except CarrierUnavailable as exc:
        logger.warning("carrier create %s: %s", shipment.client_code, exc)
        raise ShipmentError(
            _(
                "The carrier did not answer. No label yet: press “Create shipment” again in "
                "a moment; the same request is repeated, so no second parcel is booked."
            )
        ) from exc
    except CarrierError as exc:
        Shipment.objects.filter(pk=shipment.pk, status=T.PENDING).delete()
        raise ShipmentError(
            _("The carrier refused the parcel: %(reason)s") % {"reason": exc}
        ) from exc
    return _confirm(shipment=shipment, created=created, actor=actor, cod=cod)


@transaction.atomic
def _confirm(*, shipment, created, actor, cod: bool) -> Shipment:
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    shipment.status = T.CREATED
    shipment.tracking_code = created.tracking_code
    shipment.fee = created.fee
    shipment.save()
    ShipmentEvent.objects.get_or_create(
        shipment=shipment, status=T.CREATED, defaults={"at": timezone.now()}
    )
    _advance_part(shipment, S.PACKED, actor=actor, cod=cod)
    services.update_fulfilment(
        fulfilment=shipment.fulfilment,
        status=S.PACKED,
        actor=actor,
        cod=cod,
        tracking_note=created.tracking_code,
    )
    audit.record(
        actor=actor,
        verb="shipment.created",
        target=shipment,
        on_behalf_of=shipment.fulfilment.seller,
        after={"tracking_code": shipment.tracking_code, "grams": shipment.grams},
    )
    return shipment


def cancel_shipment(*, shipment: Shipment, actor) -> Shipment:
    """Call the parcel back before pickup; the part stays packed, ready to ship again."""
    if shipment.status != T.CREATED:
        raise ShipmentError(_("Only a parcel still waiting for pickup can be cancelled."))
    try:
        get_carrier().cancel(shipment.tracking_code)
    except CarrierUnavailable as exc:
        logger.warning("carrier cancel %s: %s", shipment.tracking_code, exc)
        raise ShipmentError(
            _("The carrier did not answer. The shipment is unchanged; try again in a moment.")
        ) from exc
    except CarrierError as exc:
        raise ShipmentError(
            _("The carrier would not cancel the parcel: %(reason)s") % {"reason": exc}
        ) from exc
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        locked.status = T.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        ShipmentEvent.objects.get_or_create(
            shipment=locked, status=T.CANCELLED, defaults={"at": timezone.now()}
        )
        Fulfilment.objects.filter(pk=locked.fulfilment_id).update(tracking_note="")
        audit.record(
            actor=actor,
            verb="shipment.cancelled",
            target=locked,
            on_behalf_of=locked.fulfilment.seller,
            before={"tracking_code": locked.tracking_code},
        )
    return locked


def call_back_cancelled(*, limit: int = 200) -> int:
    """Cancel at the carrier the parcels booked for order parts cancelled since (the
    buyer cancelled, a transfer expired, the seller cancelled); how many were called back.

    Run every minute: a carrier that does not answer keeps its parcel booked until the
    next run, so a cancelled order never ends with a courier sent for nothing.
    """
    left = Shipment.objects.filter(status=T.CREATED, fulfilment__status=S.CANCELLED)
    called_back = 0
    for shipment in left.select_related("fulfilment__seller").order_by("pk")[:limit]:
        try:
            cancel_shipment(shipment=shipment, actor=None)
        except ShipmentError as exc:
            logger.warning("parcel %s of a cancelled part: %s", shipment.tracking_code, exc)
        else:
            called_back += 1
    return called_back


def label(*, shipment: Shipment) -> tuple[bytes, str]:
    """The A6 label (PDF) of a created shipment."""
    if not shipment.has_label:
        raise ShipmentError(_("This parcel has no label: create the shipment first."))
    headings = {
        "from": _("From"),
        "to": _("To"),
        "weight": _("Weight"),
        "cod": _("Collect"),
        "cod_value": f"{group_thousands(shipment.cod_amount)} ₫",
        "contents": _("Contents"),
    }
    try:
        return get_carrier().label(
            shipment.tracking_code, parcel=parcel_for(shipment), headings=headings
        )
    except CarrierError as exc:
        logger.warning("carrier label %s: %s", shipment.tracking_code, exc)
        raise ShipmentError(
            _("The carrier could not give the label just now; try again in a moment.")
        ) from exc


def _advance_part(shipment: Shipment, target: str, *, actor, cod: bool) -> None:
    """Walk the order part forward to ``target`` one allowed step at a time."""
    part = Fulfilment.objects.select_for_update().get(pk=shipment.fulfilment_id)
    if part.status not in PART_STEPS:
        return
    for step in PART_STEPS[PART_STEPS.index(part.status) + 1 : PART_STEPS.index(target) + 1]:
        services.update_fulfilment(fulfilment=part, status=step, actor=actor, cod=cod)


def _parse_time(value: str) -> datetime.datetime:
    at = parse_datetime(value) if value else None
    if at is None:
        return timezone.now()
    return at if timezone.is_aware(at) else timezone.make_aware(at)


@transaction.atomic
def apply_carrier_status(*, tracking_code: str, status: str, at: str = "") -> str:
    """Record a status the carrier reported and move the order part forward, once.

    Returns ``"applied"``, ``"duplicate"`` (this step was already recorded), ``"stale"``
    (recorded for the timeline, but the parcel is already further along), ``"unknown"``
    (no such shipment) or ``"ignored"`` (a status we do not follow).
    """
    if status not in RANK or status == T.PENDING:
        return "ignored"
    shipment = (
        Shipment.objects.select_for_update()
        .select_related("fulfilment__seller", "fulfilment__order")
        .filter(tracking_code=tracking_code)
        .exclude(status=T.PENDING)
        .first()
    )
    if shipment is None:
        return "unknown"
    _event, new = ShipmentEvent.objects.get_or_create(
        shipment=shipment, status=status, defaults={"at": _parse_time(at)}
    )
    if not new:
        return "duplicate"
    if RANK[status] <= RANK[shipment.status]:
        return "stale"
    shipment.status = status
    shipment.save(update_fields=["status", "updated_at"])
    _move_part(shipment)
    return "applied"


def _move_part(shipment: Shipment) -> None:
    cod = bool(shipment.cod_amount)
    by_carrier = shipment.carrier != "flat"
    if shipment.status in (T.PICKED_UP, T.IN_TRANSIT, T.RETURNING):
        _advance_part(shipment, S.SHIPPED, actor=None, cod=cod)
        return
    if shipment.status not in (T.DELIVERED, T.RETURNED):
        return
    _advance_part(shipment, S.SHIPPED, actor=None, cod=cod)
    part = Fulfilment.objects.get(pk=shipment.fulfilment_id)
    final = S.DELIVERED if shipment.status == T.DELIVERED else S.REFUSED
    if part.status == S.SHIPPED and (final == S.DELIVERED or cod):
        services.update_fulfilment(
            fulfilment=part, status=final, actor=None, cod=cod, cash_by_carrier=by_carrier
        )
    # A delivered COD parcel's fees come off the carrier's remittance, as its statement
    # says (see ``remittance``); the carrier bills every other parcel by itself.
    if by_carrier and not (cod and shipment.status == T.DELIVERED):
        record_carrier_fee(fulfilment=part, amount=shipment.fee, reference=shipment.tracking_code)
    if shipment.status == T.DELIVERED:
        remittance.rematch_delivered(shipment=shipment)
