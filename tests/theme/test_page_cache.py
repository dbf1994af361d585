"""Anonymous pages come from the page cache, and never show stale or someone else's data."""

import gzip
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from sellers import services as seller_services
from sellers.models import CommuneStaff, Seller
from tests import factories

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def urls_of(shop) -> dict[str, str]:
    return {
        "catalogue": reverse("catalogue:index"),
        "product": shop["product"].get_absolute_url(),
        "seller": reverse("sellers:detail", args=[shop["seller"].slug]),
        "story": shop["story"].url,
        "home": "/",
    }


@pytest.mark.parametrize("kind", ["catalogue", "product", "seller", "story", "home"])
def test_second_anonymous_visit_is_a_cache_hit_without_sql(shop, kind, django_assert_num_queries):
    url = urls_of(shop)[kind]
    first = Client().get(url)
    assert first.status_code == 200
    assert cache_state(first) == "miss"
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert cache_state(second) == "hit"
    assert second.status_code == 200
    assert shop["product"].title in second.content.decode()


def test_hits_are_counted_per_page_and_language(shop):
    visitor = Client()
    urls = list(urls_of(shop).values())
    states = []
    for url in urls * 3:
        states.append(cache_state(visitor.get(url)))
    assert "csrftoken" in visitor.cookies
    assert states.count("miss") == len(urls)
    assert states.count("hit") == 2 * len(urls)
    english = visitor.get("/en" + urls_of(shop)["product"])
    assert cache_state(english) == "miss"
    assert english.headers["Content-Language"] == "en"


def _change_title(shop):
    shop["product"].title = "Chè Shan Tuyết đặc biệt"
    shop["product"].save()
    return "Chè Shan Tuyết đặc biệt"


def _change_price(shop):
    record = shop["product"].stockrecords.get()
    record.price = Decimal("275000")
    record.save()
    return "275.000"


def _sell_out(shop):
    record = shop["product"].stockrecords.get()
    before = Client().get(shop["product"].get_absolute_url()).content.decode()
    record.num_in_stock = 0
    record.save()
    return before


def _change_certificate(shop):
    certificate = shop["product"].ocop_certificates.get()
    certificate.stars = 5
    certificate.save()


def _rename_seller(shop):
    shop["seller"].display_name = "Hợp tác xã chè Vĩnh Tuy"
    shop["seller"].save()
    return "Hợp tác xã chè Vĩnh Tuy"


CHANGES = {
    "product": _change_title,
    "price": _change_price,
    "seller": _rename_seller,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("kind", ["catalogue", "product", "seller", "story"])
def test_a_change_shows_at_once_on_every_cached_page(
    shop, change, kind, django_capture_on_commit_callbacks
):
    url = urls_of(shop)[kind]
    Client().get(url)
    assert cache_state(Client().get(url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        expected = CHANGES[change](shop)
    fresh = Client().get(url, follow=True)  # a renamed product has moved to its new address
    assert cache_state(fresh) == "miss"
    assert expected in fresh.content.decode()


def test_stock_certificate_story_and_livestream_changes_invalidate(
    shop, django_capture_on_commit_callbacks
):
    from livestream.models import LiveProduct, LiveSession

    url = shop["product"].get_absolute_url()
    changes = [
        lambda: _sell_out(shop),
        lambda: _change_certificate(shop),
        lambda: shop["story"].save_revision().publish(),
        lambda: LiveProduct.objects.create(
            live=LiveSession.objects.create(
                seller=shop["seller"],
                title="Hái chè buổi sáng",
                platform=LiveSession.Platform.YOUTUBE,
                stream_url="https://www.youtube.com/watch?v=abcdefghijk",
                starts_at=timezone.now() + timedelta(hours=1),
                ends_at=timezone.now() + timedelta(hours=2),
                created_by=factories.UserFactory(),
            ),
            product=shop["product"],
            sort=1,
        ),
    ]
    for change in changes:
        Client().get(url)
        assert cache_state(Client().get(url)) == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert cache_state(Client().get(url)) == "miss"


def test_suspending_a_seller_hides_its_cached_pages_at_once(
    shop, django_capture_on_commit_callbacks
):
    seller, product = shop["seller"], shop["product"]
    urls = urls_of(shop)
    for url in (urls["catalogue"], urls["product"], urls["seller"]):
        Client().get(url)
        assert cache_state(Client().get(url)) == "hit"
    staff = factories.UserFactory()
    CommuneStaff.objects.create(user=staff, commune=seller.commune)
    with django_capture_on_commit_callbacks(execute=True):
        seller_services.decide(actor=staff, seller=seller, decision="suspend", reason="Hàng giả")
    assert Seller.objects.get(pk=seller.pk).status == Seller.Status.SUSPENDED
    assert Client().get(urls["product"]).status_code == 404
    assert Client().get(urls["seller"]).status_code == 404
    assert product.title not in Client().get(urls["catalogue"]).content.decode()


def test_a_new_visitor_can_add_to_basket_from_a_cached_page(shop):
    url = shop["product"].get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(url).content.decode()).group(1)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert cache_state(page) == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert token != first_token
    assert visitor.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": shop["product"].pk}),
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302
    basket = Basket.objects.get()
    assert basket.num_items == 1
    # With a basket the visitor gets the shared page, their own basket in its header.
    after = visitor.get(url)
    assert cache_state(after) == "hit"
    assert '<span class="count">1</span>' in after.content.decode()
    assert '<span class="count">0</span>' in Client().get(url).content.decode()


def test_gzipped_hit_is_the_page_with_this_visitors_tokens(shop):
    url = shop["product"].get_absolute_url()
    plain = Client().get(url).content.decode()
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert cache_state(response) == "hit"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    html = gzip.decompress(response.content).decode()
    assert TOKEN.sub("", html) == TOKEN.sub("", plain)
    token = TOKEN.search(html).group(1)
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": shop["product"].pk}),
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302


def test_signed_in_and_basket_pages_never_reach_strangers(shop):
    url = shop["product"].get_absolute_url()
    buyer = factories.UserFactory()
    signed_in = Client()
    signed_in.force_login(buyer)
    account = f'href="{reverse("customer:summary")}"'
    own = signed_in.get(url)
    assert cache_state(own) is None
    assert account in own.content.decode()
    stranger = Client().get(url)
    assert cache_state(stranger) == "miss"
    assert account not in stranger.content.decode()
    assert account not in Client().get(url).content.decode()

    # Once the page is shared, the signed-in buyer gets it with their own links.
    again = signed_in.get(url)
    assert cache_state(again) == "hit" and account in again.content.decode()

    shopper = Client()
    shopper.get(url)
    shopper.post(
        reverse("basket:add", kwargs={"pk": shop["product"].pk}), {"quantity": 2}, follow=True
    )
    own_basket = shopper.get(url)
    assert cache_state(own_basket) == "hit"
    assert '<span class="count">2</span>' in own_basket.content.decode()
    anonymous = Client().get(url)
    assert cache_state(anonymous) == "hit"
    assert '<span class="count">0</span>' in anonymous.content.decode()
    assert account not in anonymous.content.decode()


def test_a_page_that_adds_a_message_is_not_cached(shop):
    url = reverse("catalogue:index") + "?page=99"
    first = Client().get(url)
    assert first.status_code == 200
    assert cache_state(first) is None
    assert cache_state(Client().get(url)) is None


def test_revalidation_gets_304_until_the_page_changes(shop, django_capture_on_commit_callbacks):
    url = shop["product"].get_absolute_url()
    visitor = Client()
    first = visitor.get(url)
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert "private" in first.headers["Cache-Control"]
    again = visitor.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    # Another visitor's copy holds another CSRF secret: its ETag differs.
    assert Client().get(url).headers["ETag"] != etag
    with django_capture_on_commit_callbacks(execute=True):
        _change_price(shop)
    changed = visitor.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "275.000" in changed.content.decode()


def test_no_page_cache_without_a_pages_cache(settings):
    product = factories.sellable_product()
    settings.CACHES = {k: v for k, v in settings.CACHES.items() if k != "pages"}
    response = Client().get(product.get_absolute_url())
    assert response.status_code == 200
    assert cache_state(response) is None


def test_a_version_changed_by_another_process_ends_this_processs_copy(shop):
    from themes.performance import versions

    visitor = Client()  # one handler: the same middleware, as in one web process
    url = urls_of(shop)["seller"]
    assert cache_state(visitor.get(url)) == "miss"
    assert cache_state(visitor.get(url)) == "hit"
    # Another web process saved the seller: it only replaced the seller's shared token.
    tag = f"seller:{shop['seller'].pk}"
    versions.page_cache().set(versions.key(tag), versions.new_token(), timeout=None)
    assert cache_state(visitor.get(url)) == "miss"
    assert cache_state(visitor.get(url)) == "hit"
