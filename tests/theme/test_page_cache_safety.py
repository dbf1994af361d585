"""The page cache cannot be flooded, survives a cache outage, and follows every kind of change.

Each test changes something the way the site does (a search address, a cookie, a broken
entry, Redis going away, the clock, a refused COD parcel) and checks the page the next
visitor sees.
"""

import json
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from livestream.models import LiveProduct, LiveSession
from marketplace.order.models import Fulfilment
from marketplace.order.services import update_fulfilment
from marketplace.payments.services import start_payment
from marketplace.security import ratelimit
from tests import factories
from tests.checkout.helpers import basket_with, place
from themes.performance import middleware

pytestmark = pytest.mark.django_db


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


@pytest.fixture
def product(page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return factories.sellable_product(title="Mật ong bạc hà Đồng Văn")


def test_recently_viewed_cookie_does_not_split_the_cache(product):
    url = product.get_absolute_url()
    assert cache_state(Client().get(url)) == "miss"
    browsing = Client()
    browsing.cookies["oscar_history"] = "[999999]"
    page = browsing.get(url)
    # One shared copy for every visitor, whatever they viewed before.
    assert cache_state(page) == "hit"
    assert product.title in page.content.decode()
    # Their own list gains this product; it is not the list of whoever caused the render.
    assert json.loads(page.cookies["oscar_history"].value) == [999999, product.pk]
    fresh = Client().get(url)
    assert json.loads(fresh.cookies["oscar_history"].value) == [product.pk]


def test_unknown_parameters_are_never_stored(product, page_cache):
    for address in ("/?utm=x", f"{reverse('catalogue:index')}?q=ong&utm=x"):
        for _ in range(3):
            assert cache_state(Client().get(address)) is None
    # Positive control: the catalogue's own filters and order are cached, in any order.
    catalogue = reverse("catalogue:index")
    assert cache_state(Client().get(f"{catalogue}?sort=newest&page=1")) == "miss"
    assert cache_state(Client().get(f"{catalogue}?page=1&sort=newest")) == "hit"
    page_keys = [k for k in page_cache._cache if ":pagecache:page:" in k]
    assert len(page_keys) == 1


def test_a_search_is_kept_from_its_second_request(product, page_cache):
    for address in (f"{reverse('search:search')}?q=mật+ong", f"{reverse('catalogue:index')}?q=ong"):
        first = Client().get(address)
        assert cache_state(first) is None  # asked once: rendered, not kept
        assert product.title in first.content.decode()
        assert cache_state(Client().get(address)) == "miss"  # asked again: kept
        again = Client().get(address)
        assert cache_state(again) == "hit"
        assert product.title in again.content.decode()


def test_search_strings_cannot_fill_the_cache(product, page_cache, settings):
    settings.PAGE_CACHE_SEARCH_SLOTS = 4
    search = reverse("search:search")
    for n in range(40):  # forty different strings, each asked twice
        for _ in range(2):
            assert Client().get(search, {"q": f"zzz{n}"}).status_code == 200
    page_keys = [k for k in page_cache._cache if ":pagecache:page:" in k]
    assert 1 <= len(page_keys) <= 4
    markers = [k for k in page_cache._cache if ":pagecache:search-" in k]
    assert len(markers) <= 2 * 4
    # Nothing else stood in their way: a listing page is still kept.
    assert cache_state(Client().get(reverse("catalogue:index"))) == "miss"
    assert cache_state(Client().get(reverse("catalogue:index"))) == "hit"


def test_search_pages_can_be_switched_off(product, page_cache, settings):
    settings.PAGE_CACHE_SEARCH_SLOTS = 0
    address = f"{reverse('search:search')}?q=mật+ong"
    for _ in range(3):
        assert cache_state(Client().get(address)) is None
    assert not [k for k in page_cache._cache if ":pagecache:page:" in k]


def test_catalogue_search_strings_share_the_search_rate_limit(product, settings, monkeypatch):
    # The limiter's clock held inside one window (a minute turning mid-test would reset it).
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    caches["default"].clear()
    settings.RATE_LIMITS_ENABLED = True
    settings.SECURITY_RATE_LIMITS = {
        **settings.SECURITY_RATE_LIMITS,
        "catalogue:index": {**settings.SECURITY_RATE_LIMITS["catalogue:index"], "rate": "3/m"},
        "search:search": {"rate": "3/m", "methods": ["GET"]},
    }
    visitor = Client()
    catalogue = reverse("catalogue:index")
    # Browsing without a search string is not counted (and comes from the cache).
    for _ in range(5):
        assert visitor.get(catalogue).status_code == 200
    answers = [visitor.get(f"{catalogue}?q=mật+ong+{n}").status_code for n in range(3)]
    assert answers == [200, 200, 200]
    limited = visitor.get(f"{catalogue}?q=chè")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"]
    # One budget with the search page.
    assert visitor.get(reverse("search:search"), {"q": "chè"}).status_code == 429
    assert visitor.get(catalogue).status_code == 200
    caches["default"].clear()


def test_an_entry_that_does_not_decode_is_a_miss(product, page_cache):
    url = product.get_absolute_url()
    assert cache_state(Client().get(url)) == "miss"
    (key,) = [k for k in page_cache._cache if ":pagecache:page:" in k]
    page_cache._cache[key] = b"\x80\x05not a pickle"  # what damaged bytes look like
    page = Client(raise_request_exception=True).get(url)
    assert page.status_code == 200
    assert cache_state(page) == "miss"
    assert product.title in page.content.decode()
    assert cache_state(Client().get(url)) == "hit"


def test_redis_down_pages_still_served_and_nothing_stale_after(
    product, outage, django_capture_on_commit_callbacks
):
    url = product.get_absolute_url()
    listing = reverse("catalogue:index")
    for page in (url, listing):
        Client().get(page)
        assert cache_state(Client().get(page)) == "hit"
    outage(True)
    during = Client().get(url)
    assert during.status_code == 200
    assert cache_state(during) is None
    # A price change while the cache cannot hear about it.
    with django_capture_on_commit_callbacks(execute=True):
        record = product.stockrecords.get()
        record.price = 99000
        record.save()
    assert "99.000" in Client().get(url).content.decode()
    # The listing's cards are rendered too (their kept copies cannot be checked).
    assert "99.000" in Client().get(listing).content.decode()
    outage(False)
    for page in (url, listing):
        after = Client().get(page)
        assert cache_state(after) == "miss"
        assert "99.000" in after.content.decode()
        assert "150.000" not in after.content.decode()


def test_a_livestream_ending_renders_its_pages_again_on_time(page_cache):
    seller = factories.SellerFactory()
    product = factories.sellable_product(seller=seller, title="Chè búp Shan Tuyết")
    Client().get(reverse("catalogue:index"))  # a first render is slow: not inside the window
    now = timezone.now()
    live = LiveSession.objects.create(
        seller=seller,
        title="Hái chè buổi sáng",
        platform=LiveSession.Platform.YOUTUBE,
        stream_url="https://www.youtube.com/watch?v=abcdefghijk",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(seconds=3),
        created_by=factories.UserFactory(),
    )
    LiveProduct.objects.create(live=live, product=product, sort=1)
    # The catalogue's "in a livestream" filter reads the live's end from the database.
    url = reverse("catalogue:index") + "?live=on"
    first = Client().get(url)
    assert product.title in first.content.decode()
    assert cache_state(Client().get(url)) == "hit"
    time.sleep(max(0.0, (live.ends_at - timezone.now()).total_seconds()) + 0.1)
    # Nothing was saved, only the clock moved: the page is rendered again, not replayed.
    assert cache_state(Client().get(url)) == "miss"


def test_a_page_showing_a_certificate_is_kept_no_later_than_its_last_day(page_cache):
    product = factories.sellable_product()
    certificate = factories.OcopCertificateFactory(product=product, stars=4)
    url = product.get_absolute_url()
    Client().get(url)
    (stored,) = [k.split(":", 2)[2] for k in page_cache._cache if ":pagecache:page:" in k]
    entry = page_cache.get(stored)
    day_after = datetime.combine(certificate.expires_on + timedelta(days=1), datetime.min.time())
    assert entry.valid_until <= timezone.make_aware(day_after).timestamp()
    # Past that moment the stored copy is not used.
    entry.valid_until = time.time() - 1
    page_cache.set(stored, entry)
    assert cache_state(Client().get(url)) == "miss"


def test_a_recently_viewed_entry_is_kept_no_later_than_its_certificates_last_day(page_cache):
    certified = factories.sellable_product()
    certificate = factories.OcopCertificateFactory(product=certified, stars=4)
    certificate.expires_on = timezone.localdate()  # its last day is today
    type(certificate).objects.filter(pk=certificate.pk).update(expires_on=certificate.expires_on)
    other = factories.sellable_product()
    visitor = Client()
    visitor.get(certified.get_absolute_url())
    page = visitor.get(other.get_absolute_url())
    assert certified.title in page.content.decode()  # in their recently viewed products
    keys = [k for k in page_cache._cache if ":pagecache:viewedcard:" in k]
    assert keys
    day_after = datetime.combine(certificate.expires_on + timedelta(days=1), datetime.min.time())
    assert all(
        page_cache._expire_info[k] <= timezone.make_aware(day_after).timestamp() for k in keys
    )


def test_a_refused_cod_parcel_back_in_stock_shows_on_the_cached_page(
    page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product = factories.sellable_product()
        order = place(basket_with(product, quantity=20))
        start_payment(order=order, method="cod")
        member = factories.SellerMemberFactory(seller=product.seller)
        part = order.fulfilments.get()
        for status in ("confirmed", "packed", "shipped"):
            part = update_fulfilment(fulfilment=part, status=status, actor=member.user, cod=True)
    url = product.get_absolute_url()
    Client().get(url)
    sold_out = Client().get(url)
    assert cache_state(sold_out) == "hit"
    assert "availability outofstock" in sold_out.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        update_fulfilment(
            fulfilment=part, status=Fulfilment.Status.REFUSED, actor=member.user, cod=True
        )
    back = Client().get(url)
    assert cache_state(back) == "miss"
    assert "availability instock" in back.content.decode()


def test_a_page_being_rendered_is_waited_for_not_rendered_again(product, page_cache, monkeypatch):
    url = product.get_absolute_url()
    assert cache_state(Client().get(url)) == "miss"
    (stored,) = [k[k.index("pagecache:") :] for k in page_cache._cache if ":pagecache:page:" in k]
    entry = page_cache.get(stored)
    # Another request is rendering the page: it is not there yet.
    page_cache.delete(stored)
    page_cache.add(stored + middleware.RENDERING, 1)
    waits = []

    def other_render_finishes(seconds):
        waits.append(seconds)
        page_cache.set(stored, entry)
        page_cache.delete(stored + middleware.RENDERING)

    monkeypatch.setattr(middleware.time, "sleep", other_render_finishes)
    with CaptureQueriesContext(connection) as rendering:
        page = Client().get(url)
    assert cache_state(page) == "hit" and len(waits) == 1
    assert product.title in page.content.decode()
    assert len(rendering) == 0  # served what the other request rendered

    # A render that never finishes is waited for a short while only, then done here.
    page_cache.delete(stored)
    page_cache.add(stored + middleware.RENDERING, 1)
    monkeypatch.setattr(middleware.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(middleware, "RENDER_WAIT_SECONDS", 0.05)
    page = Client().get(url)
    assert cache_state(page) == "miss" and product.title in page.content.decode()
