"""A real PostgreSQL serialization failure during checkout: the buyer's order still goes in.

The database runs this test at REPEATABLE READ. While the buyer's placement is under way,
another buyer's transaction changes the same stock record and commits, so PostgreSQL
aborts the placement with "could not serialize access due to concurrent update"
(SQLSTATE 40001). The checkout re-runs the placement and the buyer sees the thank-you page.
"""

import logging
import threading

import psycopg
import pytest
from django.db import connection, connections
from django.db.models import F
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.utils import OrderCreator
from marketplace.payments.models import PaymentAttempt
from tests.checkout.test_checkout_flow import go_to_review, last_code
from tests.factories import StockRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def repeatable_read():
    connection.ensure_connection()
    raw = connection.connection
    before = raw.isolation_level
    raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    yield
    connection.ensure_connection()
    connection.connection.isolation_level = before


def another_buyer_restocks(record_id: int) -> None:
    def run():
        try:
            StockRecord.objects.filter(pk=record_id).update(num_in_stock=F("num_in_stock") + 1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)


def test_a_serialization_failure_in_checkout_is_retried_and_the_order_placed(
    client, repeatable_read, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    record = StockRecordFactory(num_in_stock=3)
    tries = []
    original = OrderCreator.lock_and_check_stock

    def lock_and_check_stock(self, lines):
        tries.append(1)
        if len(tries) == 1:
            # This transaction's snapshot is taken; a concurrent write then commits.
            StockRecord.objects.filter(pk=record.pk).count()
            another_buyer_restocks(record.pk)
        return original(self, lines)

    monkeypatch.setattr(OrderCreator, "lock_and_check_stock", lock_and_check_stock)
    go_to_review(client, record.product)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:preview"), {"action": "send_code", "method": "cod"})
    with caplog.at_level(logging.WARNING, logger="marketplace.order.utils"):
        placed = client.post(
            reverse("checkout:preview"),
            {"action": "place_order", "method": "cod", "code": last_code()},
        )
    assert placed.status_code == 302 and placed.url == reverse("checkout:thank-you")
    assert len(tries) == 2 and "could not serialize" in caplog.text
    assert PaymentAttempt.objects.count() == 1
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (4, 1)
