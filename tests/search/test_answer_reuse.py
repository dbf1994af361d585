"""The engine's answer to a search is reused for a while; what buyers see stays current."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.search.backends.elasticsearch import ElasticsearchBackend
from tests.factories import sellable_product

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture
def honey(elasticsearch, settings):
    from catalog.search.services import rebuild_index

    settings.SEARCH_RESULT_CACHE_SECONDS = 30
    cache.clear()
    product = sellable_product(title="Mật ong rừng Tiên Yên")
    sellable_product(title="Mật ong hoa nhãn Hưng Yên")
    rebuild_index()
    yield product
    cache.clear()


def test_the_same_search_asks_the_engine_once(client, honey, monkeypatch):
    calls = []
    original = ElasticsearchBackend.raw_search

    def counted(self, query):
        calls.append(query.text)
        return original(self, query)

    monkeypatch.setattr(ElasticsearchBackend, "raw_search", counted)
    url = reverse("search:search")
    first = client.get(url, {"q": "mat ong"}).content.decode()
    second = client.get(url, {"q": "mat ong"}).content.decode()
    assert "Mật ong rừng Tiên Yên" in first and "Mật ong rừng Tiên Yên" in second
    assert calls == ["mat ong"]
    client.get(url, {"q": "mat ong", "sort": "price-asc"})
    assert calls == ["mat ong", "mat ong"]


def test_a_reused_answer_shows_current_prices_and_leaves_out_what_sold_out(client, honey):
    url = reverse("search:search")
    assert "150.000" in client.get(url, {"q": "mat ong"}).content.decode()
    record = honey.stockrecords.get()
    record.price = Decimal("265000")
    record.save()
    assert "265.000" in client.get(url, {"q": "mat ong"}).content.decode()
    record.num_in_stock = 0
    record.save()
    page = client.get(url, {"q": "mat ong"}).content.decode()
    assert "Mật ong rừng Tiên Yên" not in page
    assert "Mật ong hoa nhãn Hưng Yên" in page
