"""Elasticsearch down: every page that lists products answers from the database.

``tests/search/test_fallback.py`` covers the search page, suggestions and the plain
catalogue; here: the home page, category pages, filtered and sorted listings, product
and seller pages, and a seller's edit while the index cannot be updated.
"""

import logging

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.search import services
from tests.factories import OcopCertificateFactory, sellable_product

pytestmark = [pytest.mark.django_db, pytest.mark.services]

Category = get_model("catalogue", "Category")


@pytest.fixture
def catalogue():
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    honey = sellable_product(title="Mật ong rừng Mèo Vạc")
    OcopCertificateFactory(product=tea, stars=4)
    drinks = Category.add_root(name="Đồ uống", slug="do-uong")
    tea_leaves = drinks.add_child(name="Chè", slug="che")
    tea.categories.add(tea_leaves)
    return tea, honey, drinks


def get_ok(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_listing_page_answers_from_the_database_when_search_is_down(
    own_search_server, client, catalogue, caplog
):
    tea, honey, drinks = catalogue
    services.rebuild_index()
    html = get_ok(client, drinks.get_absolute_url())
    assert 'data-search-backend="elasticsearch"' in html and tea.title in html

    own_search_server.stop()
    with caplog.at_level(logging.WARNING):
        html = get_ok(client, drinks.get_absolute_url())
    assert 'data-search-backend="database"' in html
    assert tea.title in html and honey.title not in html
    listings = {
        "filtered": (reverse("catalogue:index"), {"min_stars": "4", "sort": "price-asc"}),
        "category + accent-free text": (drinks.get_absolute_url(), {"q": "che shan"}),
        "past the last page": (reverse("catalogue:index"), {"page": "99"}),
    }
    for label, (url, params) in listings.items():
        html = get_ok(client, url, params)
        assert 'data-search-backend="database"' in html, label
        assert tea.title in html, label
    assert tea.title in get_ok(client, "/")
    assert tea.title in get_ok(client, tea.get_absolute_url())
    assert honey.title in get_ok(client, honey.seller.get_absolute_url())


def test_a_product_saved_while_search_is_down_is_saved(
    own_search_server, catalogue, django_capture_on_commit_callbacks, caplog
):
    tea, _, _ = catalogue
    own_search_server.stop()
    record = tea.stockrecords.get()
    record.num_in_stock = 0
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        record.save()
        tea.title = "Chè Shan Tuyết Tân Lập – hộp 200 g"
        tea.save()
    tea.refresh_from_db()
    assert tea.title.endswith("200 g") and tea.stockrecords.get().num_in_stock == 0
    assert "Search index update skipped" in caplog.text
