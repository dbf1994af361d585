"""Prices typed the way Vietnamese sellers write them are read as they meant them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from livestream.forms import LiveProductsForm
from tests import factories

from .test_listing import details

pytestmark = pytest.mark.django_db

WRITTEN_AS = ["150.000", "150000", "150.000 ₫", "150.000đ", "150,000", "150.000 VNĐ", "150k"]


@pytest.mark.parametrize("typed", WRITTEN_AS)
def test_a_price_written_the_usual_ways_is_saved_as_150_thousand(seller_client, product, typed):
    record = product.stockrecords.get()
    record.price = Decimal("90000")
    record.save()
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    response = seller_client.post(url, details(price=typed))
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert record.price == Decimal("150000")
    # Shown back grouped, the way it was typed, so sending the form again changes nothing.
    assert 'value="150.000"' in seller_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("150.5", "chúng tôi thấy các số 150 và 5"),
        ("1.50.000", "chúng tôi thấy các số 1 và 50 và 000"),
        ("1.500,000", "chúng tôi thấy các số 1 và 500 và 000"),
        (
            "150",
            "Chúng tôi hiểu số này là 150 ₫, thấp hơn mức tối thiểu 1.000 ₫. "
            "Nếu ý bạn là 150 nghìn đồng, hãy gõ 150.000.",
        ),
    ],
)
def test_an_unclear_price_is_refused_saying_what_was_read(seller_client, product, typed, shown):
    url = reverse("catalog_manage:details", kwargs={"pk": product.pk})
    response = seller_client.post(url, details(price=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert f'value="{typed}"' in page  # what the seller typed stays in the box
    assert product.stockrecords.get().price == Decimal("150000")


def test_the_quick_list_reads_grouped_prices(seller_client, seller, product):
    url = reverse("catalog_manage:list")
    page = seller_client.get(url)
    assert 'value="150.000"' in page.content.decode()
    row = page.context["formset"].initial[0]
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-product_id": row["product_id"],
        "rows-0-price": "99.000 ₫",
        "rows-0-stock": "3",
    }
    assert seller_client.post(url, data).status_code == 302
    assert product.stockrecords.get().price == Decimal("99000")

    data["rows-0-price"] = "99"
    response = seller_client.post(url, data)
    assert "hãy gõ 99.000" in response.content.decode()
    assert product.stockrecords.get().price == Decimal("99000")


def test_a_live_price_is_read_the_same_way(seller):
    product = factories.StockRecordFactory(product=factories.ProductFactory(seller=seller)).product
    fields = {f"show_{product.pk}": "on"}
    form = LiveProductsForm(
        {**fields, f"price_{product.pk}": "120.000đ"}, products=[product], current={}
    )
    assert form.is_valid() and form.items() == [(product, Decimal("120000"))]
    form = LiveProductsForm(
        {**fields, f"price_{product.pk}": "120.5"}, products=[product], current={}
    )
    assert not form.is_valid()
    assert "120 và 5" in str(form.errors[f"price_{product.pk}"])
