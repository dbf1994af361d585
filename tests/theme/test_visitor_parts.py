"""A returning buyer's own parts of shared pages come from the cache, and every change to
what they show (basket, wish lists, roles, a delivered order, signing in as someone else)
is on the very next page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.models import Fulfilment
from marketplace.places.models import Commune
from sellers.models import CommuneStaff
from tests import factories
from tests.checkout.helpers import basket_with, place
from tests.theme.test_page_cache import cache_state
from tests.theme.test_shared_pages import basket_count, buyer

pytestmark = pytest.mark.django_db
WishList = get_model("wishlists", "WishList")
COMMUNE_WORK = f'href="{reverse("commune:queue")}"'


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as seen:
        page = client.get(url)
    assert cache_state(page) == "hit"
    return len(seen), page.content.decode()


def hit(client, url) -> str:
    page = client.get(url)
    assert cache_state(page) == "hit"
    return page.content.decode()


def test_a_returning_buyer_gets_their_parts_kept_from_their_last_page(shop):
    url = shop["product"].get_absolute_url()
    Client().get(url)
    shopper = buyer("Hoa", shop["product"], quantity=2)
    first, html = queries(shopper, url)
    again, same = queries(shopper, url)
    # Their session and their user; no basket, role, wish list or review query, and no
    # recently viewed products while this is the only product they viewed.
    assert again <= 2 < first
    assert basket_count(same) == basket_count(html) == 2
    # Still their own forms: every token is for their CSRF secret.
    assert same.count(shopper.cookies["csrftoken"].value) == 0  # masked, never the secret
    assert 'name="csrfmiddlewaretoken"' in same


def test_kept_parts_never_reach_another_buyer(shop):
    url = reverse("catalogue:index")
    Client().get(url)
    first, second = buyer("An", shop["product"], 1), buyer("Bình", shop["product"], 4)
    for _ in range(2):
        assert basket_count(first.get(url).content.decode()) == 1
        assert basket_count(second.get(url).content.decode()) == 4
        assert basket_count(Client().get(url).content.decode()) == 0


def test_the_basket_count_follows_every_add_and_removal(shop):
    url, product = shop["product"].get_absolute_url(), shop["product"]
    Client().get(url)
    shopper = buyer("Chi", product, 1)
    assert basket_count(shopper.get(url).content.decode()) == 1
    shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    assert basket_count(shopper.get(url).content.decode()) == 3
    get_model("basket", "Line").objects.filter(basket__owner__first_name="Chi").delete()
    assert basket_count(shopper.get(url).content.decode()) == 0


def test_a_guests_basket_count_follows_their_adds(shop):
    url, product = shop["product"].get_absolute_url(), shop["product"]
    Client().get(url)
    guest = Client()
    guest.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert basket_count(guest.get(url).content.decode()) == 1
    assert basket_count(guest.get(url).content.decode()) == 1
    guest.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert basket_count(guest.get(url).content.decode()) == 2
    # Another guest's cookie basket is not theirs.
    assert basket_count(Client().get(url).content.decode()) == 0


def test_a_new_wish_list_shows_on_the_next_page(shop):
    url, product = shop["product"].get_absolute_url(), shop["product"]
    Client().get(url)
    shopper = buyer("Dung")
    assert "Quà biếu ông bà" not in shopper.get(url).content.decode()
    user = get_user_model().objects.get(first_name="Dung")
    WishList.objects.create(owner=user, name="Quà biếu ông bà").add(product)
    assert "Quà biếu ông bà" in shopper.get(url).content.decode()


def test_a_new_role_shows_in_the_menu_on_the_next_page(shop, admin_units):
    url = shop["product"].get_absolute_url()
    Client().get(url)
    officer = factories.UserFactory(first_name="Giang")
    client = Client()
    client.force_login(officer)
    assert COMMUNE_WORK not in client.get(url).content.decode()
    role = CommuneStaff.objects.create(user=officer, commune=Commune.objects.first())
    assert COMMUNE_WORK in client.get(url).content.decode()
    role.delete()
    assert COMMUNE_WORK not in client.get(url).content.decode()


def test_a_delivered_order_invites_a_review_on_the_next_page(shop):
    product = shop["product"]
    url = product.get_absolute_url()
    Client().get(url)
    shopper = factories.UserFactory()
    client = Client()
    client.force_login(shopper)
    write = reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )
    assert write not in client.get(url).content.decode()
    order = place(basket_with(product, owner=shopper))
    order.user = shopper
    order.save(update_fields=["user"])
    Client().get(url)  # the sale changed the page: stored again
    assert write not in hit(client, url)  # on its way, not received yet
    part = Fulfilment.objects.get(order=order)
    part.status = "delivered"
    part.save()
    assert write in hit(client, url)


def test_signing_in_as_someone_else_gives_their_parts(shop):
    url, product = shop["product"].get_absolute_url(), shop["product"]
    Client().get(url)
    shopper = buyer("Hương", product, 3)
    assert basket_count(shopper.get(url).content.decode()) == 3
    shopper.force_login(factories.UserFactory(first_name="Khánh"))
    assert basket_count(shopper.get(url).content.decode()) == 0


def test_pages_rendered_for_the_buyer_keep_their_parts_too(shop, admin_units):
    """The basket and checkout are the buyer's own pages: their header and menu are kept
    all the same, and follow the same changes."""
    basket = reverse("basket:summary")
    officer = factories.UserFactory(first_name="Lâm")
    client = Client()
    client.force_login(officer)
    client.get(basket)  # their first visit opens their basket
    with CaptureQueriesContext(connection) as first:
        assert COMMUNE_WORK not in client.get(basket).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert COMMUNE_WORK not in client.get(basket).content.decode()
    roles = [q["sql"] for q in first if "sellers_communestaff" in q["sql"]]
    assert roles and not [q for q in again if "sellers_communestaff" in q["sql"]]
    CommuneStaff.objects.create(user=officer, commune=Commune.objects.first())
    assert COMMUNE_WORK in client.get(basket).content.decode()


def viewer_of(shop, count: int, seller=None):
    """Products a visitor viewed, and that visitor back on the shop's product page."""
    seen = [
        factories.sellable_product(
            seller=seller or shop["seller"], title=f"Miến dong Bình Liêu {n}"
        )
        for n in range(count)
    ]
    url = shop["product"].get_absolute_url()
    Client().get(url)
    visitor = Client()
    for product in seen:
        visitor.get(product.get_absolute_url())
    return seen, visitor, url


def test_recently_viewed_products_cost_no_query_once_kept(shop):
    seen, visitor, url = viewer_of(shop, 4)
    visitor.get(url)  # their part is kept from here on
    again, html = queries(visitor, url)
    assert [html.index(p.title) for p in reversed(seen)] == sorted(
        html.index(p.title) for p in seen
    )  # the latest first
    assert again == 0
    # Anyone carrying the same list gets the same part; another list, its own.
    stranger = Client()
    stranger.cookies["oscar_history"] = visitor.cookies["oscar_history"].value
    assert queries(stranger, url)[0] == 0
    other = Client()
    other.get(seen[0].get_absolute_url())
    page = other.get(url).content.decode()
    assert seen[0].title in page and seen[1].title not in page


def test_a_list_nobody_carried_of_products_viewed_before_costs_no_query(shop):
    seen, visitor, url = viewer_of(shop, 4)
    visitor.get(url)  # each product's entry is kept from here on
    # Another visitor viewed some of them, in another order: a list never seen before.
    stranger = Client()
    for product in (seen[2], seen[0], seen[3]):
        stranger.get(product.get_absolute_url())
    count, html = queries(stranger, url)
    assert count == 0
    shown = [html.index(p.title) for p in (seen[3], seen[0], seen[2])]
    assert shown == sorted(shown) and seen[1].title not in html  # the latest first
    # Their own CSRF token in the cards' "add to basket" forms, not the first visitor's.
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and all(len(token) == 64 for token in tokens)
    assert "cardcsrfmarker" not in html


def test_the_six_latest_on_sale_are_shown_and_a_hidden_one_makes_room(shop):
    seen, visitor, url = viewer_of(shop, 8)
    html = hit(visitor, url)
    assert [p.title in html for p in seen] == [False, False] + [True] * 6
    seen[5].is_public = False  # one of the six latest taken off sale
    seen[5].save()
    html = hit(visitor, url)
    assert [p.title in html for p in seen] == [False, True, True, True, True, False, True, True]


def test_a_change_to_a_recently_viewed_product_shows_on_the_next_page(shop):
    other_shop = factories.SellerFactory(display_name="Tổ hợp tác miến Bình Liêu")
    seen, visitor, url = viewer_of(shop, 2, seller=other_shop)
    visitor.get(url)
    assert seen[0].title in hit(visitor, url)
    record = seen[0].stockrecords.get()
    record.price = 123_000
    record.save()
    assert "123.000" in hit(visitor, url)
    seen[1].is_public = False  # taken off sale by its seller
    seen[1].save()
    html = hit(visitor, url)
    assert seen[0].title in html and seen[1].title not in html
    other_shop.status = other_shop.Status.SUSPENDED  # sells nothing any more
    other_shop.save()
    assert seen[0].title not in hit(visitor, url)


def test_a_basket_changed_while_the_cache_was_down_shows_after_it(shop, outage):
    url, product = shop["product"].get_absolute_url(), shop["product"]
    Client().get(url)
    shopper = buyer("Dung", product, 1)
    assert basket_count(hit(shopper, url)) == 1
    assert basket_count(hit(shopper, url)) == 1  # their parts are kept now
    outage(True)
    # The cache cannot hear of this add: the page is rendered for them meanwhile.
    added = shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    assert added.status_code == 302
    during = shopper.get(url)
    assert during.status_code == 200 and cache_state(during) is None
    assert basket_count(during.content.decode()) == 3
    outage(False)
    # Their parts kept before the outage are not used again: the count is the real one.
    for _ in range(2):
        assert basket_count(shopper.get(url).content.decode()) == 3
