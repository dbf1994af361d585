"""Changes reach the Elasticsearch index through on-commit tasks; rebuilds swap atomically."""

import io
import logging
import unicodedata
from decimal import Decimal

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from catalog.search import tasks
from catalog.search.backends import SearchQuery
from catalog.search.backends.elasticsearch import ElasticsearchBackend
from catalog.search.connection import get_client
from catalog.search.models import PendingIndex
from tests.factories import (
    OcopCertificateFactory,
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    sellable_product,
)
from tests.search.conftest import story_index

pytestmark = [pytest.mark.django_db, pytest.mark.services]

Product = get_model("catalogue", "Product")


def found(text="", **filters) -> list[str]:
    """Titles straight from Elasticsearch (no database fallback can hide a miss)."""
    result = ElasticsearchBackend().search(SearchQuery(text=text, **filters))
    return [product.title for product in result.products]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what would run after the transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_new_product_is_indexed_only_once_committed(
    elasticsearch, committed, django_capture_on_commit_callbacks
):
    ElasticsearchBackend().ensure_index()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        sellable_product(title="Măng khô Tây Bắc")
    assert pending
    assert found("mang kho") == []
    with committed():
        sellable_product(title="Măng khô Tây Bắc loại 1")
    assert found("mang kho") == ["Măng khô Tây Bắc loại 1"]


def test_writes_wait_for_a_refresh_unless_a_listing_needs_them_at_once(
    elasticsearch, committed, settings
):
    """An index write forces no refresh (one a sale cut a segment each); ``make_searchable``
    shows the writes sent so far at once, for a change that moves the listings."""
    from catalog.search import services

    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    settings.SEARCH_INDEX_REFRESH = False
    backend = ElasticsearchBackend()
    # No periodic refresh either, so what a search sees is only what was made searchable.
    get_client().indices.put_settings(index=backend.alias, settings={"refresh_interval": "-1"})
    with committed():
        product.title = "Miến dong Bình Liêu"
        product.save()
    assert found("mien dong") == []  # written, not yet searchable
    services.make_searchable()
    assert found("mien dong") == ["Miến dong Bình Liêu"]


def test_stock_price_and_certificate_changes_update_the_index(elasticsearch, committed):
    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    record = product.stockrecords.get()
    with committed():
        record.num_in_stock = 0
        record.save()
    assert found("mang kho") == []
    with committed():
        record.num_in_stock = 5
        record.price = Decimal("45000")
        record.save()
    assert found("mang kho", price=(0, 50_000)) == ["Măng khô Tây Bắc"]
    assert found("mang kho", min_stars=4) == []
    with committed():
        certificate = OcopCertificateFactory(product=product, stars=4, status="pending")
    assert found("mang kho", min_stars=4) == []
    with committed():
        certificate.status = "verified"
        certificate.save()
    assert found("mang kho", min_stars=4) == ["Măng khô Tây Bắc"]
    with committed():
        certificate.status = "revoked"
        certificate.save()
    assert found("mang kho", min_stars=3) == []


def test_a_sale_that_leaves_the_product_on_sale_sends_the_index_nothing(
    elasticsearch, committed, django_capture_on_commit_callbacks
):
    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    record = product.stockrecords.get()
    record.num_in_stock, record.num_allocated = 5, 0
    with committed():
        record.save()
    PendingIndex.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        record.num_allocated = 2  # three left, same price: the document would not change
        record.save()
        assert not PendingIndex.objects.filter(product_id=product.pk).exists()
        record.num_allocated = 5  # sold out: the index must hear it
        record.save()
        assert PendingIndex.objects.filter(product_id=product.pk).exists()


def test_suspending_and_renaming_a_seller_updates_its_products(elasticsearch, committed):
    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    seller = product.seller
    with committed():
        seller.display_name = "HTX Măng rừng Mường Lát"
        seller.save()
    assert found("muong lat") == ["Măng khô Tây Bắc"]
    assert "htx mang rung muong lat" in Product.objects.get(pk=product.pk).search_text
    with committed():
        seller.status = "suspended"
        seller.save()
    assert found("mang kho") == []
    with committed():
        seller.status = "approved"
        seller.save()
    assert found("mang kho") == ["Măng khô Tây Bắc"]


def test_a_published_product_story_makes_its_words_findable(elasticsearch, committed):
    from catalog.stories.models import ProductStoryPage

    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    assert found("suong muoi") == []
    with committed():
        story_index().add_child(
            instance=ProductStoryPage(
                title="Mùa măng trên núi",
                slug="mua-mang",
                summary="Măng được hái sau những đêm sương muối.",
                product=product,
            )
        )
    assert found("suong muoi") == ["Măng khô Tây Bắc"]


def test_a_placed_order_moves_the_product_up_in_best_selling(elasticsearch, committed):
    from oscar.apps.order.signals import order_placed

    from tests.checkout.helpers import basket_with, place

    with committed():
        bestseller = sellable_product(title="Măng khô Tây Bắc loại 1")
        sellable_product(title="Măng khô Tây Bắc loại 2")  # newer: first while sales are equal
    assert found("mang kho", sort="best-selling")[0] == "Măng khô Tây Bắc loại 2"
    order = place(basket_with(bestseller, quantity=3))  # its own index updates stay queued
    with committed():
        order_placed.send(sender=None, order=order, user=None)
    # Sales counts reach the engine with the minute's batch, not one write per order.
    assert PendingIndex.objects.filter(product_id=bestseller.pk).exists()
    assert tasks.replay_pending_index() >= 1
    assert not PendingIndex.objects.filter(product_id=bestseller.pk).exists()
    assert found("mang kho", sort="best-selling")[0] == "Măng khô Tây Bắc loại 1"


def test_decomposed_text_is_indexed_composed(elasticsearch, committed):
    """Phones send NFD: the index holds NFC, so accented words typed in NFC match exactly."""
    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
        sellable_product(title="Mang khô Tây Bắc")  # same words once folded, no "ă"
    nfd = unicodedata.normalize("NFD", "Măng khô Tây Bắc")
    Product.objects.filter(pk=product.pk).update(title=nfd)  # bypasses save()'s NFC
    type(product.seller).objects.filter(pk=product.seller_id).update(
        display_name=unicodedata.normalize("NFD", "Nhà măng Mường Lát")
    )
    tasks.index_products.delay([product.pk])
    source = get_client().get(index=ElasticsearchBackend().alias, id=product.pk)["_source"]
    assert source["title"] == "Măng khô Tây Bắc"
    assert source["seller_name"] == "Nhà măng Mường Lát"
    assert found("măng")[0] == nfd  # the database row is what the card shows
    assert found(unicodedata.normalize("NFD", "măng"))[0] == nfd


def test_a_deleted_product_leaves_the_index(elasticsearch, committed):
    with committed():
        product = sellable_product(title="Măng khô Tây Bắc")
    with committed():
        product.stockrecords.all().delete()
        product.delete()
    assert found("mang kho") == []
    assert get_client().count(index=ElasticsearchBackend().alias)["count"] == 0


def test_index_tasks_are_idempotent(elasticsearch):
    product = sellable_product(title="Măng khô Tây Bắc")
    client, alias = get_client(), ElasticsearchBackend().alias
    tasks.index_products.delay([product.pk])
    first = client.get(index=alias, id=product.pk)["_source"]
    tasks.index_products.delay([product.pk])
    tasks.index_seller_products.delay(product.seller_id)
    assert client.get(index=alias, id=product.pk)["_source"] == first
    assert client.count(index=alias)["count"] == 1


def test_saving_while_the_search_server_is_down_still_works(elasticsearch, committed, caplog):
    url = elasticsearch.ELASTICSEARCH_URL
    elasticsearch.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    try:
        with caplog.at_level(logging.WARNING), committed():
            product = sellable_product(title="Măng khô Tây Bắc")
    finally:
        elasticsearch.ELASTICSEARCH_URL = url  # the fixture's clean-up needs the server
    assert Product.objects.filter(pk=product.pk).exists()
    assert "Search index update skipped" in caplog.text


def test_reindex_command_builds_a_new_index_and_swaps_the_alias(elasticsearch):
    sellable_product(title="Măng khô Tây Bắc")
    client, alias = get_client(), ElasticsearchBackend().alias
    out = io.StringIO()
    call_command("search_reindex", "--no-stories", stdout=out)
    before = set(client.indices.get_alias(name=alias))
    call_command("search_reindex", "--no-stories", stdout=out)
    after = set(client.indices.get_alias(name=alias))
    assert len(before) == len(after) == 1 and before != after
    assert not client.indices.exists(index=before.pop())
    assert "[##############################] 1/1" in out.getvalue()
    assert "1 products indexed" in out.getvalue()
    assert found("mang kho") == ["Măng khô Tây Bắc"]


def test_search_keeps_answering_during_a_reindex(elasticsearch):
    seller = SellerFactory()
    for n in range(150):
        StockRecordFactory(product=ProductFactory(title=f"Măng khô Tây Bắc gói {n}", seller=seller))
    backend = ElasticsearchBackend()
    call_command("search_reindex", "--no-stories", stdout=io.StringIO())
    answers = []

    def ask(done, total):
        # Asked while the new index fills, after each chunk it was sent.
        answers.append(backend.raw_search(SearchQuery(text="mang kho")).hits.total.value)

    backend.reindex(progress=ask, chunk_size=10)
    assert len(answers) >= 10  # between the chunks of ten: the index was filling
    assert set(answers) == {150}


def test_a_rebuild_fills_without_refreshes_or_synced_writes_then_restores_them(elasticsearch):
    for n in range(30):
        sellable_product(title=f"Gạo Séng Cù số {n}")
    backend, client = ElasticsearchBackend(), get_client()
    during = []

    def progress(done, total):
        building = next(iter(client.indices.get_alias(name=backend.next_alias)))
        settings = client.indices.get_settings(index=building)[building]["settings"]["index"]
        during.append((settings.get("refresh_interval"), settings["translog"]["durability"]))

    assert backend.reindex(progress=progress, chunk_size=10) == 30
    assert during and set(during) == {("-1", "async")}
    built = next(iter(client.indices.get_alias(name=backend.alias)))
    settings = client.indices.get_settings(index=built)[built]["settings"]["index"]
    assert "refresh_interval" not in settings  # the engine's defaults again
    assert "translog" not in settings  # every write synced before it is acknowledged
    assert len(found("seng cu")) == 24  # one page of the 30, all searchable
