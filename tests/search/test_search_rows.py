"""The database backend's search rows follow the catalogue in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from catalog.search.apps import fill_search_rows
from catalog.search.backends import SearchQuery
from catalog.search.models import SearchRow
from catalog.search.selectors import search_products
from sellers.models import Seller
from tests.checkout.helpers import basket_with, place
from tests.factories import OcopCertificateFactory, sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.MARKETPLACE_SEARCH_BACKEND = "catalog.search.backends.database.DatabaseBackend"


def titles(text: str, **filters) -> list[str]:
    return [p.title for p in search_products(SearchQuery(text=text, **filters)).products]


def test_a_new_product_is_found_without_any_rebuild():
    product = sellable_product(title="Mật ong bạc hà Đồng Văn")
    row = SearchRow.objects.get(product=product)
    assert row.title_folded == "mat ong bac ha dong van"
    assert titles("mat ong bac ha") == ["Mật ong bạc hà Đồng Văn"]


def test_sold_out_suspended_and_unpublished_products_leave_the_results():
    honey = sellable_product(title="Mật ong bạc hà Đồng Văn")
    record = honey.stockrecords.get()
    record.num_in_stock = 0
    record.save()
    assert titles("mat ong") == []

    record.num_in_stock = 5
    record.save()
    assert titles("mat ong") == ["Mật ong bạc hà Đồng Văn"]

    seller = honey.seller
    seller.status = Seller.Status.SUSPENDED
    seller.save()
    assert titles("mat ong") == []

    seller.status = Seller.Status.APPROVED
    seller.save()
    honey.is_public = False
    honey.save()
    assert titles("mat ong") == []


def test_price_and_stars_filters_read_the_current_price_and_certificate():
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    assert titles("che", price=(0, 100_000)) == []
    record = tea.stockrecords.get()
    record.price = Decimal("90000")
    record.save()
    assert titles("che", price=(0, 100_000)) == ["Chè Shan Tuyết Tân Lập"]

    assert titles("che", min_stars=4) == []
    certificate = OcopCertificateFactory(product=tea, stars=4)
    assert titles("che", min_stars=4) == ["Chè Shan Tuyết Tân Lập"]
    assert SearchRow.objects.get(product=tea).ocop_until == certificate.expires_on
    # The day after its last valid day the stars stop counting, with nothing written.
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    SearchRow.objects.filter(product=tea).update(ocop_until=yesterday)
    assert titles("che", min_stars=4) == []


def test_a_rolled_back_edit_leaves_the_row_as_it_was():
    product = sellable_product(title="Gạo nếp cái hoa vàng")
    with pytest.raises(RuntimeError), transaction.atomic():
        product.title = "Gạo tẻ thường"
        product.save()
        assert SearchRow.objects.get(product=product).title == "Gạo tẻ thường"
        raise RuntimeError("the request failed")
    assert SearchRow.objects.get(product=product).title == "Gạo nếp cái hoa vàng"
    assert titles("gao nep") == ["Gạo nếp cái hoa vàng"]


def test_migrate_fills_missing_rows_and_leaves_existing_ones():
    sellable_product(title="Miến dong Bình Lư")
    SearchRow.objects.all().delete()
    assert titles("mien dong") == []
    fill_search_rows(sender=None)
    assert titles("mien dong") == ["Miến dong Bình Lư"]


def test_a_search_costs_the_same_statements_for_ten_or_forty_products():
    from django.db import connection

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            result = search_products(SearchQuery(text="che", min_stars=0))
        assert result.total == SearchRow.objects.count()
        return len(queries)

    for n in range(10):
        sellable_product(title=f"Chè búp Tân Lập số {n}")
    few = statements()
    for n in range(30):
        sellable_product(title=f"Chè búp Tân Lập loại {n}")
    assert statements() == few


def test_a_typo_no_catalogue_word_starts_with_is_read_as_the_closest_word():
    sellable_product(title="Mật ong rừng Tây Bắc")
    sellable_product(title="Mật ong bạc hà Đồng Văn")
    # "rungg" starts no word: read as "rung", so only the forest honey has every word
    # (not settled as "most of the words", which the other honey also has).
    assert titles("mat ong rungg tay bac") == ["Mật ong rừng Tây Bắc"]
    # A word that starts a known word is a prefix, not a typo.
    assert titles("mat ong ru") == ["Mật ong rừng Tây Bắc"]


def _version(product) -> str:
    """Where the row's current version lies on PostgreSQL: every write makes a new version
    in a new place, even within one transaction."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM search_searchrow WHERE product_id = %s", [product.pk]
        )
        return cursor.fetchone()[0]


def test_a_sale_writes_only_what_it_moved_and_nothing_when_it_moved_nothing():
    honey = sellable_product(title="Mật ong bạc hà Đồng Văn")
    record = honey.stockrecords.get()
    record.num_in_stock, record.num_allocated = 5, 0
    record.save()
    before = _version(honey)
    record.num_allocated = 2  # two sold, three left: still on sale at the same price
    record.save()
    assert _version(honey) == before
    record.num_allocated = 5  # the last units: the row says sold out
    record.save()
    row = SearchRow.objects.get(product=honey)
    assert _version(honey) != before
    assert row.in_stock is False and row.title_folded == "mat ong bac ha dong van"
    assert titles("mat ong") == []


def test_an_order_moves_the_best_selling_order_at_once():
    from oscar.apps.order.signals import order_placed
    from oscar.core.loading import get_model

    first = sellable_product(title="Chè búp Tân Lập")
    second = sellable_product(title="Chè móc câu Tân Lập")
    order = place(basket_with(second))
    ProductRecord = get_model("analytics", "ProductRecord")
    ProductRecord.objects.update_or_create(product=second, defaults={"num_purchases": 3})
    order_placed.send(sender=None, order=order, user=None)  # the fourth sale
    assert SearchRow.objects.get(product=second).popularity == 4
    assert titles("che", sort="best-selling")[:2] == ["Chè móc câu Tân Lập", "Chè búp Tân Lập"]
    assert SearchRow.objects.get(product=first).popularity == 0


def test_an_order_leaving_units_on_sale_writes_no_search_row_and_the_last_units_do():
    honey = sellable_product(title="Mật ong bạc hà Đồng Văn")
    record = honey.stockrecords.get()
    record.num_in_stock, record.num_allocated = 3, 0
    record.save()
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        place(basket_with(honey, quantity=2))
    writes = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert not [sql for sql in writes if "search_searchrow" in sql and "in_stock" in sql]
    assert SearchRow.objects.get(product=honey).in_stock is True
    assert titles("mat ong") == ["Mật ong bạc hà Đồng Văn"]

    place(basket_with(honey, quantity=1))  # the last unit
    assert SearchRow.objects.get(product=honey).in_stock is False
    assert titles("mat ong") == []
