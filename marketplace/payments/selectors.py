"""Reads about payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import DecimalField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.order.models import Fulfilment

from .models import BankTransaction, DirectTransfer, PaymentAttempt, Refund

S = Fulfilment.Status
# A buyer may cancel while no money was taken and no seller has packed their part yet.
CANCELLABLE_PARTS = {S.NEW, S.CONFIRMED}


def current_attempt(order) -> PaymentAttempt | None:
    """The buyer's latest choice of payment for ``order``."""
    return PaymentAttempt.objects.filter(order=order).order_by("-created_at", "-pk").first()


def current_attempts(order_ids) -> dict[int, PaymentAttempt]:
    """The latest payment choice of each order, in one query."""
    latest: dict[int, PaymentAttempt] = {}
    for attempt in PaymentAttempt.objects.filter(order_id__in=list(order_ids)).order_by(
        "order_id", "-created_at", "-pk"
    ):
        latest.setdefault(attempt.order_id, attempt)
    return latest


def is_cod(order) -> bool:
    attempt = current_attempt(order)
    return attempt is not None and attempt.method == PaymentAttempt.Method.COD


def is_paid(order) -> bool:
    return PaymentAttempt.objects.filter(order=order, state=PaymentAttempt.State.SUCCEEDED).exists()


def transfers_waiting() -> QuerySet:
    """VietQR transfers to the platform's account waiting for the operator to confirm,
    oldest first, each with ``platform_due``: the order's total less the parts paid
    straight to sellers."""
    return (
        PaymentAttempt.objects.filter(
            method=PaymentAttempt.Method.VIETQR,
            state=PaymentAttempt.State.PENDING,
            platform_received_at__isnull=True,
        )
        .exclude(order__status="cancelled")
        .annotate(
            platform_due=F("amount")
            - Coalesce(Sum("direct_transfers__amount"), Value(0), output_field=DecimalField())
        )
        .filter(platform_due__gt=0)
        .select_related("order")
        .order_by("created_at")
    )


def split_orders_overdue(*, now=None) -> QuerySet:
    """VietQR orders paid in part and still owed a seller's share past their deadline,
    oldest first: the expiry does not cancel an order a payee was already paid for, so
    the operator follows them up (the seller checks its account, the buyer finishes
    paying, or the order is called off and what was paid refunded). Each comes with its
    direct transfers and their sellers."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES)
    received = DirectTransfer.State.RECEIVED
    return (
        PaymentAttempt.objects.filter(
            method=PaymentAttempt.Method.VIETQR,
            state=PaymentAttempt.State.PENDING,
            created_at__lt=cutoff,
            direct_transfers__state=DirectTransfer.State.PENDING,
        )
        .filter(
            Q(platform_received_at__isnull=False)
            | Q(pk__in=DirectTransfer.objects.filter(state=received).values("attempt_id"))
        )
        .exclude(order__status="cancelled")
        .distinct()
        .select_related("order")
        .prefetch_related(
            Prefetch(
                "direct_transfers",
                DirectTransfer.objects.select_related("seller").order_by("pk"),
            )
        )
        .order_by("created_at")
    )


def _latest(attempts):
    return max(attempts, key=lambda a: (a.created_at, a.pk), default=None)


def buyer_status(order, attempts=None, parts=None, *, for_buyer: bool = True) -> str:
    """The order's state in words (never a code such as "pending"), for the buyer or,
    with ``for_buyer=False``, for the marketplace's staff.

    ``attempts`` and ``parts`` default to the order's own (prefetch them for lists).
    """
    attempts = list(order.payment_attempts.all()) if attempts is None else attempts
    parts = list(order.fulfilments.all()) if parts is None else parts
    attempt = _latest(attempts)
    if order.status == "cancelled":
        return _("Cancelled")
    waiting = (PaymentAttempt.State.PENDING, PaymentAttempt.State.FAILED)
    paid = any(a.state == PaymentAttempt.State.SUCCEEDED for a in attempts)
    by_card_or_transfer = attempt and attempt.method != PaymentAttempt.Method.COD
    if by_card_or_transfer and not paid and attempt.state in waiting:
        return _("Waiting for your payment") if for_buyer else _("Waiting for payment")
    states = {p.status for p in parts} - {S.CANCELLED}
    if not states:
        return _("Cancelled")
    if states == {S.DELIVERED}:
        return _("Delivered")
    if states == {S.REFUSED}:
        return _("Refused at delivery")
    if S.SHIPPED in states:
        return _("On its way")
    if states & {S.CONFIRMED, S.PACKED}:
        return _("Being prepared by the seller")
    if S.NEW in states:
        return _("Waiting for the seller to confirm")
    return _("Delivered in part")


def buyer_may_cancel(order, attempts=None, parts=None) -> bool:
    """Not paid, not cancelled, and no seller has packed or sent anything yet."""
    attempts = list(order.payment_attempts.all()) if attempts is None else attempts
    parts = list(order.fulfilments.all()) if parts is None else parts
    return (
        order.status != "cancelled"
        and not any(a.state == PaymentAttempt.State.SUCCEEDED for a in attempts)
        and bool(parts)
        and all(p.status in CANCELLABLE_PARTS for p in parts)
    )


@dataclass
class BuyerOrder:
    """What the buyer's order pages show about money and delivery."""

    status: str
    attempt: PaymentAttempt | None
    parts: list = field(default_factory=list)
    refunds: list = field(default_factory=list)
    may_cancel: bool = False

    @property
    def refunded(self):
        return sum((r.amount for r in self.refunds), 0)


def buyer_order_summary(order) -> BuyerOrder:
    attempts = list(PaymentAttempt.objects.filter(order=order))
    parts = list(order.fulfilments.select_related("seller").order_by("pk"))
    return BuyerOrder(
        status=buyer_status(order, attempts, parts),
        attempt=_latest(attempts),
        parts=parts,
        refunds=list(Refund.objects.filter(order=order).order_by("created_at", "pk")),
        may_cancel=buyer_may_cancel(order, attempts, parts),
    )


def bank_queue() -> QuerySet:
    """Incoming transfers waiting for the operator, oldest first."""
    return (
        BankTransaction.objects.filter(status=BankTransaction.Status.QUEUED)
        .select_related("order", "attempt")
        .order_by("transacted_at", "pk")
    )


def bank_recent(limit: int = 20) -> QuerySet:
    """The latest transfers already dealt with (paid automatically or resolved)."""
    return (
        BankTransaction.objects.exclude(status=BankTransaction.Status.QUEUED)
        .select_related("order", "resolved_by")
        .order_by("-transacted_at", "-pk")[:limit]
    )


def direct_transfer_for(part) -> DirectTransfer | None:
    """The live transfer of an order part to its seller's own account, if it has one."""
    return (
        DirectTransfer.objects.filter(fulfilment=part)
        .exclude(state=DirectTransfer.State.CANCELLED)
        .order_by("-created_at", "-pk")
        .first()
    )


def direct_transfers_of(attempt) -> list[DirectTransfer]:
    """The shares of a VietQR payment that go straight to sellers, by order part."""
    return list(
        DirectTransfer.objects.filter(attempt=attempt)
        .select_related("seller")
        .order_by("fulfilment_id")
    )
