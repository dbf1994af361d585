"""Versions of what pages show: one token per thing, and a page kept under the tokens it used.

A cached page records the things it was rendered from (``deps``), each with the token its
version had then: ``product:12`` (the product, its stock, price, photos, certificate,
reviews), ``seller:3``, ``category:4``, ``page:9`` (a Wagtail page: a story, the home
page), ``live:5``, and the sets a listing shows (``products``: which products are listed
and in what order; ``categories``, ``sellers``, ``stories``, ``lives``). Changing a thing
replaces its token, so exactly the pages that showed it are missed and rendered again: a
sale of product X misses X's page and the listings showing X's card, nothing else.

``all`` is in every page: replacing it misses everything (the demo loader, a change made
while the cache could not be told). ``clock`` is replaced whenever a live, a
certificate, an offer or a voucher changes; what only the clock changes (a live starting
or ending, a certificate no longer shown after its expiry day, an offer's or voucher's
window opening or closing) bumps nothing: ``next_change`` is the
moment the next such change is due, and a page is used only until then.

Tokens start with the moment they were made, so a render can tell whether a thing it
showed changed while it was rendering (the page is then not kept: it may show the old
row under the new token).
"""

from __future__ import annotations

import datetime
import secrets
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from oscar.core.loading import get_model

from livestream.models import LiveSession

ALL = "all"
CLOCK = "clock"
KEY_PREFIX = "pagecache:v:"

# Bumps that could not reach the cache (Redis down) are made good by this process as soon
# as the cache answers again, before it serves anything from it: ``all`` is replaced, so
# pages kept before the outage do not outlive a change made during it.
_pending = threading.Event()
# next_change() per clock token: every change it reads from replaces that token.
_next_change: dict[str, float] = {}
_next_change_lock = threading.Lock()


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


def key(tag: str) -> str:
    return KEY_PREFIX + tag


def new_token(at: float | None = None) -> str:
    return f"{time.time() if at is None else at:.6f}-{secrets.token_hex(4)}"


def made_at(token: str) -> float:
    """When ``token`` was made (epoch seconds); tokens that do not say are taken as new."""
    try:
        return float(token.split("-", 1)[0])
    except (AttributeError, ValueError):
        return float("inf")


def _get(cache, keys: list[str]) -> dict | None:
    try:
        return cache.get_many(keys)
    except Exception:  # an undecodable value, or a backend without IGNORE_EXCEPTIONS
        return None


def tokens(tags: Iterable[str]) -> dict[str, str] | None:
    """The current token of each tag (made when missing); ``None`` when the cache does not
    answer. One round trip when every tag has a token."""
    cache = page_cache()
    if cache is None:
        return None
    if _pending.is_set() and not _replace((ALL,)):
        return None  # still unreachable: serve nothing from it
    keys = {key(tag): tag for tag in tags}
    found = _get(cache, list(keys))
    if found is None:
        return None
    missing = [k for k in keys if not isinstance(found.get(k), str)]
    if missing:
        try:
            # A first token marks no change (made "at 0"): a render may be kept under it.
            for k in missing:
                cache.add(k, new_token(at=0), timeout=None)
        except Exception:
            return None
        again = _get(cache, missing)
        if again is None:
            return None
        found.update(again)
        if any(not isinstance(found.get(k), str) for k in missing):
            return None  # the cache did not keep them: it is not answering
    return {tag: found[k] for k, tag in keys.items()}


def _replace(tags: Iterable[str]) -> bool:
    """New tokens for ``tags``; False (and ``all`` replaced later) when the cache did not
    take them."""
    cache = page_cache()
    if cache is None:
        return True
    fresh = {key(tag): new_token() for tag in tags}
    try:
        cache.set_many(fresh, timeout=None)
        # Backends that swallow connection errors give no sign on set: read them back.
        stored = _get(cache, list(fresh)) == fresh
    except Exception:
        stored = False
    if stored:
        if ALL in tags:
            _pending.clear()
    else:
        _pending.set()
    return stored


def bump(*tags: str, using: str | None = None) -> None:
    """Miss every cached page showing one of ``tags`` (all pages when none is given), now
    and again when the current transaction commits.

    The second bump matters: a request that read the old rows after the first bump but
    before the commit may have kept them under the new token.
    """
    if page_cache() is None:
        return
    tags = tuple(dict.fromkeys(tags)) or (ALL,)
    _replace(tags)
    transaction.on_commit(lambda: _replace(tags), using=using)


def next_change(clock_token: str) -> float:
    """When (epoch seconds) the clock next changes what a page shows, under that token."""
    with _next_change_lock:
        found = _next_change.get(clock_token)
    if found is None:
        found = _due_change()
        with _next_change_lock:
            if len(_next_change) > 64:  # old tokens are never asked for again
                _next_change.clear()
            _next_change[clock_token] = found
    return found


def _due_change() -> float:
    OcopCertificate = get_model("catalogue", "OcopCertificate")
    now = timezone.now()
    moments = [now.timestamp() + settings.PAGE_CACHE_SECONDS]
    lives = LiveSession.objects.exclude(status=LiveSession.Status.CANCELLED).filter(
        ended_at__isnull=True
    )
    for field in ("starts_at", "ends_at"):
        moment = lives.filter(**{f"{field}__gt": now}).aggregate(m=Min(field))["m"]
        if moment is not None:
            moments.append(moment.timestamp())
    # Offers (live prices) and vouchers price baskets from their start until their end.
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    offers = ConditionalOffer.objects.filter(status=ConditionalOffer.OPEN)
    for rows in (offers, get_model("voucher", "Voucher").objects.all()):
        for field in ("start_datetime", "end_datetime"):
            moment = rows.filter(**{f"{field}__gt": now}).aggregate(m=Min(field))["m"]
            if moment is not None:
                moments.append(moment.timestamp())
    # A verified certificate is shown up to and including its expiry day (catalog.selectors).
    last_day = OcopCertificate.objects.filter(
        status=OcopCertificate.Status.VERIFIED, expires_on__gte=timezone.localdate()
    ).aggregate(d=Min("expires_on"))["d"]
    if last_day is not None:
        midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
        moments.append(timezone.make_aware(midnight).timestamp())
    return min(moments)
