"""The catalogue version: one token that every cached page's key contains.

Changing what a cached page shows (a product, its stock or price, a seller's status, a
story, a certificate, a livestream) replaces the token, so every cached page is missed at
once and rendered again from the database. One token for the whole catalogue keeps the
invalidation obviously right: listings, home and story pages show many products, and
writes are rare next to anonymous reads.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "pagecache:version"


def page_cache():
    """The cache that holds pages, or ``None`` when page caching is switched off.

    Page caching needs a cache shared by every web process (Redis, or files on one
    machine): a per-process cache would keep serving a page another process invalidated.
    It is off when ``CACHES`` has no entry named by ``PAGE_CACHE_ALIAS``.
    """
    alias = getattr(settings, "PAGE_CACHE_ALIAS", "")
    if not alias or alias not in settings.CACHES:
        return None
    return caches[alias]


def current() -> str | None:
    """The current version token; ``None`` when the cache does not answer."""
    cache = page_cache()
    if cache is None:
        return None
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _replace() -> None:
    cache = page_cache()
    if cache is not None:
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def bump(using: str | None = None) -> None:
    """Invalidate every cached page, now and again when the current transaction commits.

    The second bump matters: a request that read the old rows after the first bump but
    before the commit may have cached them under the new token.
    """
    if page_cache() is None:
        return
    _replace()
    transaction.on_commit(_replace, using=using)
