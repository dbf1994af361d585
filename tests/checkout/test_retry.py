"""A placement PostgreSQL aborts (serialization failure, deadlock) is re-run as a whole."""

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from marketplace.order.models import Fulfilment
from marketplace.order.utils import OrderCreator, is_retryable
from tests.checkout.helpers import basket_with, place
from tests.factories import StockRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A real PostgreSQL error with the SQLSTATE a concurrent writer would cause.
FORCE = "DO $$ BEGIN RAISE EXCEPTION 'forced conflict' USING ERRCODE = '{code}'; END $$"


def fail_first(monkeypatch, code: str, times: int = 1) -> list[int]:
    """Make the first ``times`` placements fail just before they would commit."""
    calls = []
    original = OrderCreator.create_fulfilments

    def create_fulfilments(self, order, lines, *args, **kwargs):
        original(self, order, lines, *args, **kwargs)
        calls.append(order.pk)
        if len(calls) <= times:
            with connection.cursor() as cursor:
                cursor.execute(FORCE.format(code=code))

    monkeypatch.setattr(OrderCreator, "create_fulfilments", create_fulfilments)
    return calls


def test_a_conflicting_placement_is_rerun_and_allocates_stock_once(monkeypatch, admin_units):
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    record = StockRecordFactory(num_in_stock=4)
    for code in ("serialization_failure", "deadlock_detected"):
        monkeypatch.undo()
        calls = fail_first(monkeypatch, code)
        order = place(basket_with(record.product, quantity=2))
        assert len(calls) == 2  # the whole transaction ran twice
        assert Order.objects.filter(number=order.number).count() == 1
        assert Fulfilment.objects.filter(order=order).count() == 1
        assert order.lines.count() == 1
    assert Order.objects.count() == 2
    record.refresh_from_db()
    assert record.num_allocated == 4  # 2 + 2, not 8: aborted tries left nothing behind


def test_retries_are_bounded_and_only_for_a_whole_transaction(monkeypatch, admin_units):
    from oscar.core.loading import get_model

    record = StockRecordFactory(num_in_stock=3)
    calls = fail_first(monkeypatch, "serialization_failure", times=99)
    with pytest.raises(OperationalError) as failure:
        place(basket_with(record.product))
    assert is_retryable(failure.value)
    assert len(calls) == OrderCreator.placement_attempts
    assert not get_model("order", "Order").objects.exists()
    record.refresh_from_db()
    assert not record.num_allocated
    # Other errors are not re-run.
    monkeypatch.undo()
    calls = fail_first(monkeypatch, "unique_violation")
    with pytest.raises(IntegrityError):
        place(basket_with(record.product))
    assert len(calls) == 1
    # Inside a caller's transaction only the caller can re-run it.
    monkeypatch.undo()
    calls = fail_first(monkeypatch, "serialization_failure")
    with pytest.raises(OperationalError), transaction.atomic():
        place(basket_with(record.product))
    assert len(calls) == 1
