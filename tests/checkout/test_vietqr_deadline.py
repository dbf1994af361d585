"""A buyer paying by VietQR sees until when: "trước 14:30 ngày 06/12", in Vietnam's time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from marketplace.payments import services as payments
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_transfer_page_shows_the_cancellation_deadline_in_vietnam_time(client, settings):
    settings.VIETQR_EXPIRY_MINUTES = 90
    buyer = UserFactory()
    order = place(basket_with(sellable_product(), owner=buyer))
    order.user = buyer
    order.save(update_fields=["user"])
    attempt = payments.start_payment(order=order, method="vietqr")
    # 05:00 UTC is 12:00 in Vietnam; 90 minutes later is 13:30 the same day.
    attempt.created_at = datetime.datetime(2026, 12, 6, 5, 0, tzinfo=datetime.UTC)
    attempt.save(update_fields=["created_at"])
    client.force_login(buyer)
    page = client.get(f"/thanh-toan/don-hang/{order.number}/").content.decode()
    assert "Chuyển khoản trước 13:30 ngày 06/12" in page
    deadline = payments.vietqr_deadline(attempt).astimezone(VIETNAM)
    assert deadline.strftime("%H:%M %d/%m") == "13:30 06/12"


def test_the_deadline_shown_is_when_the_order_is_cancelled(settings):
    settings.VIETQR_EXPIRY_MINUTES = 90
    order = place(basket_with(sellable_product()))
    attempt = payments.start_payment(order=order, method="vietqr")
    deadline = payments.vietqr_deadline(attempt)
    second = datetime.timedelta(seconds=1)
    assert payments.expire_unpaid_vietqr(now=deadline - second) == 0
    assert payments.expire_unpaid_vietqr(now=deadline + second) == 1
