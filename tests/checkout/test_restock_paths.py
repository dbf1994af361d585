"""Every way stock comes back goes through ``order.services.return_to_stock``: the units
are on sale again and the stock record announces it (the signal the page cache and the
search index follow), whichever path brought them back."""

import datetime
from contextlib import contextmanager

import pytest
from django.db.models.signals import post_save
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.services import update_fulfilment
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.refunds import refund
from marketplace.payments.services import confirm_transfer, expire_unpaid_vietqr, start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@contextmanager
def announced():
    """The stock records whose change was announced while the block ran."""
    seen = set()

    def receiver(sender, instance, **kwargs):
        seen.add(instance.pk)

    post_save.connect(receiver, sender=StockRecord, weak=False)
    try:
        yield seen
    finally:
        post_save.disconnect(receiver, sender=StockRecord)


def _order(method="cod", quantity=2):
    product = sellable_product()
    record = product.stockrecords.get()
    before = (record.num_in_stock, record.num_allocated or 0)
    order = place(basket_with(product, quantity=quantity))
    attempt = start_payment(order=order, method=method)
    return order, attempt, record, before


def _advance(part, *statuses, cod=True):
    for status in statuses:
        part = update_fulfilment(fulfilment=part, status=status, actor=None, cod=cod)
    return part


def _stock(record):
    record.refresh_from_db()
    return (record.num_in_stock, record.num_allocated or 0)


def test_a_part_the_seller_cancels():
    order, _attempt, record, before = _order()
    with announced() as seen:
        _advance(order.fulfilments.get(), "confirmed", "cancelled")
    assert _stock(record) == before and record.pk in seen


def test_an_unpaid_transfer_that_expires(settings):
    order, attempt, record, before = _order(method="vietqr")
    old = timezone.now() - datetime.timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES + 1)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=old)
    with announced() as seen:
        assert expire_unpaid_vietqr() == 1
    assert _stock(record) == before and record.pk in seen


def test_a_refused_cash_on_delivery_parcel():
    order, _attempt, record, before = _order()
    part = _advance(order.fulfilments.get(), "confirmed", "packed", "shipped")
    assert _stock(record) == (before[0] - 2, before[1])
    with announced() as seen:
        _advance(part, "refused")
    assert _stock(record) == before and record.pk in seen


def test_a_refund_before_the_parcel_left():
    order, attempt, record, before = _order(method="vietqr")
    operator = UserFactory(is_superuser=True)
    confirm_transfer(attempt=attempt, actor=operator)
    with announced() as seen:
        refund(order=order, actor=operator, full=True, paid_back_manually=True)
    assert _stock(record) == before and record.pk in seen


def test_a_refund_after_delivery():
    order, _attempt, record, before = _order()
    _advance(order.fulfilments.get(), "confirmed", "packed", "shipped", "delivered")
    operator = UserFactory(is_superuser=True)
    with announced() as seen:
        refund(order=order, actor=operator, quantities={order.lines.get().pk: 1})
    assert _stock(record) == (before[0] - 1, before[1]) and record.pk in seen


def test_a_buyer_waiting_for_a_sold_out_product_hears_when_units_come_back(mailoutbox):
    from oscar.apps.customer.alerts import receivers as oscar_alerts

    ProductAlert = get_model("customer", "ProductAlert")
    product = sellable_product()
    record = product.stockrecords.get()
    looked = []
    original = oscar_alerts.send_product_alerts

    def spy(sender, instance, *args, **kwargs):
        looked.append(instance.pk)
        return original(sender, instance, *args, **kwargs)

    oscar_alerts.send_product_alerts = spy
    try:
        order = place(basket_with(product, quantity=record.num_in_stock))  # the last units
        assert _stock(record)[0] == record.num_allocated  # sold out
        assert looked == []  # a sale only lowers stock: nobody to tell
        alert = ProductAlert.objects.create(product=product, email="cho@example.com")
        ProductAlert.objects.filter(pk=alert.pk).update(status=ProductAlert.ACTIVE)  # confirmed
        start_payment(order=order, method="cod")
        _advance(order.fulfilments.get(), "confirmed", "cancelled")  # units come back
    finally:
        oscar_alerts.send_product_alerts = original
    assert record.pk in looked
    assert [message.to for message in mailoutbox] == [["cho@example.com"]]
    assert ProductAlert.objects.get(product=product).status == ProductAlert.CLOSED
