"""The blank delivery address form is rendered once and kept for every buyer; what a buyer
typed, a renamed province and the other language are never served from that copy."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from marketplace.places.models import Province
from tests.factories import commune, sellable_product
from tests.test_addresses import address_data
from themes.performance import fragments

pytestmark = pytest.mark.django_db

FORM = re.compile(r'<form[^>]*id="new_shipping_address".*?</form>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def product(page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return sellable_product(title="Chè Shan Tuyết Tân Lập")


def buyer_at_address_page(product, client=None):
    client = client or Client()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    return client


def address_form(client, language="vi") -> str:
    with translation.override(language):
        response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 200
    return TOKEN.sub("", FORM.search(response.content.decode()).group())


def province_reads(queries) -> int:
    return sum('FROM "sellers_province"' in q["sql"] for q in queries.captured_queries)


def test_the_second_buyer_gets_the_same_form_without_rendering_it(product):
    first = address_form(buyer_at_address_page(product))
    second_buyer = buyer_at_address_page(product)
    with CaptureQueriesContext(connection) as queries:
        second = address_form(second_buyer)
    assert second == first
    assert province_reads(queries) == 0  # the province list came with the kept form
    assert 'name="phone_number"' in second and "Tuyên Quang" in second


def test_a_renamed_province_shows_on_the_next_address_page(
    product, django_capture_on_commit_callbacks
):
    address_form(buyer_at_address_page(product))
    province = Province.objects.get(name="Tuyên Quang")
    with django_capture_on_commit_callbacks(execute=True):
        province.name = "Tuyên Quang mới"
        province.save()
    assert "Tuyên Quang mới" in address_form(buyer_at_address_page(product))


def test_what_a_buyer_typed_comes_back_to_them_and_to_nobody_else(product):
    first = address_form(buyer_at_address_page(product))
    typing = buyer_at_address_page(product)
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    typing.post(reverse("checkout:shipping-address"), address_data())
    back = address_form(typing)  # the buyer goes back to change the address
    assert 'value="Thôn Tân Lập"' in back
    assert f'<option value="{place.province_id}" selected>' in back
    assert f'<option value="{place.pk}" selected>' in back
    other = address_form(buyer_at_address_page(product))
    assert other == first and "Thôn Tân Lập" not in other


def test_the_english_form_is_kept_apart(product):
    vietnamese = address_form(buyer_at_address_page(product))
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = address_form(buyer_at_address_page(product, client), "en")
    assert "Phone number" in english and "Phone number" not in vietnamese
    assert address_form(buyer_at_address_page(product)) == vietnamese


def test_a_kept_copy_that_is_not_markup_is_rendered_again(product, page_cache):
    first = address_form(buyer_at_address_page(product))
    keys = [k for k in page_cache._cache if fragments.KEY_PREFIX in k]
    assert keys
    for key in keys:
        page_cache._cache[key] = page_cache._cache[key][:0] + b"\x80not a pickle"
    assert address_form(buyer_at_address_page(product)) == first


def test_without_the_cache_the_form_is_rendered_every_time(product, outage):
    first = address_form(buyer_at_address_page(product))
    outage(True)
    assert address_form(buyer_at_address_page(product)) == first
