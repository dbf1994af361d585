"""Refunds, full or per line: stock back, ledger reversed, card money back through Stripe.

The order row is locked first, so two operators refunding the same order at once refund
each unit at most once. A card refund goes through Stripe inside the same transaction:
if Stripe refuses, nothing else changes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit
from marketplace.ledger.services import commission_returned, paid_to_seller, record_refund
from marketplace.order.models import Fulfilment
from marketplace.order.services import return_to_stock

from . import stripe_api
from .models import PaymentAttempt, Refund
from .services import PaymentFailed

logger = logging.getLogger(__name__)
Order = get_model("order", "Order")
Method, State = PaymentAttempt.Method, PaymentAttempt.State
S = Fulfilment.Status
NOT_SHIPPED = (S.NEW, S.CONFIRMED, S.PACKED)


def refunded_quantities(order) -> dict[int, int]:
    done: dict[int, int] = defaultdict(int)
    for refund_ in Refund.objects.filter(order=order):
        for line_id, qty in refund_.lines.items():
            done[int(line_id)] += int(qty)
    return done


def paid_attempt(order) -> PaymentAttempt | None:
    """The payment money can be given back from: a paid transfer or card, or cash on
    delivery once a parcel was delivered and its cash collected."""
    paid = PaymentAttempt.objects.filter(order=order, state=State.SUCCEEDED).first()
    if paid is None:
        cod = PaymentAttempt.objects.filter(order=order, method=Method.COD).first()
        delivered = Fulfilment.objects.filter(order=order, status=S.DELIVERED).exists()
        paid = cod if cod is not None and delivered else None
    return paid


def refundable_lines(order, paid: PaymentAttempt) -> dict:
    """{line: units still refundable} for the lines money was received for."""
    done = refunded_quantities(order)
    lines = order.lines.select_related("partner__seller").order_by("pk")
    if paid.method == Method.COD:  # cash was collected only for delivered parcels
        delivered = Fulfilment.objects.filter(order=order, status=S.DELIVERED)
        lines = lines.filter(partner__seller__in=delivered.values("seller"))
    return {line: line.quantity - done[line.pk] for line in lines}


def line_amount(line, qty: int) -> Decimal:
    """What ``qty`` units of a line cost the buyer, discounts (live prices) included."""
    return (line.line_price_incl_tax * qty / line.quantity).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )


def _take(order, paid, quantities: dict, full: bool, seller=None) -> dict:
    available = refundable_lines(order, paid)
    if seller is not None:  # only that seller's lines
        available = {
            line: left for line, left in available.items() if line.partner_id == seller.partner_id
        }
    if full:
        quantities = {line.pk: left for line, left in available.items() if left > 0}
    by_id = {line.pk: (line, left) for line, left in available.items()}
    taken = {}
    for line_id, qty in quantities.items():
        line, left = by_id.get(int(line_id), (None, 0))
        if line is None or qty <= 0 or qty > left:
            raise PaymentFailed(_("That quantity cannot be refunded for this line."))
        taken[line] = qty
    if not taken:
        raise PaymentFailed(_("Choose at least one item to refund."))
    return taken


def _close_parts(order, taken: dict, full: bool) -> dict[int, Decimal]:
    """Cancel unshipped parts now wholly refunded; return shipping given back per seller."""
    done = refunded_quantities(order)
    shipping: dict[int, Decimal] = {}
    parts = Fulfilment.objects.select_for_update().filter(
        order=order, seller__in={line.partner.seller for line in taken}
    )
    for part in parts:
        lines = order.lines.filter(partner_id=part.seller.partner_id)
        if any(done[line.pk] < line.quantity for line in lines):
            continue
        if part.status in NOT_SHIPPED:
            part.status = S.CANCELLED  # stock already returned line by line above
            part.save(update_fields=["status", "updated_at"])
        if full:
            shipping[part.seller_id] = part.shipping_charge
    return shipping


def preview(*, order, quantities: dict[int, int] | None = None, full: bool = False) -> dict:
    """What ``refund`` with the same arguments would change, without changing anything:
    {"amount", "units": [(line, qty)], "sellers": [(seller, taken from the seller)],
    "direct": [(seller, what that seller, paid directly by the buyer, gives back itself)]}."""
    paid = paid_attempt(order)
    if paid is None:
        raise PaymentFailed(_("Only paid orders can be refunded; cancel unpaid ones instead."))
    taken = _take(order, paid, quantities or {}, full)
    goods: dict = defaultdict(Decimal)
    for line, qty in taken.items():
        goods[line.partner.seller] += line_amount(line, qty)
    parts = {
        part.seller_id: part for part in Fulfilment.objects.filter(order=order, seller__in=goods)
    }
    sellers, amount, direct = [], Decimal(0), []
    for seller, value in goods.items():
        shipping = parts[seller.pk].shipping_charge if full and seller.pk in parts else Decimal(0)
        amount += value + shipping
        if seller.pk in parts and paid_to_seller(parts[seller.pk]):
            direct.append((seller, value + shipping))  # the seller pays this back itself
        # The platform gives its commission on the refunded goods back to the seller.
        net = value
        if seller.pk in parts:
            net -= commission_returned(fulfilment=parts[seller.pk], amount=value)
        sellers.append((seller, net + shipping))
    return {
        "amount": amount,
        "units": list(taken.items()),
        "sellers": sellers,
        "paid": paid,
        "direct": direct,
    }


@transaction.atomic
def refund(
    *,
    order,
    quantities: dict[int, int] | None = None,
    full: bool = False,
    actor,
    reason="",
    paid_back_manually: bool = False,
    seller=None,
) -> Refund:
    """Refund ``quantities`` ({line id: units}) of a paid order, or everything left
    (``full``: shipping of wholly refunded parts included).

    ``paid_back_manually``: the operator already gave a card buyer the money back another
    way (bank transfer), so the card provider is not asked.

    ``seller``: only that seller's lines (``full``: all of them); used when a seller the
    buyer paid directly gives the money back itself."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    paid = paid_attempt(order)
    if paid is None:
        raise PaymentFailed(_("Only paid orders can be refunded; cancel unpaid ones instead."))
    taken = _take(order, paid, quantities or {}, full, seller)
    goods: dict[int, Decimal] = defaultdict(Decimal)
    for line, qty in taken.items():
        return_to_stock(line, qty)
        goods[line.partner.seller.pk] += line_amount(line, qty)
    record = Refund.objects.create(
        order=order,
        amount=0,
        lines={str(line.pk): qty for line, qty in taken.items()},
        reason=reason[:255],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    shipping = _close_parts(order, taken, full)
    memo = _("Refund for order %(number)s") % {"number": order.number}
    for part in Fulfilment.objects.filter(order=order, seller_id__in=goods).select_related(
        "seller", "order"
    ):
        record_refund(
            fulfilment=part,
            amount=goods[part.seller_id],
            shipping=shipping.get(part.seller_id, Decimal(0)),
            memo=memo,
        )
    record.amount = sum(goods.values(), Decimal(0)) + sum(shipping.values(), Decimal(0))
    if seller is not None:
        record.provider_reference = "seller"  # the seller paid the buyer back itself
    else:
        record.provider_reference = (
            "manual" if paid_back_manually else _card_refund(order, paid, record)
        )
    record.save(update_fields=["amount", "provider_reference"])
    _settle_attempt(order, paid)
    audit.record(
        actor=actor,
        verb="payment.refunded",
        target=order,
        reason=reason,
        after={"amount": str(record.amount), "lines": record.lines, "full": full},
    )
    return record


def _card_refund(order, paid: PaymentAttempt, record: Refund) -> str:
    if paid.method != Method.STRIPE:
        return ""  # transfer or cash: the operator pays the buyer back by bank transfer
    manual = _(
        "Pay the buyer back by bank transfer, then refund again with "
        "“I paid the buyer back by bank transfer” ticked."
    )
    if not stripe_api.is_configured():
        raise PaymentFailed(
            _("Card payments are not set up, so the card cannot be refunded; nothing was changed.")
            + " "
            + manual
        )
    try:
        return stripe_api.create_refund(
            intent_id=paid.reference,
            amount=record.amount,
            idempotency_key=f"refund-{order.number}-{record.pk}",
        )
    except stripe_api.StripeUnavailable as exc:
        # The provider's own text is English and technical: it goes to the log only.
        logger.warning("card refund for %s failed: %s", order.number, exc)
        raise PaymentFailed(
            _("The card payment provider could not be reached; nothing was changed.") + " " + manual
        ) from exc


def _settle_attempt(order, paid: PaymentAttempt) -> None:
    done = refunded_quantities(order)
    everything = all(done[line.pk] >= line.quantity for line in order.lines.all())
    if everything and paid.state == State.SUCCEEDED:
        PaymentAttempt.objects.filter(pk=paid.pk).update(state=State.REFUNDED)


def refund_by_seller(*, fulfilment, actor, reason: str) -> Refund:
    """A seller the buyer paid directly records that it gave the buyer back the whole of
    its part (goods and shipping): its stock comes back, and the commission invoiced on
    the part is credited on its next commission invoice."""
    if not paid_to_seller(fulfilment):
        raise PaymentFailed(_("Only a part the buyer paid straight to you can be refunded here."))
    if not reason.strip():
        raise PaymentFailed(_("Say why you gave the money back."))
    return refund(
        order=fulfilment.order,
        full=True,
        actor=actor,
        reason=reason,
        seller=fulfilment.seller,
    )
