"""The shared relevance cases pass on both backends (database on PostgreSQL, Elasticsearch)."""

import pytest

from catalog.search.backends import SearchQuery
from catalog.search.selectors import search_products
from tests.search.catalogue import HIDDEN_TITLE
from tests.search.relevance import CASES, evaluate, report

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [product.title for product in search_products(SearchQuery(text=query)).products]


def test_there_are_enough_realistic_cases():
    assert len(CASES) >= 66


def test_every_relevance_case_puts_the_right_product_first(backend, catalogue):
    outcomes = evaluate(titles)
    assert all(outcome.passed for outcome in outcomes), report(outcomes)


def test_the_configured_backend_answers_without_falling_back(backend, catalogue):
    result = search_products(SearchQuery(text="che shan tuyet"))
    assert result.backend == backend
    assert not result.degraded


def test_hidden_suspended_and_sold_out_products_are_never_found(backend, catalogue):
    found = set(titles("che shan tuyet")) | set(titles("mat ong rung tien yen"))
    found |= {p.title for p in search_products(SearchQuery(per_page=100)).products}
    assert HIDDEN_TITLE not in found
    assert "Chè Shan Tuyết thượng hạng – hộp 100 g" not in found  # suspended seller
    assert "Mật ong rừng Tiên Yên – hũ 250 ml" not in found  # no stock left
    assert "Mật ong rừng Tiên Yên – chai 1 lít" in found
