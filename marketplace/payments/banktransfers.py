"""Writes about incoming bank transfers: match them to orders, and the operator's
resolutions for those that did not match.

A transfer pays its order at once only when its message names a waiting VietQR order,
it carries exactly the order's total, and it arrived before the deadline; everything
else waits for the operator, who accepts it, sends it back, attaches it to the right
order or dismisses it. Each transfer is recorded once, keyed by the bank's id, so a
notification sent again changes nothing.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit
from marketplace.order.services import ORDER_CANCELLED

from . import services
from .bankfeed import Notification
from .models import BankTransaction, PaymentAttempt

logger = logging.getLogger(__name__)
Order = get_model("order", "Order")
Status, Problem = BankTransaction.Status, BankTransaction.Problem
Method, State = PaymentAttempt.Method, PaymentAttempt.State

# "CHOLANG 100042" as banks pass it on: any case, the space dropped or turned into a dash
# or a dot, surrounded by the bank's own text.
_TAGGED = re.compile(r"CHO[\W_]*LANG[\W_]*(\d{4,20})", re.IGNORECASE)
_DIGITS = re.compile(r"(?<!\d)(\d{6,20})(?!\d)")
SHORTEST_NUMBER = 4


class ResolutionError(Exception):
    """A translated message for the operator: this resolution does not apply."""


def order_number_candidates(memo: str) -> list[str]:
    """Order numbers the message may name, the likeliest first.

    When the bank glued other digits to the number ("CHOLANG1000420912…"), every
    leading part of the digit run is a candidate, longest first.
    """
    candidates: list[str] = []
    for digits in _TAGGED.findall(memo):
        candidates += [digits[:n] for n in range(len(digits), SHORTEST_NUMBER - 1, -1)]
    candidates += _DIGITS.findall(memo)
    return list(dict.fromkeys(candidates))


def find_order(memo: str):
    candidates = order_number_candidates(memo)
    if not candidates:
        return None
    found = {o.number: o for o in Order.objects.filter(number__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


def _platform_account(account: str) -> bool:
    return account.lstrip("0") == settings.VIETQR_ACCOUNT_NUMBER.lstrip("0")


def _transfer_attempt(order) -> PaymentAttempt | None:
    """The order's latest VietQR attempt, locked."""
    return (
        PaymentAttempt.objects.select_for_update()
        .filter(order=order, method=Method.VIETQR)
        .order_by("-created_at", "-pk")
        .first()
    )


def _switched_away(attempt: PaymentAttempt) -> bool:
    return PaymentAttempt.objects.filter(order_id=attempt.order_id, pk__gt=attempt.pk).exists()


def _problem(tx: BankTransaction, attempt: PaymentAttempt | None) -> str:
    """What keeps ``tx`` from paying its order; "" when it pays it."""
    order = tx.order
    if order is None:
        return Problem.UNKNOWN
    if PaymentAttempt.objects.filter(order=order, state=State.SUCCEEDED).exists():
        return Problem.ALREADY_PAID
    if attempt is None:
        return Problem.UNKNOWN
    late = tx.transacted_at > services.vietqr_deadline(attempt)
    if late or order.status == ORDER_CANCELLED:
        return Problem.LATE
    if attempt.state != State.PENDING or _switched_away(attempt):
        return Problem.NOT_WAITING  # the buyer chose another way to pay meanwhile
    if tx.amount < attempt.amount:
        return Problem.SHORT
    if tx.amount > attempt.amount:
        return Problem.OVER
    return Problem.NONE


def _match(tx: BankTransaction, *, actor=None) -> str:
    """Pay ``tx``'s order if it can; otherwise say why. Returns the problem or "paid"."""
    attempt = _transfer_attempt(tx.order) if tx.order is not None else None
    tx.attempt = attempt
    tx.problem = _problem(tx, attempt)
    if tx.problem == Problem.NONE:
        services.confirm_transfer(attempt=attempt, actor=actor)
        return "paid"
    return tx.problem


def record_notification(*, notification: Notification) -> str:
    """Record one incoming transfer and pay its order when it matches exactly.

    Returns what happened, for the log: ``"paid"``, the problem that queued it, or
    ``"replay"`` when the bank's id was already recorded.
    """
    try:
        with transaction.atomic():
            tx = BankTransaction.objects.create(
                transaction_id=notification.transaction_id,
                account_number=notification.account_number,
                amount=notification.amount,
                memo=notification.memo,
                transacted_at=notification.transacted_at,
            )
            if _platform_account(notification.account_number):
                tx.order = find_order(notification.memo)
                outcome = _match(tx)
            else:
                tx.problem, outcome = Problem.ACCOUNT, Problem.ACCOUNT
            tx.status = Status.MATCHED if outcome == "paid" else Status.QUEUED
            tx.save(update_fields=["order", "attempt", "problem", "status"])
    except IntegrityError:
        return "replay"
    return outcome


def _locked(tx: BankTransaction) -> BankTransaction:
    tx = BankTransaction.objects.select_for_update().get(pk=tx.pk)
    if tx.status != Status.QUEUED:
        raise ResolutionError(_("This transfer was already dealt with."))
    return tx


def _close(tx: BankTransaction, *, status: str, actor, verb: str, reason: str = "") -> None:
    tx.status, tx.resolved_by, tx.resolved_at = status, actor, timezone.now()
    tx.save()
    audit.record(
        actor=actor,
        verb=verb,
        target=tx,
        reason=reason,
        after={
            "transaction": tx.transaction_id,
            "amount": str(tx.amount),
            "order": tx.order.number if tx.order else "",
            "refund": str(tx.refund_amount),
        },
    )


@transaction.atomic
def accept_as_paid(*, tx: BankTransaction, actor) -> BankTransaction:
    """The operator takes a short, over or late transfer as the order's payment; what was
    paid over the total is marked to be sent back."""
    tx = _locked(tx)
    attempt = _transfer_attempt(tx.order) if tx.order is not None else None
    if attempt is None or attempt.state != State.PENDING:
        raise ResolutionError(_("No transfer of this order is waiting: attach it or refund it."))
    try:
        services.confirm_transfer(attempt=attempt, actor=actor)
    except services.PaymentFailed as exc:
        raise ResolutionError(str(exc)) from exc
    tx.attempt = attempt
    tx.refund_amount = max(tx.amount - attempt.amount, 0)
    _close(tx, status=Status.ACCEPTED, actor=actor, verb="bank.transfer_accepted")
    return tx


@transaction.atomic
def mark_for_refund(*, tx: BankTransaction, actor) -> BankTransaction:
    """The whole transfer goes back to its sender (paid back by hand from the bank)."""
    tx = _locked(tx)
    tx.refund_amount = tx.amount
    _close(tx, status=Status.REFUND_DUE, actor=actor, verb="bank.transfer_refund_due")
    return tx


@transaction.atomic
def attach_to_order(*, tx: BankTransaction, actor, number: str) -> BankTransaction:
    """The operator names the order the sender meant; it is matched again and, when it now
    matches exactly, pays that order."""
    tx = _locked(tx)
    order = Order.objects.filter(number=number.strip()).first()
    if order is None:
        raise ResolutionError(_("No order has the number %(number)s.") % {"number": number})
    tx.order = order
    if _match(tx, actor=actor) == "paid":
        _close(tx, status=Status.ACCEPTED, actor=actor, verb="bank.transfer_attached")
    else:
        tx.save(update_fields=["order", "attempt", "problem"])
        audit.record(
            actor=actor,
            verb="bank.transfer_attached",
            target=tx,
            after={"order": order.number, "problem": tx.problem},
        )
    return tx


@transaction.atomic
def dismiss(*, tx: BankTransaction, actor, reason: str) -> BankTransaction:
    """Close a transfer that needs nothing (a test transfer, a payment for something
    else); the reason is kept."""
    reason = reason.strip()
    if not reason:
        raise ResolutionError(_("Say why this transfer needs nothing."))
    tx = _locked(tx)
    tx.note = reason[:255]
    _close(tx, status=Status.DISMISSED, actor=actor, verb="bank.transfer_dismissed", reason=reason)
    return tx
