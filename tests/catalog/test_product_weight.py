"""A seller gives each product's packed weight; the carrier's fee and the parcel use it."""

import pytest
from django.urls import reverse

from .test_listing import details

pytestmark = pytest.mark.django_db


def test_seller_sets_the_weight_of_one_unit(seller_client, product):
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    page = seller_client.get(url).content.decode()
    assert "Khối lượng một đơn vị đã đóng gói (gam)" in page
    response = seller_client.post(url, details(weight_grams="750"))
    assert response.status_code == 302, response.context["form"].errors
    product.refresh_from_db()
    assert product.weight_grams == 750
    assert 'value="750"' in seller_client.get(url).content.decode()


def test_a_weight_beyond_a_parcel_is_refused(seller_client, product):
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    response = seller_client.post(url, details(weight_grams="80000"))
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.weight_grams is None
