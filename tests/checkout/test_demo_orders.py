"""Demo orders: fourteen months of history that adds up, written once."""

import io
import time

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from oscar.core.loading import get_model

from livestream.models import LiveOrder, LiveVisit
from livestream.selectors import live_stats
from marketplace.ledger.models import LedgerEntry, Payout, PayoutBatch
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.payments.models import PaymentAttempt, Refund

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    started = time.monotonic()
    call_command("load_demo", stdout=io.StringIO())
    return time.monotonic() - started


def test_demo_orders_cover_methods_statuses_months_lives_and_add_up(demo, capsys):
    from marketplace.demo.orders import load_orders

    orders = Order.objects.filter(number__startswith="DM")
    assert orders.count() > 150
    methods = set(PaymentAttempt.objects.values_list("method", flat=True))
    assert methods == {"cod", "vietqr", "stripe"}
    statuses = set(Fulfilment.objects.values_list("status", flat=True))
    assert {"delivered", "shipped", "cancelled", "refused"} <= statuses
    months = {d.strftime("%Y-%m") for d in orders.values_list("date_placed", flat=True)}
    assert len(months) >= 13
    assert orders.filter(status="cancelled").exists()
    assert CodRefusal.objects.count() == Fulfilment.objects.filter(status="refused").count() > 0
    assert Refund.objects.count() == 1
    multi = orders.annotate(n=Count("fulfilments")).filter(n=2)
    assert multi.exists()
    live_orders = LiveOrder.objects.select_related("live")
    assert live_orders.count() >= 5
    stats = live_stats(live_orders.first().live)
    assert stats.orders == live_orders.count() and stats.gmv > 0 and stats.viewers > 20
    assert LiveVisit.objects.exists()
    with capsys.disabled():
        print(f"\ndemo load with orders: {demo:.1f} s, {orders.count()} orders")
    assert load_orders() == 0  # a second run writes nothing
    _ledgers_add_up_and_past_months_are_paid_out()


def _ledgers_add_up_and_past_months_are_paid_out():
    batches = PayoutBatch.objects.annotate(n=Count("payouts"))
    assert batches.count() >= 10 and all(b.is_paid and b.n for b in batches)
    for fulfilment in Fulfilment.objects.filter(status="delivered").select_related("seller")[:50]:
        kinds = set(
            LedgerEntry.objects.filter(fulfilment=fulfilment).values_list("kind", flat=True)
        )
        assert {"sale", "commission"} <= kinds
    # Each payout pays exactly what the seller was owed at the end of its period, counting
    # the payouts before it: nothing is paid twice.
    for payout in Payout.objects.select_related("seller"):
        before = LedgerEntry.objects.filter(seller=payout.seller).filter(
            Q(created_at__date__lte=payout.period_end, payout__isnull=True)
            | Q(payout__created_at__lt=payout.created_at)
        )
        assert before.aggregate(t=Sum("amount"))["t"] == payout.amount > 0


def test_demo_shops_were_open_and_listing_before_each_of_their_sales(demo):
    """A report never shows revenue for a month in which the shop was not yet open."""
    from marketplace.demo.history import date_shops_before_sales

    Line = get_model("order", "Line")
    lines = Line.objects.filter(order__number__startswith="DM").select_related(
        "order", "product__seller"
    )
    assert lines.count() > 150
    for line in lines:
        assert line.product.seller.submitted_at < line.product.seller.approved_at
        assert line.product.seller.approved_at < line.product.date_created
        assert line.product.date_created < line.order.date_placed, line.order.number
    assert date_shops_before_sales() == 0  # loading again moves nothing


def test_demo_parcels_were_shipped_delivered_and_returned(demo):
    from marketplace.order.models import Shipment

    shipped = Shipment.objects.filter(fulfilment__order__number__startswith="DM")
    assert {"in_transit", "delivered", "returned"} <= set(shipped.values_list("status", flat=True))
    returned = shipped.filter(status="returned").first()
    assert returned.fulfilment.status == Fulfilment.Status.REFUSED
    assert list(returned.events.values_list("status", flat=True))[-1] == "returned"
    assert not Fulfilment.objects.filter(
        order__number__startswith="DM", status="delivered", shipments__isnull=True
    ).exists()
