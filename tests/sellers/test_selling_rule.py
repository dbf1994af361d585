"""One rule says which sellers may sell; every place buyers look follows it."""

import pytest
from django.urls import reverse

from catalog.search.documents import is_searchable
from catalog.selectors import public_products
from sellers.models import Seller
from tests.factories import SellerFactory, sellable_product

pytestmark = pytest.mark.django_db
NOT_SELLING = ["draft", "applied", "changes_requested", "rejected", "suspended"]


@pytest.fixture
def shops():
    """One product from a seller in each status."""
    products = {}
    for status in ["approved", *NOT_SELLING]:
        product = sellable_product(title=f"Mật ong {status}")
        Seller.objects.filter(pk=product.seller_id).update(status=status)
        product.seller.refresh_from_db()
        products[status] = product
    return products


def test_only_an_approved_seller_sells(shops):
    assert set(Seller.objects.selling().values_list("status", flat=True)) == {"approved"}
    assert [s for s in Seller.Status.values if Seller(status=s).is_selling] == ["approved"]


def test_buyers_see_only_products_of_sellers_who_may_sell(shops):
    visible = set(public_products().values_list("title", flat=True))
    assert visible == {"Mật ong approved"}
    assert [status for status, p in shops.items() if is_searchable(p)] == ["approved"]


@pytest.mark.parametrize("status", NOT_SELLING)
def test_the_shop_page_of_a_seller_who_may_not_sell_is_not_found(client, status):
    seller = SellerFactory(status=status)
    assert client.get(reverse("sellers:detail", args=[seller.slug])).status_code == 404
    Seller.objects.filter(pk=seller.pk).update(status="approved")
    assert client.get(reverse("sellers:detail", args=[seller.slug])).status_code == 200
