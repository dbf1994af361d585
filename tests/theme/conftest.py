"""Fixtures for the theme's speed and page checks."""

import uuid

import pytest
from django.core.cache import caches

from catalog.stories import access
from tests import factories
from themes.performance import versions


@pytest.fixture
def page_cache(settings):
    """Page caching on, in a private in-process cache (the test settings have none)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"theme-pages-{uuid.uuid4().hex}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
    cache = caches["pages"]
    cache.clear()
    yield cache
    cache.clear()


def published_story(seller):
    page = access.ensure_producer_story(seller)
    page.save_revision().publish()
    return page


@pytest.fixture
def shop(page_cache, django_capture_on_commit_callbacks):
    """A seller with a product on sale, a certificate and a published story."""
    with django_capture_on_commit_callbacks(execute=True):
        seller = factories.SellerFactory(display_name="Hợp tác xã chè Tân Lập")
        product = factories.sellable_product(seller=seller, title="Chè Shan Tuyết Tân Lập")
        factories.OcopCertificateFactory(product=product, stars=4)
        story = published_story(seller)
    return {"seller": seller, "product": product, "story": story}


@pytest.fixture
def outage(settings, page_cache):
    """Switch the pages cache to a Redis that does not answer; call it again to end it."""
    working = settings.CACHES["pages"]

    def switch(down: bool):
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": "redis://127.0.0.1:9/0",  # discard port: nothing listens
                "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
            }
            if down
            else working,
        }

    yield switch
    versions._pending.clear()
