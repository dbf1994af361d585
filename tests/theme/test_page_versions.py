"""A change misses exactly the cached pages that show what changed, and nothing else."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.search.signals import index_updated
from marketplace.order.services import return_to_stock
from tests import factories
from tests.checkout.helpers import basket_with, place
from tests.theme.test_page_cache import cache_state
from themes.performance import versions

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductImage = get_model("catalogue", "ProductImage")
ProductReview = get_model("reviews", "ProductReview")


@pytest.fixture
def two_shops(page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tea_seller = factories.SellerFactory(display_name="Hợp tác xã chè Tân Lập")
        honey_seller = factories.SellerFactory(display_name="Tổ hợp tác mật ong Tiên Yên")
        tea = factories.sellable_product(seller=tea_seller, title="Chè Shan Tuyết Tân Lập")
        honey = factories.sellable_product(seller=honey_seller, title="Mật ong rừng Tiên Yên")
        category = Category.add_root(name="Chè")
        tea.categories.add(category)
    urls = {
        "tea": tea.get_absolute_url(),
        "honey": honey.get_absolute_url(),
        "catalogue": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "tea seller": reverse("sellers:detail", args=[tea_seller.slug]),
        "honey seller": reverse("sellers:detail", args=[honey_seller.slug]),
    }
    for url in urls.values():
        Client().get(url)
        assert cache_state(Client().get(url)) == "hit", url
    return {"tea": tea, "honey": honey, "category": category, "urls": urls}


def states(urls: dict) -> dict:
    return {name: cache_state(Client().get(url)) for name, url in urls.items()}


def test_a_sale_changes_the_products_stock_line_and_keeps_every_page(
    two_shops, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The count left is the only thing a sale changes that pages show: the product page
    comes from the cache with that line rendered again, once; cards say "in stock"."""
    tea = two_shops["tea"]
    left = tea.stockrecords.get().net_stock_level
    assert f"(còn {left})" in Client().get(two_shops["urls"]["tea"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        place(basket_with(tea, quantity=3))
    assert tea.stockrecords.get().num_allocated == 3
    first = Client().get(two_shops["urls"]["tea"])
    assert cache_state(first) == "hit"
    assert f"(còn {left - 3})" in first.content.decode()
    assert f"(còn {left})" not in first.content.decode()
    with django_assert_num_queries(0):  # the line as the request before rendered it
        again = Client().get(two_shops["urls"]["tea"])
    assert f"(còn {left - 3})" in again.content.decode()
    assert set(states(two_shops["urls"]).values()) == {"hit"}


def test_a_sale_gives_the_product_page_a_new_etag(two_shops, django_capture_on_commit_callbacks):
    """A browser revalidating its copy of the page after a sale gets the new count."""
    url, browser = two_shops["urls"]["tea"], Client()
    before = browser.get(url)
    assert browser.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        place(basket_with(two_shops["tea"], quantity=1))
    after = browser.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert cache_state(after) == "hit"
    assert after["ETag"] != before["ETag"]


def test_selling_out_changes_every_listing_but_not_other_products_pages(
    two_shops, django_capture_on_commit_callbacks
):
    tea = two_shops["tea"]
    with django_capture_on_commit_callbacks(execute=True):
        place(basket_with(tea, quantity=20))
    seen = states(two_shops["urls"])
    assert seen["honey"] == "hit"
    # The honey seller's page lists no tea, but which products are on sale changed.
    assert seen["catalogue"] == seen["honey seller"] == seen["tea"] == "miss"
    catalogue = Client().get(two_shops["urls"]["catalogue"]).content.decode()
    assert "Mật ong rừng Tiên Yên" in catalogue


def test_stock_put_back_by_an_update_query_shows_at_once(
    two_shops, django_capture_on_commit_callbacks
):
    """A refused parcel's units come back through ``QuerySet.update``."""
    tea = two_shops["tea"]
    with django_capture_on_commit_callbacks(execute=True):
        order = place(basket_with(tea, quantity=20))
    line = order.lines.get()
    line.consume_allocation(20)  # shipped
    tea_url = two_shops["urls"]["tea"]
    assert "Tạm hết hàng" in Client().get(tea_url).content.decode()
    assert cache_state(Client().get(tea_url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        return_to_stock(line, 20)
    back = Client().get(tea_url)
    assert cache_state(back) == "miss"
    assert "Tạm hết hàng" not in back.content.decode()
    assert cache_state(Client().get(two_shops["urls"]["catalogue"])) == "miss"


@pytest.mark.parametrize("change", ["photo", "review", "price"])
def test_a_change_to_one_product_leaves_the_other_products_page_cached(
    two_shops, change, django_capture_on_commit_callbacks
):
    honey = two_shops["honey"]
    with django_capture_on_commit_callbacks(execute=True):
        if change == "photo":
            ProductImage.objects.create(product=honey, original="honey.jpg", display_order=1)
        elif change == "review":
            ProductReview.objects.create(
                product=honey,
                title="Thơm",
                body="Mật ong thơm, đặc.",
                score=5,
                status=ProductReview.APPROVED,
                name="Lan",
            )
        else:
            record = honey.stockrecords.get()
            record.price = Decimal("275000")
            record.save()
    seen = states(two_shops["urls"])
    assert seen["honey"] == "miss"
    assert seen["tea"] == "hit"
    if change == "price":
        assert "275.000" in Client().get(two_shops["urls"]["honey"]).content.decode()


def test_renaming_a_category_misses_the_pages_showing_categories(
    two_shops, django_capture_on_commit_callbacks
):
    category = two_shops["category"]
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Chè và trà"
        category.save()
    page = Client().get(two_shops["urls"]["tea"])
    assert cache_state(page) == "miss"
    assert "Chè và trà" in page.content.decode()


def test_the_listings_change_again_when_the_index_has_a_product_that_sold_out(
    two_shops, django_capture_on_commit_callbacks, monkeypatch
):
    """Listings read the search index, which hears of a change after the commit."""
    from themes.performance import receivers

    monkeypatch.setattr(receivers, "external_index", lambda: True)
    refreshed = []
    monkeypatch.setattr(receivers, "make_searchable", lambda: refreshed.append(1))
    tea, honey = two_shops["tea"], two_shops["honey"]
    catalogue = two_shops["urls"]["catalogue"]
    index_updated.send(sender=None, product_ids=[honey.pk])  # nothing marked: no change
    assert cache_state(Client().get(catalogue)) == "hit"
    assert refreshed == []  # an ordinary sale waits for the engine's own refresh
    with django_capture_on_commit_callbacks(execute=True):
        record = tea.stockrecords.get()
        record.num_in_stock = 0
        record.save()
    Client().get(catalogue)
    assert cache_state(Client().get(catalogue)) == "hit"
    index_updated.send(sender=None, product_ids=[tea.pk])
    # Searchable before the listings are rendered again from the index.
    assert refreshed == [1]
    assert cache_state(Client().get(catalogue)) == "miss"
    # The mark is used once.
    index_updated.send(sender=None, product_ids=[tea.pk])
    assert cache_state(Client().get(catalogue)) == "hit"


def test_a_page_whose_product_changed_while_it_rendered_is_served_not_kept(two_shops, monkeypatch):
    from catalog import views

    honey = two_shops["honey"]
    url = two_shops["urls"]["honey"]
    versions.bump(versions.ALL)  # every page is rendered again
    original = views.ProductDetailView.get

    def racing_write(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        versions.bump(f"product:{honey.pk}")  # another process sold one meanwhile
        return response

    monkeypatch.setattr(views.ProductDetailView, "get", racing_write)
    first = Client().get(url)
    assert first.status_code == 200 and cache_state(first) == "miss"
    assert cache_state(Client().get(url)) == "miss"
    monkeypatch.setattr(views.ProductDetailView, "get", original)
    assert cache_state(Client().get(url)) == "miss"
    assert cache_state(Client().get(url)) == "hit"


def test_a_sale_while_the_page_rendered_keeps_the_page_but_not_its_stock_line(
    two_shops, monkeypatch
):
    from catalog import views

    honey = two_shops["honey"]
    url = two_shops["urls"]["honey"]
    versions.bump(versions.ALL)
    original = views.ProductDetailView.get

    def racing_sale(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        versions.bump(f"stock:{honey.pk}")  # a unit sold meanwhile: the count may be old
        return response

    monkeypatch.setattr(views.ProductDetailView, "get", racing_sale)
    assert cache_state(Client().get(url)) == "miss"
    monkeypatch.setattr(views.ProductDetailView, "get", original)
    with CaptureQueriesContext(connection) as line_rendered:
        assert cache_state(Client().get(url)) == "hit"
    assert any("partner_stockrecord" in q["sql"] for q in line_rendered.captured_queries)
    with CaptureQueriesContext(connection) as kept:
        assert cache_state(Client().get(url)) == "hit"
    assert kept.captured_queries == []


def test_cards_kept_apart_show_marks_tokens_and_changes(
    two_shops, django_capture_on_commit_callbacks
):
    """Product cards are kept per product version and reused by every listing."""
    tea = two_shops["tea"]
    catalogue = two_shops["urls"]["catalogue"]
    search = reverse("search:search") + "?q=shan+tuyet"
    for url in (search, catalogue + "?sort=price-asc"):
        page = Client().get(url).content.decode()
        assert "Chè Shan Tuyết Tân Lập" in page or "<mark>" in page
        assert "\x00" not in page and "cardcsrfmarker" not in page
    marked = Client().get(search).content.decode()
    assert "<mark>Shan</mark>" in marked or "<mark>Shan Tuyết</mark>" in marked
    plain = Client().get(catalogue + "?sort=price-asc").content.decode()
    assert "<mark>" not in plain and 'class="lang-snippet"' not in plain

    with django_capture_on_commit_callbacks(execute=True):
        record = tea.stockrecords.get()
        record.price = Decimal("188000")
        record.save()
        seller = tea.seller
        seller.display_name = "Hợp tác xã chè Vĩnh Tuy"
        seller.save()
    fresh = Client().get(catalogue + "?sort=price-asc").content.decode()
    assert "188.000" in fresh and "Hợp tác xã chè Vĩnh Tuy" in fresh

    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(catalogue).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page).group(1)
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": tea.pk}),
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302
