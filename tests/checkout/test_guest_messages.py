"""A guest who pays by VietQR gives only a phone: every message reaches that phone."""

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.notifications import sms
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt
from tests.checkout.helpers import confirm_post
from tests.factories import SellerMemberFactory, UserFactory, sellable_product

from .test_checkout_flow import go_to_review

pytestmark = pytest.mark.django_db


def texts_to(phone):
    return [m.text for m in sms.outbox if m.to == phone]


def test_guest_vietqr_order_is_confirmed_by_sms_through_every_step(
    client, django_capture_on_commit_callbacks
):
    member = SellerMemberFactory()
    product = sellable_product(seller=member.seller)
    go_to_review(client, product)
    sms.outbox.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(
            reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"}
        )
    assert placed.status_code == 302
    attempt = PaymentAttempt.objects.get()
    number = attempt.order.number
    assert attempt.order.user_id is None and attempt.order.email == ""
    assert client.get(placed.url).status_code == 200
    placed_texts = texts_to("+84912345678")
    assert len(placed_texts) == 1 and number in placed_texts[0]
    assert f"CHOLANG {number}" in placed_texts[0]  # the transfer memo, to pay from any phone
    assert mail.outbox == []  # no address was given, so no email is attempted

    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_post(client, reverse("operations:confirm-transfer", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.state == "succeeded"
    assert len(texts_to("+84912345678")) == 2 and number in texts_to("+84912345678")[1]

    client.force_login(member.user)
    part = Fulfilment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fulfilment:update", args=[part.pk]), {"status": "confirmed"})
    assert len(texts_to("+84912345678")) == 3
    assert mail.outbox == []


def test_phone_only_account_pays_by_vietqr_without_an_email(
    client, django_capture_on_commit_callbacks
):
    buyer = UserFactory(email=None, phone="+84912345699")
    client.force_login(buyer)
    go_to_review(client, sellable_product(), phone="0912 345 699")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(
            reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"}
        )
    assert placed.status_code == 302 and client.get(placed.url).status_code == 200
    order = PaymentAttempt.objects.get().order
    assert order.user == buyer and not order.email
    assert [m for m in texts_to("+84912345699") if order.number in m]
    assert mail.outbox == []
