"""A buyer who has not paid by transfer is reminded once, before the deadline, and then
the order is cancelled and its stock released."""

import datetime

import pytest
from django.utils import timezone

from marketplace.notifications import sms
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.services import confirm_transfer, start_payment
from marketplace.payments.tasks import expire_unpaid_vietqr_orders
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _placed(settings, *, hours_ago: float):
    settings.VIETQR_EXPIRY_MINUTES = 24 * 60
    settings.VIETQR_REMINDER_MINUTES = 3 * 60
    product = sellable_product()
    order = place(basket_with(product), phone="+84912340001")
    attempt = start_payment(order=order, method="vietqr")
    placed_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=placed_at)
    attempt.refresh_from_db()
    return product, order, attempt


def _reminders(outbox, order):
    return [m for m in outbox if order.number in m.text and "chưa được thanh toán" in m.text]


def test_reminded_once_three_hours_before_the_deadline(settings, outbox):
    _product, order, attempt = _placed(settings, hours_ago=21.5)
    expire_unpaid_vietqr_orders()
    expire_unpaid_vietqr_orders()  # the beat runs every few minutes: still one reminder
    (reminder,) = _reminders(outbox, order)
    deadline = timezone.localtime(attempt.created_at + datetime.timedelta(hours=24))
    assert reminder.to == "+84912340001"
    assert f"CHOLANG {order.number}" in reminder.text
    assert f"trước {deadline:%H:%M %d/%m}" in reminder.text
    order.refresh_from_db()
    assert order.status != "cancelled"


def test_no_reminder_while_the_deadline_is_far_or_once_paid(settings, outbox):
    _product, early, _attempt = _placed(settings, hours_ago=2)
    _product, paid, attempt = _placed(settings, hours_ago=22)
    confirm_transfer(attempt=attempt, actor=UserFactory(is_superuser=True))
    expire_unpaid_vietqr_orders()
    assert _reminders(outbox, early) == [] and _reminders(outbox, paid) == []


def test_past_the_deadline_the_order_is_cancelled_and_its_stock_released(settings, outbox):
    product, order, _attempt = _placed(settings, hours_ago=25)
    record = product.stockrecords.get()
    assert record.num_allocated == 1
    expire_unpaid_vietqr_orders()
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "cancelled" and record.num_allocated == 0
    assert _reminders(outbox, order) == []  # too late for a reminder: it was cancelled
