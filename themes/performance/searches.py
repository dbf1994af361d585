"""Search pages in the page cache, within a fixed budget.

Buyers ask the same few things again and again ("chè shan tuyết", "mật ong"), so a search
page, and a catalogue page with a search string, may be kept like any other page. But
anyone can type any string, so a search address is kept only

- when it was asked before: its first request leaves a marker (``seen``) and renders the
  page without keeping it; a second request within ``PAGE_CACHE_SECONDS`` keeps it;
- in one of ``PAGE_CACHE_SEARCH_SLOTS`` places: the address's hash picks a place, and
  keeping a page there drops the page held there before.

So at most that many search pages are ever stored, whatever strings arrive, and a flood of
new strings costs the renders it would have cost anyway (and meets the search rate limit)
while popular searches come back into the cache after their next two requests. The
markers are as bounded as the places: one per place.
"""

from __future__ import annotations

import contextlib

from django.conf import settings

SEARCH_PARAM = "q"
SEEN = "pagecache:search-seen:"
PLACE = "pagecache:search-place:"


def slots() -> int:
    return max(0, getattr(settings, "PAGE_CACHE_SEARCH_SLOTS", 0))


def is_search(request) -> bool:
    return SEARCH_PARAM in request.GET


def _place(key: str) -> int:
    # Page keys end with a SHA-256 in hex: its last 12 digits spread evenly.
    return int(key[-12:], 16) % slots()


def admit(cache, key: str) -> bool:
    """Whether the page at ``key`` may be kept now (it was asked before); if not, this
    request is remembered so that the next one may."""
    if not slots():
        return False
    marker = f"{SEEN}{_place(key)}"
    try:
        if cache.get(marker) == key:
            return True
        cache.set(marker, key, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # the cache does not answer: nothing is kept anyway
        return False
    return False


def claim(cache, key: str) -> None:
    """The page at ``key`` was kept: it takes its place, and the page held there goes."""
    place = f"{PLACE}{_place(key)}"
    with contextlib.suppress(Exception):
        previous = cache.get(place)
        if previous and previous != key:
            cache.delete(previous)
        cache.set(place, key, timeout=settings.PAGE_CACHE_SECONDS)
