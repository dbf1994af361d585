"""Basket → address → review and pay → placed, through the real views."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.money import group_thousands
from marketplace.notifications import sms
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt
from tests.factories import commune, sellable_product

pytestmark = pytest.mark.django_db


def fill_basket(client, *products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})


def address_data(phone="0912 345 678"):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    return {
        "last_name": "Nguyễn Thị",
        "first_name": "Chúc",
        "phone_number": phone,
        "province": str(place.province_id),
        "commune": str(place.pk),
        "line1": "Thôn Tân Lập",
        "line2": "",
        "notes": "",
    }


def go_to_review(client, *products, phone="0912 345 678"):
    fill_basket(client, *products)
    response = client.get(reverse("checkout:index"))
    assert response.url == reverse("checkout:shipping-address")
    response = client.post(reverse("checkout:shipping-address"), address_data(phone))
    assert response.status_code == 302 and response.url == reverse("checkout:preview")


def last_code():
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)


def test_guest_cod_checkout_from_two_sellers_takes_two_screens(
    client, django_capture_on_commit_callbacks
):
    tea, honey = sellable_product(), sellable_product()
    go_to_review(client, tea, honey)
    review = client.get(reverse("checkout:preview"))
    html = review.content.decode()
    assert tea.seller.display_name in html and honey.seller.display_name in html
    assert html.count("<h1") == 1
    # The buyer can check where the parcel goes before paying: commune and province.
    assert "Xã Vĩnh Tuy" in html and "Tỉnh Tuyên Quang" in html
    # Family name first, as the buyer wrote it: never "Chúc Nguyễn Thị".
    assert "Nguyễn Thị Chúc" in html and "Chúc Nguyễn Thị" not in html
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:preview"), {"action": "send_code", "method": "cod"})
    placed = client.post(
        reverse("checkout:preview"),
        {"action": "place_order", "method": "cod", "code": last_code()},
    )
    assert placed.status_code == 302 and placed.url == reverse("checkout:thank-you")
    attempt = PaymentAttempt.objects.get()
    assert attempt.method == "cod" and attempt.state == "pending"
    assert Fulfilment.objects.filter(order=attempt.order).count() == 2
    thanks = client.get(placed.url).content.decode()
    assert attempt.order.number in thanks
    assert "Nguyễn Thị Chúc" in thanks and "Chúc Nguyễn Thị" not in thanks
    # Every line and the order's totals, read in a few queries whatever the order holds.
    assert tea.title in thanks and honey.title in thanks
    for amount in (attempt.order.total_incl_tax, attempt.order.shipping_incl_tax):
        assert re.search(rf"{re.escape(group_thousands(amount))}\s₫", thanks), amount
    with CaptureQueriesContext(connection) as read:
        client.get(placed.url)
    assert len(read) <= 12, [q["sql"][:80] for q in read]


def test_the_thank_you_page_without_an_order_sends_the_visitor_home(client):
    response = client.get(reverse("checkout:thank-you"))
    assert response.status_code == 302 and response.url == "/"


def test_guest_cod_needs_the_right_code(client):
    go_to_review(client, sellable_product())
    client.post(reverse("checkout:preview"), {"action": "send_code", "method": "cod"})
    response = client.post(
        reverse("checkout:preview"), {"action": "place_order", "method": "cod", "code": "000000"}
    )
    assert response.status_code == 200
    assert not PaymentAttempt.objects.exists()


def test_vietqr_order_shows_a_qr_with_a_valid_payload_and_copyable_details(client, settings):
    from marketplace.payments import vietqr
    from marketplace.payments.services import vietqr_transfer

    go_to_review(client, sellable_product())
    placed = client.post(reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"})
    html = client.get(placed.url).content.decode()
    attempt = PaymentAttempt.objects.get()
    assert "<svg" in html and settings.VIETQR_ACCOUNT_NUMBER in html
    parsed = vietqr.parse(vietqr.build(vietqr_transfer(attempt)))
    assert parsed.amount == attempt.amount == attempt.order.total_incl_tax
    assert parsed.bill_number == attempt.order.number


def test_cod_is_refused_after_too_many_refusals_and_operator_can_reset(client, settings):
    from marketplace.order.models import CodRefusal
    from marketplace.payments.cod import cod_allowed, reset_refusals
    from tests.checkout.helpers import basket_with, place
    from tests.factories import UserFactory

    settings.COD_MAX_REFUSALS = 1
    order = place(basket_with(sellable_product()), phone="+84912345678")
    CodRefusal.objects.create(phone="+84912345678", fulfilment=order.fulfilments.get())
    assert not cod_allowed("0912 345 678")
    go_to_review(client, sellable_product())
    html = client.get(reverse("checkout:preview")).content.decode()
    assert 'value="cod"' not in html
    response = client.post(
        reverse("checkout:preview"), {"action": "place_order", "method": "cod", "code": "1"}
    )
    assert response.status_code == 200 and not PaymentAttempt.objects.exists()
    reset_refusals(phone="0912345678", actor=UserFactory(is_staff=True))
    assert cod_allowed("+84912345678")


def test_other_people_cannot_open_a_guest_order_page(client):
    go_to_review(client, sellable_product())
    client.post(reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"})
    number = PaymentAttempt.objects.get().order.number
    url = reverse("payments:order", kwargs={"number": number})
    assert client.get(url).status_code == 200
    client.logout()
    client.cookies.clear()
    assert client.get(url).status_code == 404


def test_signed_in_buyer_needs_the_code_for_cod_to_another_phone(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(phone="+84912111222"))
    go_to_review(client, sellable_product(), phone="0987 000 111")  # someone else's phone
    placed = client.post(
        reverse("checkout:preview"), {"action": "place_order", "method": "cod", "code": ""}
    )
    assert placed.status_code == 200
    assert not PaymentAttempt.objects.exists()


def test_signed_in_buyer_with_an_unproven_phone_needs_the_code_too(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(phone="+84912111333"))  # typed at registration only
    go_to_review(client, sellable_product(), phone="0912 111 333")
    placed = client.post(
        reverse("checkout:preview"), {"action": "place_order", "method": "cod", "code": ""}
    )
    assert placed.status_code == 200
    assert not PaymentAttempt.objects.exists()


def test_signed_in_buyer_ships_cod_to_their_own_proven_phone_without_a_code(client):
    from django.utils import timezone

    from tests.factories import UserFactory

    client.force_login(UserFactory(phone="+84912111444", phone_verified_at=timezone.now()))
    go_to_review(client, sellable_product(), phone="0912 111 444")
    placed = client.post(reverse("checkout:preview"), {"action": "place_order", "method": "cod"})
    assert placed.status_code == 302 and placed.url == reverse("checkout:thank-you")
    assert PaymentAttempt.objects.get().method == "cod"
