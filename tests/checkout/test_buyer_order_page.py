"""What a buyer reads on their own order page."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.notifications import sms
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt, Refund
from marketplace.payments.selectors import current_attempt
from marketplace.payments.services import start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db


def test_buy_again_button_is_not_read_as_reset(client):
    buyer = UserFactory()
    order = place(basket_with(sellable_product(), owner=buyer))
    order.user = buyer  # placed as a signed-in buyer
    order.save(update_fields=["user"])
    client.force_login(buyer)
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert "Mua lại" in page
    # "Đặt lại" is what the password reset button says: it must not name buying again.
    assert "Đặt lại" not in page


def _order(buyer, method="vietqr", product=None):
    order = place(basket_with(product or sellable_product(), owner=buyer))
    order.user = buyer
    order.save(update_fields=["user"])
    start_payment(order=order, method=method)
    return order


@pytest.fixture
def buyer(client):
    person = UserFactory()
    client.force_login(person)
    return person


def test_the_order_reads_in_words_through_its_life(client, buyer):
    order = _order(buyer)
    detail = reverse("customer:order", args=[order.number])
    page = client.get(detail).content.decode()
    assert "Chờ bạn thanh toán" in page and "pending" not in page.lower()
    attempt = current_attempt(order)
    attempt.state = PaymentAttempt.State.SUCCEEDED
    attempt.save()
    assert "Chờ người bán xác nhận" in client.get(detail).content.decode()
    Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.SHIPPED)
    assert "Đang giao" in client.get(detail).content.decode()
    Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.DELIVERED)
    assert "Đã giao" in client.get(detail).content.decode()
    listing = client.get(reverse("customer:order-list")).content.decode()
    assert "Đã giao" in listing and order.number in listing


def test_an_unpaid_order_is_cancelled_after_a_confirmation(
    client, buyer, django_capture_on_commit_callbacks
):
    product = sellable_product()
    order = _order(buyer, product=product)
    stock = product.stockrecords.get()
    assert stock.num_allocated == 1
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    cancel = reverse("payments:cancel", args=[order.number])
    assert cancel in page
    confirm = client.get(cancel).content.decode()
    assert "Huỷ đơn" in confirm and product.title in confirm
    order.refresh_from_db()
    assert order.status != "cancelled"  # the GET only asks
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel)
    order.refresh_from_db()
    stock.refresh_from_db()
    assert order.status == "cancelled" and stock.num_allocated == 0
    assert current_attempt(order).state == PaymentAttempt.State.CANCELLED
    seller_phone = product.seller.phone
    assert any(m.to == seller_phone and order.number in m.text for m in sms.outbox)
    after = client.get(reverse("payments:order", args=[order.number])).content.decode()
    assert "Đã huỷ" in after and cancel not in after and "<svg" not in after  # no QR left
    # A second post changes nothing more.
    client.post(cancel)
    stock.refresh_from_db()
    assert stock.num_allocated == 0 and stock.num_in_stock == 20


@pytest.mark.parametrize("stage", ["paid", "packed"])
def test_a_paid_or_packed_order_cannot_be_cancelled_by_the_buyer(client, buyer, stage):
    order = _order(buyer)
    if stage == "paid":
        PaymentAttempt.objects.filter(order=order).update(state=PaymentAttempt.State.SUCCEEDED)
    else:
        Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.PACKED)
    cancel = reverse("payments:cancel", args=[order.number])
    assert cancel not in client.get(reverse("customer:order", args=[order.number])).content.decode()
    client.post(cancel)
    order.refresh_from_db()
    assert order.status != "cancelled"


def test_someone_elses_order_cannot_be_cancelled(client, buyer):
    order = _order(UserFactory())
    assert client.post(reverse("payments:cancel", args=[order.number])).status_code == 404
    order.refresh_from_db()
    assert order.status != "cancelled"


def test_a_refund_is_shown_on_the_order_with_its_amount_and_date(client, buyer):
    order = _order(buyer)
    Refund.objects.create(
        order=order,
        amount=Decimal("50000"),
        reason="Thiếu một gói",
        created_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert "Đã hoàn 50.000\xa0₫ ngày 20/11/2026" in page and "Thiếu một gói" in page


def test_the_basket_shows_each_sellers_shipping_as_checkout_will_charge_it(client):
    first, second = sellable_product(), sellable_product()
    for product in (first, second):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    page = client.get(reverse("basket:summary")).content.decode()
    assert first.seller.display_name in page and second.seller.display_name in page
    assert page.count("Giao hàng: 30.000\xa0₫") == 2
    assert "360.000\xa0₫" in page  # 2 × 150.000 goods + 2 × 30.000 shipping
    assert "miễn phí" not in page.lower()
