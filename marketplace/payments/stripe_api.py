"""The only door to Stripe: nothing else in the project imports ``stripe``.

Amounts are whole đồng: VND is a zero-decimal currency for Stripe, so 150000 means
150.000 ₫. Every create call carries an idempotency key so a retried request never
charges or refunds twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings


class StripeUnavailable(Exception):
    """Stripe could not be reached or refused the request for a technical reason."""


class CardDeclined(Exception):
    """The card was refused; ``str()`` is the provider's reason."""


class BadSignature(Exception):
    """A webhook whose signature does not verify."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: int
    client_secret: str
    error: str = ""


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def _client() -> stripe.StripeClient:
    kwargs = {
        "max_network_retries": 1,
        "http_client": stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    }
    if settings.STRIPE_API_BASE:
        kwargs["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **kwargs)


def _intent(obj) -> Intent:
    obj = obj.to_dict() if hasattr(obj, "to_dict") else obj
    error = obj.get("last_payment_error") or {}
    return Intent(
        id=obj["id"],
        status=obj["status"],
        amount=int(obj["amount"]),
        client_secret=obj.get("client_secret") or "",
        error=(error.get("message") or error.get("code") or "") if error else "",
    )


def create_payment_intent(
    *, amount: Decimal, order_number: str, idempotency_key: str, payment_method: str = ""
) -> Intent:
    """A card PaymentIntent in VND for an order, tagged with the order number."""
    params = {
        "amount": int(amount),
        "currency": "vnd",
        "payment_method_types": ["card"],
        "metadata": {"order_number": order_number},
    }
    if payment_method:
        params["payment_method"] = payment_method
    try:
        obj = _client().v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    return _intent(obj)


def confirm_payment_intent(intent_id: str) -> Intent:
    """Confirm server-side (test cards / no-JS path); a decline raises ``CardDeclined``."""
    try:
        obj = _client().v1.payment_intents.confirm(intent_id)
    except stripe.CardError as exc:
        raise CardDeclined(exc.user_message or str(exc)) from exc
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    intent = _intent(obj)
    if intent.status in ("requires_payment_method", "canceled"):
        raise CardDeclined(intent.error or "declined")
    return intent


def retrieve_payment_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc


def create_refund(*, intent_id: str, amount: Decimal, idempotency_key: str) -> str:
    """Refund part or all of a succeeded PaymentIntent; returns the refund id."""
    try:
        obj = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": int(amount)},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise StripeUnavailable(str(exc)) from exc
    return obj["id"]


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event as a plain dict, only if its signature verifies against our secret."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature:
        raise BadSignature("missing secret or signature")
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, secret, 300)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise BadSignature(str(exc)) from exc

    return json.loads(payload)
