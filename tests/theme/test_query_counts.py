"""Rendering a page costs the same number of SQL queries however much it lists."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.stories import access
from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(url: str) -> int:
    client = Client()
    assert client.get(url).status_code == 200  # warm the per-process caches first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_products(seller, count: int) -> list:
    products = []
    for _ in range(count):
        product = factories.sellable_product(seller=seller)
        factories.OcopCertificateFactory(product=product)
        products.append(product)
    return products


def story_of(seller):
    page = access.ensure_producer_story(seller)
    page.save_revision().publish()
    return page


PAGES = {
    "catalogue": lambda seller, product: reverse("catalogue:index"),
    "product": lambda seller, product: product.get_absolute_url(),
    "seller": lambda seller, product: reverse("sellers:detail", args=[seller.slug]),
    "story": lambda seller, product: story_of(seller).url,
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_query_count_does_not_grow_with_the_number_of_products(
    kind, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        seller = factories.SellerFactory()
        product = add_products(seller, 2)[0]
        url = PAGES[kind](seller, product)
    few = queries_for(url)
    with django_capture_on_commit_callbacks(execute=True):
        add_products(seller, 10)
        add_products(factories.SellerFactory(), 4)
    many = queries_for(url)
    assert many == few, f"{kind}: {few} queries with 2 products, {many} with 16"
    with django_assert_max_num_queries(40):
        Client().get(url)


def test_a_basket_of_several_sellers_costs_a_fixed_number_of_queries():
    """The basket page lists each seller's parcel with its shipping; more lines from more
    sellers cost no more queries (and nothing Oscar's own page needed is computed)."""
    buyer = factories.UserFactory()
    client = Client()
    client.force_login(buyer)
    basket = reverse("basket:summary")

    sellers = []

    def add_from_new_seller():
        sellers.append(factories.SellerFactory())
        product = factories.sellable_product(seller=sellers[-1])
        added = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        assert added.status_code == 302

    def queries() -> tuple[int, str]:
        client.get(basket)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(basket)
        return len(captured), page.content.decode()

    add_from_new_seller()
    one, _page = queries()
    for _ in range(3):
        add_from_new_seller()
    four, page = queries()
    # Each seller's parcel with its shipping, as checkout will charge it.
    for seller in sellers:
        assert f'<th scope="row">{seller.display_name}</th>' in page
    assert page.count("<small>Giao hàng:") == 4
    assert one <= 15
    assert four == one
