"""Demo bank notifications: the transfers the bank reported for the demo's VietQR orders.

Recent paid transfers were matched by themselves (their messages as banks mangle them);
a few wait in the operator's queue: one short, one over the total, one after its order
was cancelled for want of payment, and one whose message names no order. Written once,
with their own timestamps, like the demo orders. Idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from marketplace.payments.models import BankTransaction, PaymentAttempt

PREFIX = "DEMO-FT"
Status, Problem = BankTransaction.Status, BankTransaction.Problem
MANGLED = ["CHOLANG {n}", "cholang {n}", "MBVCB.{n}.CHOLANG{n}.CT tu", "CHO LANG {n} thanh toan"]


def _demo_vietqr(state: str):
    return (
        PaymentAttempt.objects.filter(
            method=PaymentAttempt.Method.VIETQR, state=state, order__number__startswith="DM"
        )
        .select_related("order")
        .order_by("-created_at", "-pk")
    )


def _row(n: int, attempt, *, amount, memo, at, status, problem="", **extra):
    return BankTransaction(
        transaction_id=f"{PREFIX}{n:05d}",
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=amount,
        memo=memo,
        transacted_at=at,
        received_at=at + datetime.timedelta(seconds=3),
        order=attempt.order if attempt else None,
        attempt=attempt,
        status=status,
        problem=problem,
        **extra,
    )


def load_bank_transactions() -> int:
    """Write the demo's bank notifications once; returns how many were written."""
    if BankTransaction.objects.filter(transaction_id__startswith=PREFIX).exists():
        return 0
    paid = list(_demo_vietqr(PaymentAttempt.State.SUCCEEDED)[:9])
    cancelled = list(_demo_vietqr(PaymentAttempt.State.CANCELLED)[:3])
    if len(paid) < 3:
        return 0
    rows = []
    for n, attempt in enumerate(paid[:7], start=1):
        memo = MANGLED[n % len(MANGLED)].format(n=attempt.order.number)
        at = attempt.created_at + datetime.timedelta(minutes=7 + n)
        rows.append(
            _row(n, attempt, amount=attempt.amount, memo=memo, at=at, status=Status.MATCHED)
        )
    # A short and an over transfer that arrived in time: still waiting today, or the order
    # was cancelled at its deadline because nobody accepted them.
    waiting = list(_demo_vietqr(PaymentAttempt.State.PENDING)[:2])
    pool = waiting + cancelled
    if len(pool) < 3:
        return 0
    short, over = pool[0], pool[1]
    cancelled = [a for a in cancelled if a not in (short, over)][:1]
    rows.append(
        _row(
            90,
            short,
            amount=short.amount - Decimal(15000),
            memo=f"CHOLANG {short.order.number} dat coc",
            at=short.created_at + datetime.timedelta(minutes=35),
            status=Status.QUEUED,
            problem=Problem.SHORT,
        )
    )
    rows.append(
        _row(
            91,
            over,
            amount=over.amount + Decimal(50000),
            memo=f"IBFT cholang{over.order.number} tien hang va phi ship",
            at=over.created_at + datetime.timedelta(minutes=50),
            status=Status.QUEUED,
            problem=Problem.OVER,
        )
    )
    for attempt in cancelled:
        deadline = attempt.created_at + datetime.timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES)
        rows.append(
            _row(
                92,
                attempt,
                amount=attempt.amount,
                memo=f"CHOLANG {attempt.order.number}",
                at=deadline + datetime.timedelta(hours=5),
                status=Status.QUEUED,
                problem=Problem.LATE,
            )
        )
    rows.append(
        _row(
            93,
            None,
            amount=Decimal(250000),
            memo="NGUYEN THI HOA chuyen tien mua mat ong",
            at=paid[0].created_at + datetime.timedelta(days=1),
            status=Status.QUEUED,
            problem=Problem.UNKNOWN,
        )
    )
    with transaction.atomic():
        BankTransaction.objects.bulk_create(rows)
    return len(rows)
