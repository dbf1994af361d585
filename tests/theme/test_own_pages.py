"""A buyer's basket page is kept for them alone: opened again it comes from the cache
with their header and messages made for the request, and it is missed as soon as their
basket, its products, its sellers' shipping, offers or their addresses change."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.checkout.helpers import basket_with, place
from tests.theme.test_page_cache import cache_state
from tests.theme.test_shared_pages import basket_count, buyer
from themes.performance import versions

pytestmark = pytest.mark.django_db
BASKET = reverse("basket:summary")
Voucher = get_model("voucher", "Voucher")
ShippingRule = get_model("order", "ShippingRule")
UserAddress = get_model("address", "UserAddress")


def quantities(html: str) -> list[int]:
    return [int(q) for q in re.findall(r'name="form-\d+-quantity"[^>]*value="(\d+)"', html)]


def add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def opened_twice(client):
    """The basket page opened until it comes from the cache (the page after an addition
    shows its message and is not kept)."""
    states = [cache_state(client.get(BASKET)) for _ in range(3)]
    assert states[-1] == "hit", states
    return client.get(BASKET)


def test_a_buyers_basket_page_is_kept_for_them_and_shows_only_their_basket(shop):
    product = shop["product"]
    first, second = buyer("An", product, quantity=2), buyer("Bình", product, quantity=5)
    one, two = opened_twice(first), opened_twice(second)
    assert quantities(one.content.decode()) == [2]
    assert quantities(two.content.decode()) == [5]
    assert basket_count(one.content.decode()) == 2
    assert basket_count(two.content.decode()) == 5


def test_a_guests_basket_page_is_theirs_and_a_stranger_gets_an_empty_one(shop):
    guest = Client()
    add(guest, shop["product"], 3)
    assert quantities(opened_twice(guest).content.decode()) == [3]
    stranger = Client()
    page = stranger.get(BASKET)
    assert quantities(page.content.decode()) == []
    assert cache_state(page) is None  # nothing of theirs to keep


def test_changing_the_basket_shows_at_once(shop):
    client = buyer("Chi", shop["product"], quantity=1)
    opened_twice(client)
    add(client, shop["product"], 2)
    page = client.get(BASKET)
    assert cache_state(page) != "hit"
    assert quantities(page.content.decode()) == [3]
    other = factories.sellable_product(seller=shop["seller"], title="Mật ong bạc hà")
    add(client, other, 1)
    assert quantities(client.get(BASKET).content.decode()) == [3, 1]


def test_a_price_or_stock_change_of_a_product_in_the_basket_shows_at_once(
    shop, django_capture_on_commit_callbacks
):
    client = buyer("Dung", shop["product"], quantity=1)
    assert "150.000" in opened_twice(client).content.decode()
    record = shop["product"].stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True):
        record.price = Decimal("99000")
        record.save()
    page = client.get(BASKET)
    assert cache_state(page) == "miss"
    assert "99.000" in page.content.decode()


def test_units_sold_to_someone_else_show_in_the_basket_at_once(
    shop, django_capture_on_commit_callbacks
):
    client = buyer("Hà", shop["product"], quantity=1)
    left = shop["product"].stockrecords.get().net_stock_level
    assert f"(còn {left})" in opened_twice(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        place(basket_with(shop["product"], quantity=2))
    page = client.get(BASKET)
    assert cache_state(page) == "miss"
    assert f"(còn {left - 2})" in page.content.decode()


def test_a_sellers_shipping_change_shows_at_once(shop, django_capture_on_commit_callbacks):
    client = buyer("Giang", shop["product"], quantity=1)
    opened_twice(client)
    with django_capture_on_commit_callbacks(execute=True):
        ShippingRule.objects.update_or_create(
            seller=shop["seller"],
            defaults={"kind": ShippingRule.Kind.FLAT, "fee": Decimal("47000")},
        )
    page = client.get(BASKET)
    assert cache_state(page) == "miss"
    assert "47.000" in page.content.decode()


def test_offers_and_addresses_miss_the_kept_basket(shop, django_capture_on_commit_callbacks):
    client = buyer("Hà", shop["product"], quantity=1)
    opened_twice(client)
    with django_capture_on_commit_callbacks(execute=True):
        Voucher.objects.create(
            name="Tết",
            code="TET2027",
            start_datetime="2026-01-01T00:00Z",
            end_datetime="2030-01-01T00:00Z",
        )
    assert cache_state(client.get(BASKET)) == "miss"
    assert cache_state(client.get(BASKET)) == "hit"
    user = client.get(BASKET).wsgi_request.user
    commune = shop["seller"].commune
    with django_capture_on_commit_callbacks(execute=True):
        UserAddress.objects.create(
            user=user,
            first_name="Hà",
            last_name="Lê",
            line1="Thôn 2",
            province=commune.province,
            commune=commune,
            phone_number="+84912345678",
            country_id="VN",
            is_default_for_shipping=True,
        )
    assert cache_state(client.get(BASKET)) == "miss"


def test_a_message_on_the_kept_basket_is_said_once(shop):
    client = buyer("Khánh", shop["product"], quantity=1)
    opened_twice(client)
    client.post(reverse("basket:vouchers-add"), {"code": "KHONGCO"})
    told = client.get(BASKET)
    assert cache_state(told) == "hit"
    assert 'id="messages"' in told.content.decode()
    assert "KHONGCO" in told.content.decode()
    again = client.get(BASKET)
    assert cache_state(again) == "hit"
    assert 'id="messages"' not in again.content.decode()
    assert quantities(again.content.decode()) == [1]


def test_staff_get_their_basket_rendered_every_time(shop):
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True))
    add(client, shop["product"], 1)
    assert {cache_state(client.get(BASKET)) for _ in range(3)} == {None}


def test_a_missing_page_shows_its_header_in_full(shop):
    response = Client().get("/catalogue/khong-co_999999/")
    assert response.status_code == 404
    assert b"\x00" not in response.content
    assert 'class="count"' in response.content.decode()


def test_a_vouchers_use_keeps_every_page_but_a_new_window_misses_them(
    page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        voucher = Voucher.objects.create(
            name="Mùa gặt",
            code="MUAGAT",
            start_datetime="2026-01-01T00:00Z",
            end_datetime="2030-01-01T00:00Z",
        )
    voucher.refresh_from_db()
    before = versions.tokens([versions.CLOCK, "offers"])
    with django_capture_on_commit_callbacks(execute=True):
        voucher.num_orders += 1  # an order used it
        voucher.save()
    used = versions.tokens([versions.CLOCK, "offers"])
    assert used[versions.CLOCK] == before[versions.CLOCK]
    assert used["offers"] != before["offers"]
    with django_capture_on_commit_callbacks(execute=True):
        voucher.end_datetime = "2027-01-01T00:00Z"
        voucher.save()
    assert versions.tokens([versions.CLOCK])[versions.CLOCK] != used[versions.CLOCK]
