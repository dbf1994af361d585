"""Fixtures for the theme's speed and page checks."""

import uuid

import pytest
from django.core.cache import caches


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
