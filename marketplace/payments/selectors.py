"""Reads about payments."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import PaymentAttempt


def current_attempt(order) -> PaymentAttempt | None:
    """The buyer's latest choice of payment for ``order``."""
    return PaymentAttempt.objects.filter(order=order).order_by("-created_at", "-pk").first()


def is_cod(order) -> bool:
    attempt = current_attempt(order)
    return attempt is not None and attempt.method == PaymentAttempt.Method.COD


def is_paid(order) -> bool:
    return PaymentAttempt.objects.filter(order=order, state=PaymentAttempt.State.SUCCEEDED).exists()


def transfers_waiting() -> QuerySet:
    """VietQR transfers waiting for the operator to confirm, oldest first."""
    return (
        PaymentAttempt.objects.filter(
            method=PaymentAttempt.Method.VIETQR, state=PaymentAttempt.State.PENDING
        )
        .exclude(order__status="cancelled")
        .select_related("order")
        .order_by("created_at")
    )
