"""Refunds, full or per line: stock back, ledger reversed, card money back through Stripe."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.ledger.services import record_refund
from marketplace.order.models import Fulfilment
from marketplace.order.services import _restock
from sellers import audit

from . import stripe_api
from .models import PaymentAttempt, Refund
from .services import PaymentFailed

Order = get_model("order", "Order")


def refunded_quantities(order) -> dict[int, int]:
    done: dict[int, int] = defaultdict(int)
    for refund in Refund.objects.filter(order=order):
        for line_id, qty in refund.lines.items():
            done[int(line_id)] += int(qty)
    return done


def _return_stock(line, qty: int) -> None:
    if line.num_allocated >= qty:
        line.cancel_allocation(qty)  # never shipped: the units were only reserved
    else:
        _restock(line, qty)


@transaction.atomic
def refund(*, order, quantities: dict[int, int], actor, reason: str = "") -> Refund:
    """Refund ``quantities`` ({line id: units}) of a paid order; ``None`` lines = all."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    paid = PaymentAttempt.objects.filter(order=order, state=PaymentAttempt.State.SUCCEEDED).first()
    if paid is None:
        raise PaymentFailed(_("Only paid orders can be refunded; cancel unpaid ones instead."))
    done = refunded_quantities(order)
    lines = {line.pk: line for line in order.lines.select_related("partner__seller")}
    per_seller: dict[int, Decimal] = defaultdict(Decimal)
    taken: dict[str, int] = {}
    for line_id, qty in quantities.items():
        line = lines.get(int(line_id))
        if line is None or qty <= 0 or qty > line.quantity - done[line.pk]:
            raise PaymentFailed(_("That quantity cannot be refunded for this line."))
        _return_stock(line, qty)
        per_seller[line.partner.seller.pk] += line.unit_price_incl_tax * qty
        taken[str(line.pk)] = qty
    amount = sum(per_seller.values(), Decimal(0))
    memo = _("Refund for order %(number)s") % {"number": order.number}
    for part in Fulfilment.objects.filter(order=order, seller_id__in=per_seller):
        record_refund(fulfilment=part, amount=per_seller[part.seller_id], memo=memo)
    provider_ref = ""
    if paid.method == PaymentAttempt.Method.STRIPE:
        count = Refund.objects.filter(order=order).count() + 1
        provider_ref = stripe_api.create_refund(
            intent_id=paid.reference,
            amount=amount,
            idempotency_key=f"refund-{order.number}-{count}",
        )
    record = Refund.objects.create(
        order=order,
        amount=amount,
        lines=taken,
        reason=reason,
        provider_reference=provider_ref,
        created_by=actor,
    )
    if sum(done.values()) + sum(taken.values()) >= sum(line.quantity for line in lines.values()):
        PaymentAttempt.objects.filter(pk=paid.pk).update(state=PaymentAttempt.State.REFUNDED)
    audit.record(
        actor=actor,
        verb="payment.refunded",
        target=order,
        reason=reason,
        after={"amount": str(amount), "lines": taken},
    )
    return record
