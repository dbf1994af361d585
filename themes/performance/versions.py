"""The catalogue version: one token that every cached page's key contains.

Changing what a cached page shows (a product, its stock or price, a seller's status, a
story, a certificate, a livestream) replaces the token, so every cached page is missed at
once and rendered again from the database. One token for the whole catalogue keeps the
invalidation obviously right: listings, home and story pages show many products, and
writes are rare next to anonymous reads.

What only the clock changes (a live starting or ending, a certificate no longer shown after
its expiry day) bumps nothing: ``next_change`` is the moment the next such change is due,
and a page rendered under a version is used only until then.
"""

from __future__ import annotations

import datetime
import secrets
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from oscar.core.loading import get_model

from livestream.models import LiveSession

VERSION_KEY = "pagecache:version"

# A bump that could not reach the cache (Redis down) is retried by this process as soon
# as the cache answers again, before it serves anything from it: pages kept before the
# outage must not outlive a change made during it.
_pending = threading.Event()
# next_change() per version token: every change it reads from bumps the version.
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


def _read(cache) -> str | None:
    try:
        version = cache.get(VERSION_KEY)
    except Exception:  # an undecodable value, or a backend without IGNORE_EXCEPTIONS
        return None
    return version if isinstance(version, str) else None


def current() -> str | None:
    """The current version token; ``None`` when the cache does not answer."""
    cache = page_cache()
    if cache is None:
        return None
    if _pending.is_set() and not _replace():
        return None  # still unreachable: serve nothing from it
    version = _read(cache)
    if version is None:
        try:
            cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        except Exception:
            return None
        version = _read(cache)
    return version


def _replace() -> bool:
    """A new token in the cache; False (and a retry later) when the cache did not take it."""
    cache = page_cache()
    if cache is None:
        return True
    token = secrets.token_hex(8)
    try:
        cache.set(VERSION_KEY, token, timeout=None)
        # Backends that swallow connection errors give no sign on set: read it back.
        stored = cache.get(VERSION_KEY) == token
    except Exception:
        stored = False
    if stored:
        _pending.clear()
    else:
        _pending.set()
    return stored


def bump(using: str | None = None) -> None:
    """Invalidate every cached page, now and again when the current transaction commits.

    The second bump matters: a request that read the old rows after the first bump but
    before the commit may have cached them under the new token.
    """
    if page_cache() is None:
        return
    _replace()
    transaction.on_commit(_replace, using=using)


def next_change(version: str) -> float:
    """When (epoch seconds) the clock next changes what a page shows, under ``version``."""
    with _next_change_lock:
        found = _next_change.get(version)
    if found is None:
        found = _due_change()
        with _next_change_lock:
            if len(_next_change) > 64:  # old tokens are never asked for again
                _next_change.clear()
            _next_change[version] = found
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
    # A verified certificate is shown up to and including its expiry day (catalog.selectors).
    last_day = OcopCertificate.objects.filter(
        status=OcopCertificate.Status.VERIFIED, expires_on__gte=timezone.localdate()
    ).aggregate(d=Min("expires_on"))["d"]
    if last_day is not None:
        midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
        moments.append(timezone.make_aware(midnight).timestamp())
    return min(moments)
