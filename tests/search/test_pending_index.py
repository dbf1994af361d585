"""Nothing lost between the database and the index: a change the engine cannot take
(down, refusing writes) stays marked and is sent when the engine answers again, without
a full rebuild; ``search_check`` finds and fixes what differs."""

import io
import logging
import socket
from decimal import Decimal

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from catalog.search import services, tasks
from catalog.search.backends.elasticsearch import ElasticsearchBackend
from catalog.search.connection import get_client
from catalog.search.models import PendingIndex
from tests.factories import sellable_product

pytestmark = [pytest.mark.django_db, pytest.mark.services]

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def index_behind_alias() -> str:
    alias = ElasticsearchBackend().alias
    return next(iter(get_client().indices.get_alias(name=alias)))


def indexed_prices(ids) -> dict[int, int]:
    alias = ElasticsearchBackend().alias
    get_client().indices.refresh(index=alias)
    docs = get_client().mget(index=alias, ids=[str(pk) for pk in ids])["docs"]
    return {int(d["_id"]): d["_source"]["price"] for d in docs if d.get("found")}


@pytest.fixture
def products(elasticsearch):
    shelf = [sellable_product(title=f"Mật ong bạc hà số {n}") for n in range(50)]
    services.rebuild_index()
    PendingIndex.objects.all().delete()
    return shelf


def test_fifty_products_edited_while_the_engine_is_down_reach_it_when_it_is_back(
    products, elasticsearch, django_capture_on_commit_callbacks, caplog
):
    index = index_behind_alias()
    engine = elasticsearch.ELASTICSEARCH_URL
    elasticsearch.ELASTICSEARCH_URL = closed_port_url()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        for n, product in enumerate(products):
            record = product.stockrecords.get()
            record.price = Decimal(200_000 + n)
            record.num_in_stock = 0 if n % 2 else 7
            record.save()
    assert "Search index update skipped" in caplog.text
    assert PendingIndex.objects.count() == 50
    # Still down: the periodic task tries, logs, and keeps every mark.
    assert tasks.replay_pending_index() is None
    assert PendingIndex.objects.count() == 50

    elasticsearch.ELASTICSEARCH_URL = engine
    assert tasks.replay_pending_index() == 50
    assert not PendingIndex.objects.exists()
    ids = [p.pk for p in products]
    assert indexed_prices(ids) == {pk: 200_000 + n for n, pk in enumerate(ids)}
    found = services.drift()
    assert (found.changed, found.missing, found.extra) == ([], [], [])
    assert index_behind_alias() == index  # caught up without a rebuild


def test_writes_the_engine_refuses_stay_marked_until_it_takes_them(
    products, django_capture_on_commit_callbacks
):
    alias = ElasticsearchBackend().alias
    client = get_client()
    client.indices.put_settings(index=alias, settings={"index.blocks.write": True})
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record = products[0].stockrecords.get()
            record.price = Decimal(99_000)
            record.save()
        assert PendingIndex.objects.filter(product_id=products[0].pk).exists()
    finally:
        client.indices.put_settings(index=alias, settings={"index.blocks.write": False})
    assert tasks.replay_pending_index() == 1
    assert indexed_prices([products[0].pk]) == {products[0].pk: 99_000}
    assert not PendingIndex.objects.exists()


def test_search_check_names_what_differs_and_fix_sends_only_those(products):
    client, alias = get_client(), ElasticsearchBackend().alias
    stale, gone, hidden = products[0], products[1], products[2]
    StockRecord.objects.filter(product=stale).update(price=Decimal(123_000))  # no signal
    client.delete(index=alias, id=str(gone.pk), refresh=True)
    Product.objects.filter(pk=hidden.pk).update(is_public=False)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("search_check", stdout=out, stderr=io.StringIO())
    assert exit_.value.code == 1
    report = out.getvalue()
    assert "Differ: 1, missing from the index: 1, no longer searchable but indexed: 1." in report
    assert f"product {stale.pk}: price is " in report and "123000 in the database" in report
    index = index_behind_alias()

    out = io.StringIO()
    call_command("search_check", "--fix", stdout=out)
    assert "Re-sent 3 products to the index." in out.getvalue()
    assert indexed_prices([stale.pk, gone.pk, hidden.pk]) == {
        stale.pk: 123_000,
        gone.pk: int(gone.stockrecords.get().price),
    }
    out = io.StringIO()
    call_command("search_check", stdout=out)
    assert "The index agrees with the database." in out.getvalue()
    assert index_behind_alias() == index
