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
from .models import BankTransaction, DirectTransfer, PaymentAttempt

logger = logging.getLogger(__name__)
Order = get_model("order", "Order")
Status, Problem = BankTransaction.Status, BankTransaction.Problem
Method, State = PaymentAttempt.Method, PaymentAttempt.State
Direct = DirectTransfer.State

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


def _account_variants(account: str) -> list[str]:
    return list({account, account.lstrip("0")} - {""})


def _seller_account(account: str) -> bool:
    """Some seller took direct transfers into this account."""
    return DirectTransfer.objects.filter(account_number__in=_account_variants(account)).exists()


def find_direct(account: str, memo: str) -> DirectTransfer | None:
    """The seller's share the message names (by its order) that was due in ``account``;
    the latest when the buyer paid the order more than once."""
    candidates = order_number_candidates(memo)
    if not candidates:
        return None
    found = (
        DirectTransfer.objects.filter(
            account_number__in=_account_variants(account),
            attempt__order__number__in=candidates,
        )
        .select_related("attempt__order")
        .order_by("-created_at", "-pk")
    )
    by_number: dict[str, DirectTransfer] = {}
    for transfer in found:
        by_number.setdefault(transfer.attempt.order.number, transfer)
    return next((by_number[c] for c in candidates if c in by_number), None)


def _direct_problem(tx: BankTransaction, transfer: DirectTransfer) -> str:
    """What keeps ``tx`` from paying a seller's share; "" when it pays it."""
    attempt = PaymentAttempt.objects.select_for_update().get(pk=transfer.attempt_id)
    transfer.refresh_from_db()
    if transfer.state == Direct.RECEIVED:
        return Problem.ALREADY_PAID
    if tx.transacted_at > services.vietqr_deadline(attempt) or tx.order.status == ORDER_CANCELLED:
        return Problem.LATE
    if transfer.state != Direct.PENDING or attempt.state != State.PENDING:
        return Problem.NOT_WAITING
    if _switched_away(attempt):
        return Problem.NOT_WAITING
    if tx.amount < transfer.amount:
        return Problem.SHORT
    if tx.amount > transfer.amount:
        return Problem.OVER
    return Problem.NONE


def _match_direct(tx: BankTransaction, transfer: DirectTransfer, *, actor=None) -> str:
    tx.direct_transfer, tx.order, tx.attempt = transfer, transfer.attempt.order, transfer.attempt
    tx.problem = _direct_problem(tx, transfer)
    if tx.problem == Problem.NONE:
        via = DirectTransfer.Via.OPERATOR if actor else DirectTransfer.Via.BANK
        services.confirm_direct(transfer=transfer, actor=actor, via=via)
        return "paid"
    return tx.problem


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
    if attempt.platform_received_at is not None:
        return Problem.ALREADY_PAID  # the platform's share of a split order came already
    late = tx.transacted_at > services.vietqr_deadline(attempt)
    if late or order.status == ORDER_CANCELLED:
        return Problem.LATE
    if attempt.state != State.PENDING or _switched_away(attempt):
        return Problem.NOT_WAITING  # the buyer chose another way to pay meanwhile
    due = services.platform_share(attempt)
    if tx.amount < due:
        return Problem.SHORT
    if tx.amount > due:
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
    account, memo = notification.account_number, notification.memo
    platform = _platform_account(account)
    direct = None if platform else find_direct(account, memo)
    if not platform and direct is None and _seller_account(account) and not _TAGGED.search(memo):
        # A seller's own account also receives the seller's private transfers: only
        # those naming the marketplace are ours to look at, and nothing else is kept.
        return "ignored"
    try:
        with transaction.atomic():
            tx = BankTransaction.objects.create(
                transaction_id=notification.transaction_id,
                account_number=account,
                amount=notification.amount,
                memo=memo,
                transacted_at=notification.transacted_at,
            )
            if platform:
                tx.order = find_order(memo)
                outcome = _match(tx)
            elif direct is not None:
                outcome = _match_direct(tx, direct)
            elif _seller_account(account):
                tx.problem, outcome = Problem.UNKNOWN, Problem.UNKNOWN
            else:
                tx.problem, outcome = Problem.ACCOUNT, Problem.ACCOUNT
            tx.status = Status.MATCHED if outcome == "paid" else Status.QUEUED
            tx.save(update_fields=["order", "attempt", "direct_transfer", "problem", "status"])
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
    if tx.direct_transfer_id is not None:
        return _accept_direct(tx, actor=actor)
    attempt = _transfer_attempt(tx.order) if tx.order is not None else None
    if attempt is None or attempt.state != State.PENDING:
        raise ResolutionError(_("No transfer of this order is waiting: attach it or refund it."))
    due = services.platform_share(attempt)
    try:
        services.confirm_transfer(attempt=attempt, actor=actor)
    except services.PaymentFailed as exc:
        raise ResolutionError(str(exc)) from exc
    tx.attempt = attempt
    tx.refund_amount = max(tx.amount - due, 0)
    _close(tx, status=Status.ACCEPTED, actor=actor, verb="bank.transfer_accepted")
    return tx


def _accept_direct(tx: BankTransaction, *, actor) -> BankTransaction:
    """A short, over or late transfer to a seller's account taken as that seller's share;
    what was paid over it the seller sends back."""
    transfer = tx.direct_transfer
    try:
        services.confirm_direct(transfer=transfer, actor=actor, via=DirectTransfer.Via.OPERATOR)
    except services.PaymentFailed as exc:
        raise ResolutionError(str(exc)) from exc
    tx.refund_amount = max(tx.amount - transfer.amount, 0)
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
    if _platform_account(tx.account_number):
        outcome = _match(tx, actor=actor)
    else:
        direct = find_direct(tx.account_number, f"CHOLANG {order.number}")
        if direct is None:
            raise ResolutionError(
                _("Order %(number)s has no part to be paid into this account.") % {"number": number}
            )
        outcome = _match_direct(tx, direct, actor=actor)
    if outcome == "paid":
        _close(tx, status=Status.ACCEPTED, actor=actor, verb="bank.transfer_attached")
    else:
        tx.save(update_fields=["order", "attempt", "direct_transfer", "problem"])
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
