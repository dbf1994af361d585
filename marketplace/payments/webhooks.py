"""Provider webhooks: verify the signature, look the handler up, apply each event once."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.security.ratelimit import client_ip

from . import bankfeed, banktransfers, services, stripe_api
from .models import WebhookEvent

logger = logging.getLogger(__name__)


def _succeeded(obj: dict) -> str:
    return services.apply_intent_succeeded(obj["id"], obj.get("amount") or 0)


def _failed(obj: dict) -> str:
    error = obj.get("last_payment_error") or {}
    return services.apply_intent_failed(obj["id"], error.get("message") or "")


STRIPE_HANDLERS = {
    "payment_intent.succeeded": _succeeded,
    "payment_intent.payment_failed": _failed,
}


def apply_stripe_event(event: dict) -> str:
    """Apply a verified event once; a replay (same event id) returns ``"replay"``."""
    handler = STRIPE_HANDLERS.get(event.get("type", ""))
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                provider="stripe", event_id=event["id"], event_type=event.get("type", "")
            )
            outcome = handler(event["data"]["object"]) if handler else "ignored"
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        return "replay"
    logger.info("stripe event %s %s: %s", event["id"], event.get("type"), outcome)
    return outcome


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = stripe_api.verify_event(request.body, request.headers.get("Stripe-Signature"))
    except stripe_api.BadSignature:
        return HttpResponseBadRequest("bad signature")
    if "id" not in event or "data" not in event:
        return HttpResponseBadRequest("malformed event")
    return HttpResponse(apply_stripe_event(event), content_type="text/plain")


def _money_in(notification: bankfeed.Notification) -> str:
    return banktransfers.record_notification(notification=notification)


def _money_out(notification: bankfeed.Notification) -> str:
    return "ignored"  # our own payouts and refunds: nothing to match


BANK_HANDLERS = {"in": _money_in, "out": _money_out}


@csrf_exempt
@require_POST
def bank_webhook(request):
    """The bank-notification service tells us about one transaction."""
    try:
        bankfeed.verify(request.body, request.headers.get(bankfeed.SIGNATURE_HEADER))
    except bankfeed.BadSignature as exc:
        logger.warning("bank notification refused from %s: %s", client_ip(request), exc)
        return HttpResponseBadRequest("bad signature")
    try:
        notification = bankfeed.parse(request.body)
    except bankfeed.Malformed as exc:
        logger.warning("bank notification unreadable: %s", exc)
        return HttpResponseBadRequest("malformed notification")
    handler = BANK_HANDLERS.get(notification.direction, _money_out)
    outcome = handler(notification)
    logger.info("bank transaction %s: %s", notification.transaction_id, outcome)
    return JsonResponse({"success": True, "outcome": outcome})
