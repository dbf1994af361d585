"""Stripe down or slow: the buyer is told plainly and pays by VietQR or COD instead;
a card is never charged twice, and webhooks change an order once whatever their order.
"""

import hashlib
import hmac
import json
import random
import socket
import time

import pytest
from django.urls import reverse

from marketplace.ledger.models import LedgerEntry
from marketplace.payments.models import PaymentAttempt, WebhookEvent
from marketplace.payments.services import pay_by_test_card, start_payment
from tests.checkout.helpers import basket_with, place
from tests.checkout.test_checkout_flow import go_to_review
from tests.factories import sellable_product

pytestmark = [pytest.mark.django_db]
UNAVAILABLE = "Hiện chưa thể thanh toán bằng thẻ"  # "Card payment is not available right now"
SECRET = "whsec_faults_test"


@pytest.fixture
def refused_url():
    """A loopback port where nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def stalled_url():
    """Accepts connections and never answers, like an overloaded provider."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def stripe_at(settings, url):
    settings.STRIPE_SECRET_KEY = "sk_test_faults"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_faults"
    settings.STRIPE_API_BASE = url
    settings.STRIPE_TIMEOUT_SECONDS = 1


def card_order_then_pay(client):
    go_to_review(client, sellable_product())
    placed = client.post(reverse("checkout:preview"), {"action": "place_order", "method": "stripe"})
    number = PaymentAttempt.objects.get().order.number
    assert placed.status_code == 302 and placed.url == reverse("payments:card", args=[number])
    started = time.monotonic()
    paid = client.post(placed.url, {"payment_method": "pm_card_visa"}, follow=True)
    return number, paid, time.monotonic() - started


@pytest.mark.parametrize("provider", ["refused_url", "stalled_url"])
def test_stripe_down_or_slow_offers_vietqr_and_cod_with_a_clear_message(
    request, client, settings, provider
):
    stripe_at(settings, request.getfixturevalue(provider))
    number, page, seconds = card_order_then_pay(client)
    html = page.content.decode()
    assert page.status_code == 200 and UNAVAILABLE in html
    assert 'value="vietqr"' in html and 'value="cod"' in html
    assert seconds < 8  # bounded by the client timeout, not Stripe's 80 s default
    attempt = PaymentAttempt.objects.get()
    assert attempt.state == "pending" and not LedgerEntry.objects.exists()

    switched = client.post(reverse("payments:switch", args=[number]), {"method": "vietqr"})
    assert switched.status_code == 302
    methods = dict(PaymentAttempt.objects.values_list("method", "state"))
    assert methods == {"stripe": "cancelled", "vietqr": "pending"}
    assert not LedgerEntry.objects.exists()


def signed(payload: bytes) -> str:
    stamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
    return f"t={stamp},v1={mac.hexdigest()}"


def deliver(client, event: dict):
    body = json.dumps(event).encode()
    return client.post(
        reverse("webhooks:stripe"),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(body),
    )


def intent_event(event_id, kind, intent_id, amount):
    obj = {"id": intent_id, "amount": amount, "object": "payment_intent"}
    if kind == "payment_intent.payment_failed":
        obj["last_payment_error"] = {"message": "card_declined"}
    return {"id": event_id, "type": kind, "data": {"object": obj}}


@pytest.mark.services
def test_a_webhook_storm_out_of_order_changes_the_order_once(client, stripe_settings):
    stripe_settings.STRIPE_WEBHOOK_SECRET = SECRET
    product = sellable_product()
    order = place(basket_with(product))
    attempt = start_payment(order=order, method="stripe")
    intent = pay_by_test_card(attempt=attempt, payment_method="pm_card_visa")
    amount = int(order.total_incl_tax)
    succeeded = intent_event("evt_ok", "payment_intent.succeeded", intent.id, amount)
    failed = intent_event("evt_late_fail", "payment_intent.payment_failed", intent.id, amount)
    # The same success delivered 10 times, a second success event for the same intent,
    # and a failure that arrives after the success: shuffled, as networks deliver.
    storm = [succeeded] * 10 + [failed] * 3
    storm.append(intent_event("evt_ok_again", "payment_intent.succeeded", intent.id, amount))
    random.Random(7).shuffle(storm)
    storm.remove(succeeded)
    storm.insert(0, succeeded)  # the success first: the failure must then be "late"
    outcomes = [deliver(client, event).content.decode() for event in storm]

    attempt.refresh_from_db()
    assert attempt.state == "succeeded"
    assert outcomes.count("paid") == 1
    assert outcomes.count("replay") == 9 + 2
    assert WebhookEvent.objects.count() == 3
    sales = LedgerEntry.objects.filter(order=order)
    entries_per_kind = {}
    for kind in sales.values_list("kind", flat=True):
        entries_per_kind[kind] = entries_per_kind.get(kind, 0) + 1
    assert entries_per_kind and set(entries_per_kind.values()) == {1}


@pytest.mark.services
def test_a_failure_before_the_success_still_ends_paid_once(client, stripe_settings):
    stripe_settings.STRIPE_WEBHOOK_SECRET = SECRET
    order = place(basket_with(sellable_product()))
    attempt = start_payment(order=order, method="stripe")
    intent = pay_by_test_card(attempt=attempt, payment_method="pm_card_visa")
    amount = int(order.total_incl_tax)
    first = intent_event("evt_fail", "payment_intent.payment_failed", intent.id, amount)
    then = intent_event("evt_ok", "payment_intent.succeeded", intent.id, amount)
    outcomes = [deliver(client, e).content.decode() for e in [first, then, then, first]]
    assert outcomes == ["failed", "paid", "replay", "replay"]
    attempt.refresh_from_db()
    assert attempt.state == "succeeded"


@pytest.mark.services
def test_a_card_already_charged_cannot_be_paid_again_while_the_webhook_is_late(
    client, stripe_settings
):
    stripe_settings.STRIPE_WEBHOOK_SECRET = SECRET
    number, page, _ = card_order_then_pay(client)
    assert page.status_code == 200
    attempt = PaymentAttempt.objects.get()
    assert attempt.state == "pending" and attempt.reference  # charged; webhook not yet here
    client.post(reverse("payments:switch", args=[number]), {"method": "vietqr"})
    assert list(PaymentAttempt.objects.values_list("method", "state")) == [("stripe", "pending")]

    event = intent_event("evt_late", "payment_intent.succeeded", attempt.reference, 0)
    event["data"]["object"]["amount"] = int(attempt.amount)
    assert deliver(client, event).content.decode() == "paid"
    assert list(PaymentAttempt.objects.values_list("method", "state")) == [("stripe", "succeeded")]
