"""Placing orders: per-seller fulfilments and shipping, stock never oversold."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from oscar.apps.order.exceptions import UnableToPlaceOrder

from marketplace.order.models import Fulfilment, ShippingRule
from marketplace.order.services import cancel_order
from tests.checkout.helpers import basket_with, place
from tests.factories import StockRecordFactory, sellable_product


@pytest.mark.django_db
def test_one_order_two_sellers_gives_two_fulfilments_with_their_own_shipping():
    tea, honey = sellable_product(), sellable_product()
    ShippingRule.objects.create(seller=tea.seller, kind="free_above", fee=25000, free_above=100000)
    ShippingRule.objects.create(
        seller=honey.seller, kind="weight", weight_bands=[[400, 15000], [2000, 40000]]
    )
    order = place(basket_with(tea, honey))
    parts = {p.seller_id: p for p in order.fulfilments.all()}
    assert parts[tea.seller_id].shipping_charge == 0  # 150.000 ₫ ≥ free threshold
    assert parts[honey.seller_id].shipping_charge == 40000  # 500 g default → second band
    assert order.shipping_incl_tax == Decimal("40000")
    assert order.total_incl_tax == Decimal("340000")
    assert all(p.status == Fulfilment.Status.NEW for p in parts.values())


@pytest.mark.django_db
def test_seller_without_rule_pays_the_default_fee(settings):
    settings.SHIPPING_DEFAULT_FEE = 22000
    order = place(basket_with(sellable_product()))
    assert order.fulfilments.get().shipping_charge == 22000


@pytest.mark.django_db
def test_sold_out_is_refused_with_the_product_name():
    record = StockRecordFactory(num_in_stock=1)
    place(basket_with(record.product))
    with pytest.raises(UnableToPlaceOrder, match="Hết hàng|Sold out"):
        place(basket_with(record.product))


@pytest.mark.django_db
def test_cancelling_releases_stock_exactly_once():
    record = StockRecordFactory(num_in_stock=3)
    order = place(basket_with(record.product, quantity=2))
    record.refresh_from_db()
    assert record.num_allocated == 2
    assert cancel_order(order=order, reason="test") is True
    assert cancel_order(order=order, reason="again") is False
    record.refresh_from_db()
    assert record.num_allocated == 0 and record.num_in_stock == 3


STORM_THREADS = 24
STOCK = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_oversell_storm_last_units_go_to_exactly_as_many_buyers(capsys, admin_units):
    assert connection.vendor == "postgresql"
    record = StockRecordFactory(num_in_stock=STOCK)
    baskets = [basket_with(record.product) for _ in range(STORM_THREADS)]
    start = threading.Barrier(STORM_THREADS)
    results = []

    def buy(basket):
        try:
            start.wait(timeout=30)
            place(basket)
            results.append("ok")
        except UnableToPlaceOrder:
            results.append("sold-out")
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(b,)) for b in baskets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    record.refresh_from_db()
    successes = results.count("ok")
    with capsys.disabled():
        print(
            f"\noversell storm: attempts={STORM_THREADS} successes={successes} "
            f"sold_out={results.count('sold-out')} "
            f"stock_left={record.num_in_stock - record.num_allocated}"
        )
    assert len(results) == STORM_THREADS
    assert successes == STOCK
    assert record.num_allocated == STOCK
    assert record.num_in_stock - record.num_allocated == 0
