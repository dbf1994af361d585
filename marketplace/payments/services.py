"""Writes about payments: start, confirm, fail, switch method, expire, refund."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from marketplace.ledger import services as ledger
from marketplace.order.models import Fulfilment
from marketplace.order.services import ORDER_CANCELLED, cancel_order
from marketplace.order.tasks import (
    notify_payment_received,
    notify_sellers_cancelled,
    notify_sellers_paid,
)

from . import stripe_api, vietqr
from .models import DirectTransfer, PaymentAttempt
from .selectors import buyer_may_cancel, current_attempt

logger = logging.getLogger(__name__)
Method, State = PaymentAttempt.Method, PaymentAttempt.State
Direct = DirectTransfer.State


class PaymentFailed(Exception):
    """A translated message safe to show the buyer."""


@transaction.atomic
def start_payment(*, order, method: str, new_order: bool = False) -> PaymentAttempt:
    """Record the buyer's choice; the order stays unpaid until money is confirmed.

    With VietQR, the part of each seller who takes direct transfers is to be paid to
    that seller's own account (one QR code per payee). ``new_order``: the order was
    placed in this transaction, so it has no earlier attempt to cancel or count."""
    if new_order:
        return _open_attempt(order, method, number=1)
    PaymentAttempt.objects.filter(order=order, state=State.PENDING).exclude(
        method=Method.COD
    ).update(state=State.CANCELLED)
    PaymentAttempt.objects.filter(order=order, state=State.PENDING, method=Method.COD).update(
        state=State.CANCELLED
    )
    DirectTransfer.objects.filter(attempt__order=order, state=Direct.PENDING).update(
        state=Direct.CANCELLED
    )
    earlier = PaymentAttempt.objects.filter(order=order).count()
    return _open_attempt(order, method, number=earlier + 1)


def _open_attempt(order, method: str, *, number: int) -> PaymentAttempt:
    attempt = PaymentAttempt.objects.create(
        order=order,
        method=method,
        amount=order.total_incl_tax,
        reference=order.number if method == Method.VIETQR else "",
        idempotency_key=f"{order.number}-{method}-{number}",
    )
    if method == Method.VIETQR:
        _open_direct_transfers(attempt)
    return attempt


def direct_code(order, seller) -> str:
    """The order part code a buyer writes in a transfer to a seller's own account."""
    return f"{order.number}S{seller.pk}"


def _open_direct_transfers(attempt: PaymentAttempt) -> None:
    parts = Fulfilment.objects.filter(order=attempt.order).select_related("seller")
    DirectTransfer.objects.bulk_create(
        DirectTransfer(
            attempt=attempt,
            fulfilment=part,
            seller=part.seller,
            amount=part.total,
            code=direct_code(attempt.order, part.seller),
            bank_bin=part.seller.bank_bin,
            account_number=part.seller.bank_account_number,
            account_holder=part.seller.bank_account_holder,
        )
        for part in parts
        if part.seller.takes_direct_transfers and part.total > 0
    )


def platform_share(attempt: PaymentAttempt):
    """What the buyer transfers to the platform's account: the order's total less the
    parts paid straight to sellers."""
    direct = attempt.direct_transfers.aggregate(total=Sum("amount"))["total"] or 0
    return attempt.amount - direct


def has_direct_transfers(attempt: PaymentAttempt) -> bool:
    return attempt.method == Method.VIETQR and attempt.direct_transfers.exists()


def vietqr_transfer(attempt: PaymentAttempt) -> vietqr.Transfer:
    """The transfer to the platform's account (the parts not paid straight to sellers)."""
    return vietqr.Transfer(
        bank_bin=settings.VIETQR_BANK_BIN,
        account=settings.VIETQR_ACCOUNT_NUMBER,
        amount=platform_share(attempt),
        bill_number=attempt.order.number,
        memo=f"CHOLANG {attempt.order.number}",
    )


def direct_vietqr_transfer(transfer: DirectTransfer) -> vietqr.Transfer:
    """The transfer of one seller's part to the seller's own account."""
    return vietqr.Transfer(
        bank_bin=transfer.bank_bin,
        account=transfer.account_number,
        amount=transfer.amount,
        bill_number=transfer.code,
        memo=f"CHOLANG {transfer.code}",
    )


def vietqr_deadline(attempt: PaymentAttempt):
    """When an unpaid transfer's order is cancelled (shown to the buyer beside the QR)."""
    return attempt.created_at + timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES)


def _paid_by_another(attempt: PaymentAttempt) -> bool:
    return (
        PaymentAttempt.objects.filter(order_id=attempt.order_id, state=State.SUCCEEDED)
        .exclude(pk=attempt.pk)
        .exists()
    )


def _mark_paid(attempt: PaymentAttempt, *, actor=None) -> None:
    attempt.state = State.SUCCEEDED
    attempt.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    attempt.save(update_fields=["state", "confirmed_by", "updated_at"])
    direct = set(
        attempt.direct_transfers.filter(state=Direct.RECEIVED).values_list(
            "fulfilment_id", flat=True
        )
    )
    for part in Fulfilment.objects.filter(order=attempt.order).select_related("seller", "order"):
        ledger.recognise_sale(
            fulfilment=part, cash_collected_by_seller=False, paid_to_seller=part.pk in direct
        )
    order_id = attempt.order_id
    transaction.on_commit(lambda: notify_payment_received.delay(order_id))
    transaction.on_commit(lambda: notify_sellers_paid.delay(order_id))


def _waiting(attempt: PaymentAttempt) -> None:
    if attempt.method != Method.VIETQR or attempt.state != State.PENDING:
        raise PaymentFailed(_("This transfer is not waiting for confirmation."))
    if attempt.order.status == ORDER_CANCELLED:
        raise PaymentFailed(_("This order was cancelled; refund the transfer instead."))
    if _paid_by_another(attempt):
        raise PaymentFailed(_("This order is already paid; refund the transfer instead."))


def _settle(attempt: PaymentAttempt, *, actor) -> bool:
    """Mark the order paid once every payee has its share; True when it now is."""
    if attempt.direct_transfers.exclude(state=Direct.RECEIVED).exists():
        return False
    if platform_share(attempt) > 0 and attempt.platform_received_at is None:
        return False
    _mark_paid(attempt, actor=actor)
    return True


@transaction.atomic
def confirm_transfer(*, attempt: PaymentAttempt, actor) -> PaymentAttempt:
    """The operator (or the bank feed) saw the VietQR transfer to the platform's account
    arrive: the order is paid, or, when some parts are paid straight to sellers, the
    platform's share is, and the order is paid once the sellers' shares are too."""
    attempt = PaymentAttempt.objects.select_for_update().select_related("order").get(pk=attempt.pk)
    _waiting(attempt)
    share = platform_share(attempt)
    if has_direct_transfers(attempt):
        if attempt.platform_received_at is not None or share <= 0:
            raise PaymentFailed(_("The marketplace's share of this order was already received."))
        attempt.platform_received_at = timezone.now()
        attempt.save(update_fields=["platform_received_at", "updated_at"])
        _settle(attempt, actor=actor)
    else:
        _mark_paid(attempt, actor=actor)
    audit.record(
        actor=actor,
        verb="payment.transfer_confirmed",
        target=attempt.order,
        after={"amount": str(share)},
    )
    return attempt


@transaction.atomic
def confirm_direct(*, transfer: DirectTransfer, actor, via: str) -> bool:
    """A seller's share arrived in its own account (the seller says so, or the bank feed
    or the operator does). Returns False when it was already confirmed: a second click
    changes nothing. The order is paid once every share has arrived."""
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .select_related("order")
        .get(pk=transfer.attempt_id)
    )
    transfer = DirectTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state == Direct.RECEIVED:
        return False
    if transfer.state == Direct.CANCELLED:
        raise PaymentFailed(
            _("This transfer is no longer expected: the order was cancelled or paid another way.")
        )
    _waiting(attempt)
    transfer.state, transfer.via, transfer.received_at = Direct.RECEIVED, via, timezone.now()
    transfer.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    transfer.save(update_fields=["state", "via", "received_at", "confirmed_by"])
    audit.record(
        actor=actor,
        verb="payment.direct_received",
        target=transfer.fulfilment,
        on_behalf_of=transfer.seller,
        after={"amount": str(transfer.amount), "via": via, "code": transfer.code},
    )
    _settle(attempt, actor=actor)
    return True


def create_card_intent(*, attempt: PaymentAttempt, payment_method: str = "") -> stripe_api.Intent:
    """Create (once) the Stripe PaymentIntent for a card attempt."""
    if attempt.reference:
        return stripe_api.retrieve_payment_intent(attempt.reference)
    intent = stripe_api.create_payment_intent(
        amount=attempt.amount,
        order_number=attempt.order.number,
        idempotency_key=attempt.idempotency_key,
        payment_method=payment_method,
    )
    attempt.reference = intent.id
    attempt.save(update_fields=["reference", "updated_at"])
    return intent


def pay_by_test_card(*, attempt: PaymentAttempt, payment_method: str) -> stripe_api.Intent:
    """Server-side confirmation, used when Stripe's script cannot run (and in tests).

    The order still becomes paid only when the signed webhook arrives.
    """
    if attempt.state != State.PENDING:
        raise PaymentFailed(_("This payment is already finished."))
    try:
        if not attempt.reference:
            create_card_intent(attempt=attempt, payment_method=payment_method)
        return stripe_api.confirm_payment_intent(attempt.reference)
    except stripe_api.CardDeclined as exc:
        _fail(attempt, str(exc))
        raise PaymentFailed(
            _(
                "Your card was declined. You can try another card, "
                "or pay by bank transfer or cash on delivery."
            )
        ) from exc
    except stripe_api.StripeUnavailable as exc:
        logger.warning("Stripe unavailable for %s: %s", attempt.order.number, exc)
        raise PaymentFailed(
            _("Card payment is not available right now. Please choose another way to pay.")
        ) from exc


def card_already_taken(attempt: PaymentAttempt) -> bool:
    """True when Stripe has taken (or is taking) the money of this pending card attempt.

    The order becomes paid only when the webhook arrives; until then the buyer must not
    be able to choose another way to pay. If Stripe cannot be asked, switching stays
    possible (the buyer is never stuck) and the webhook, if it comes, is logged.
    """
    if attempt.method != Method.STRIPE or attempt.state != State.PENDING or not attempt.reference:
        return False
    try:
        intent = stripe_api.retrieve_payment_intent(attempt.reference)
    except stripe_api.StripeUnavailable as exc:
        logger.warning("Stripe unavailable, card %s not checked: %s", attempt.reference, exc)
        return False
    return intent.status in ("succeeded", "processing", "requires_capture")


def _fail(attempt: PaymentAttempt, error: str) -> None:
    PaymentAttempt.objects.filter(pk=attempt.pk, state=State.PENDING).update(
        state=State.FAILED, error=error[:255], updated_at=timezone.now()
    )
    attempt.refresh_from_db()


@transaction.atomic
def apply_intent_succeeded(intent_id: str, amount: int) -> str:
    """Webhook: the card payment went through. Returns what happened, for the event log."""
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .filter(method=Method.STRIPE, reference=intent_id)
        .first()
    )
    if attempt is None:
        logger.info("Stripe intent %s is not ours; ignored", intent_id)
        return "unknown-intent"
    if attempt.state == State.SUCCEEDED:
        return "already-paid"
    if int(attempt.amount) != int(amount):
        logger.error("Stripe intent %s amount %s != %s", intent_id, amount, attempt.amount)
        return "amount-mismatch"
    # A card that first failed may still succeed on the same intent (the buyer tried
    # again); it is superseded only once the buyer moved to another attempt.
    superseded = (
        attempt.state in (State.CANCELLED, State.REFUNDED)
        or PaymentAttempt.objects.filter(order_id=attempt.order_id, pk__gt=attempt.pk).exists()
        or _paid_by_another(attempt)
        or attempt.order.status == ORDER_CANCELLED
    )
    if superseded:
        return _refund_superseded_card(attempt, amount)
    _mark_paid(attempt)
    return "paid"


def _refund_superseded_card(attempt: PaymentAttempt, amount: int) -> str:
    """The card went through after the buyer had chosen another way to pay (or the order
    was paid or cancelled meanwhile). It is never a second payment: the money goes back
    to the card. If Stripe cannot be reached, the error is logged and the webhook fails, so
    nothing is recorded and Stripe sends the event again later."""
    try:
        refund_id = stripe_api.create_refund(
            intent_id=attempt.reference,
            amount=amount,
            idempotency_key=f"{attempt.idempotency_key}-superseded",
        )
    except stripe_api.StripeUnavailable as exc:
        logger.error("Late card success %s not refunded yet: %s", attempt.reference, exc)
        raise
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        state=State.REFUNDED,
        error=f"late card success refunded ({refund_id})",
        updated_at=timezone.now(),
    )
    audit.record(
        actor=None,
        verb="payment.late_card_refunded",
        target=attempt.order,
        after={"amount": str(amount), "refund": refund_id},
    )
    return "superseded-refunded"


@transaction.atomic
def apply_intent_failed(intent_id: str, message: str) -> str:
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .filter(method=Method.STRIPE, reference=intent_id)
        .first()
    )
    if attempt is None:
        return "unknown-intent"
    _fail(attempt, message or "payment_failed")
    return "failed"


def remind_unpaid_vietqr(*, now=None) -> list[int]:
    """Unpaid transfers whose deadline is less than ``VIETQR_REMINDER_MINUTES`` away, marked
    as reminded; the caller sends each buyer one reminder (a row is claimed only once)."""
    now = now or timezone.now()
    expiry = timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES)
    due = now - expiry + timedelta(minutes=settings.VIETQR_REMINDER_MINUTES)
    claimed = []
    pending = PaymentAttempt.objects.filter(
        method=Method.VIETQR,
        state=State.PENDING,
        reminded_at__isnull=True,
        created_at__lte=due,
        created_at__gt=now - expiry,
    ).values_list("pk", flat=True)
    for pk in pending:
        rows = PaymentAttempt.objects.filter(pk=pk, reminded_at__isnull=True, state=State.PENDING)
        if rows.update(reminded_at=now):
            claimed.append(pk)
    return claimed


def cancel_by_buyer(*, order, actor) -> None:
    """The buyer cancels an order nobody has paid for or packed yet: every part is
    cancelled, its stock released and the waiting payment withdrawn.

    Raises ``PaymentFailed`` (translated) when it is too late: paid, packed, already
    cancelled, or a card payment is going through right now.
    """
    attempt = current_attempt(order)
    if attempt is not None and card_already_taken(attempt):
        raise PaymentFailed(
            _("Your card payment is going through, so the order cannot be cancelled now.")
        )
    with transaction.atomic():
        locked = type(order).objects.select_for_update().get(pk=order.pk)
        part_paid = (
            DirectTransfer.objects.filter(attempt__order=locked, state=Direct.RECEIVED).exists()
            or PaymentAttempt.objects.filter(
                order=locked, platform_received_at__isnull=False
            ).exists()
        )
        if not buyer_may_cancel(locked) or part_paid:
            raise PaymentFailed(
                _(
                    "This order can no longer be cancelled here: it is paid, packed or "
                    "cancelled already. Contact the seller or the marketplace."
                )
            )
        cancel_order(order=locked, actor=actor, reason="buyer")
        PaymentAttempt.objects.filter(order=locked, state=State.PENDING).update(
            state=State.CANCELLED, updated_at=timezone.now()
        )
        DirectTransfer.objects.filter(attempt__order=locked, state=Direct.PENDING).update(
            state=Direct.CANCELLED
        )
        transaction.on_commit(lambda: notify_sellers_cancelled.delay(locked.pk))


def expire_unpaid_vietqr(*, now=None) -> int:
    """Cancel orders whose VietQR transfer never came; each is cancelled once."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES)
    # An order one payee has already been paid for is not cancelled behind the buyer's
    # back: it stays in the operator's list of transfers waiting.
    stale = (
        PaymentAttempt.objects.filter(
            method=Method.VIETQR, state=State.PENDING, created_at__lt=cutoff
        )
        .exclude(platform_received_at__isnull=False)
        .exclude(direct_transfers__state=Direct.RECEIVED)
        .select_related("order")
    )
    cancelled = 0
    for attempt in stale:
        with transaction.atomic():
            # A payee may have been paid since the list was read: the attempt row is the
            # lock ``confirm_transfer`` and ``confirm_direct`` take too.
            locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            if (
                locked.platform_received_at is not None
                or locked.direct_transfers.filter(state=Direct.RECEIVED).exists()
            ):
                continue
            if cancel_order(order=attempt.order, reason="vietqr-expired"):
                cancelled += 1
            PaymentAttempt.objects.filter(pk=attempt.pk, state=State.PENDING).update(
                state=State.CANCELLED
            )
            DirectTransfer.objects.filter(attempt=attempt, state=Direct.PENDING).update(
                state=Direct.CANCELLED
            )
    return cancelled
