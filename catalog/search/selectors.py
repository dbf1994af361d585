"""Reads for the search pages: products with facets, suggestions, stories, popular items.

Whatever happens to the search server, these answer: a backend error is logged and the
database answers instead (``result.degraded``). After a connection failure the search
server is left alone for ``COOLDOWN_SECONDS``, so an outage costs one slow request, not
a timeout on every page.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, When
from django.utils import timezone
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import NotFoundError
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from catalog.stories.models import (
    HIDDEN_SELLER_STATUSES,
    ProducerStoryPage,
    ProductStoryPage,
    story_seller,
)
from marketplace.text import fold

from .analysis import clean_text, correct_text, folded_words
from .backends import SearchQuery, SearchResult, Suggestion, get_backend
from .backends.database import DatabaseBackend
from .models import visible_rows
from .products import NEWEST, hydrate
from .vocabulary import catalogue_fingerprint, vocabulary

logger = logging.getLogger(__name__)

COOLDOWN_SECONDS = 15.0
_resting_until: dict[str, float] = {}


POPULAR_SECONDS = 300


def _server_key() -> str:
    return settings.ELASTICSEARCH_URL


def reset_cooldown() -> None:
    """Forget past connection failures (tests, or an operator who fixed the server)."""
    _resting_until.clear()


def _call(method: str, *args):
    """Call ``method`` on the configured backend, or on the database if that fails."""
    try:
        backend = get_backend()
    except Exception:  # misconfigured (no URL, bad path): still serve from the database
        logger.exception("Search backend could not be set up; answering from the database")
        return getattr(DatabaseBackend(), method)(*args), True
    if backend.has_external_index:
        key = _server_key()
        if _resting_until.get(key, 0) > time.monotonic():
            return getattr(DatabaseBackend(), method)(*args), True
        try:
            return getattr(backend, method)(*args), False
        except (TransportConnectionError, ConnectionTimeout):
            _resting_until[key] = time.monotonic() + COOLDOWN_SECONDS
            logger.warning("Search server unreachable; the database answers for a while")
        except Exception:
            logger.exception("Search backend failed; answering from the database")
    return getattr(DatabaseBackend(), method)(*args), backend.has_external_index


def _search(query: SearchQuery) -> SearchResult:
    result, degraded = _call("search", query)
    result.degraded = result.degraded or degraded
    if result.total and not result.products and query.page > 1:
        # Past the last page (an old link, a hand-typed number): show the first page.
        result, degraded = _call("search", replace(query, page=1))
        result.degraded = result.degraded or degraded
    return result


def search_products(query: SearchQuery) -> SearchResult:
    """Products for ``query``, forgiving typos; never raises because of the search server.

    When nothing matches, the text is corrected word by word against the catalogue's
    vocabulary. If every word could be corrected and the correction finds products,
    they are shown (``corrected_from`` says what the buyer typed); if words had to be
    dropped, the correction is only offered as ``suggestion`` ("Did you mean …?").
    """
    result = _search(query)
    if result.total or not fold(query.text).strip():
        return result
    corrected, dropped = correct_text(query.text, *vocabulary())
    if not corrected or corrected == " ".join(folded_words(query.text)):
        return result
    retry = _search(replace(query, text=corrected, page=1))
    if not retry.total:
        return result
    if dropped:
        result.suggestion = corrected
        return result
    retry.corrected_from = query.text
    return retry


def suggest(text: str, limit: int = 8) -> list[Suggestion]:
    """Products and sellers whose names start like ``text`` (at least two characters)."""
    if len(fold(text).strip()) < 2:
        return []
    suggestions, _ = _call("suggest", text, limit)
    return suggestions


def _popular_ids(limit: int) -> list[int]:
    # From the search rows: the ranking starts on their purchases index, not on a
    # computation over every product.
    valid_stars = Case(When(ocop_until__gte=timezone.localdate(), then=F("ocop_stars")))
    ranked = (
        visible_rows()
        .alias(valid_stars=valid_stars)
        .order_by(
            F("popularity").desc(),
            F("valid_stars").desc(nulls_last=True),
            *NEWEST,
        )
    )
    return list(ranked.values_list("product_id", flat=True)[:limit])


def popular_products(limit: int = 8) -> list:
    """Best-selling searchable products, then the best-rated and newest: for empty results.

    The ranking is cached for a few minutes; the cards are loaded fresh (a product sold
    out meanwhile is left out).
    """
    key = f"search:popular:{limit}:{catalogue_fingerprint()}"
    ids = cache.get_or_set(key, lambda: _popular_ids(limit), POPULAR_SECONDS)
    return hydrate(ids)


def matching_stories(text: str, limit: int = 3) -> list:
    """Live producer and product stories for ``text``, through Wagtail's search backend.

    Wagtail's default backend is Elasticsearch when configured; if it fails, its
    database backend (always kept up to date too) answers, and failing that, none.
    """

    def shown(page) -> bool:  # a suspended seller's stories vanish with its products
        seller = story_seller(page)
        return seller is None or seller.status not in HIDDEN_SELLER_STATUSES

    text = clean_text(text)
    if not folded_words(text):
        return []
    seconds = settings.SEARCH_RESULT_CACHE_SECONDS
    key = "search:stories:" + hashlib.sha256(f"{limit}:{text}".encode()).hexdigest()
    kept = None
    if seconds > 0:
        with contextlib.suppress(Exception):  # the cache down or an undecodable entry
            kept = cache.get(key)
    if isinstance(kept, list):
        # The same words asked again: the stories found then, if still live and shown.
        pages = {page.pk: page for page in Page.objects.live().filter(pk__in=kept).specific()}
        return [pages[pk] for pk in kept if pk in pages and shown(pages[pk])]
    found = _search_stories(text, limit, shown)
    if seconds > 0 and found is not None:
        with contextlib.suppress(Exception):
            cache.set(key, [page.pk for page in found], seconds)
    return found or []


def _search_stories(text: str, limit: int, shown) -> list | None:
    """Stories for ``text`` through Wagtail's backends; None when none could answer."""
    names = ["default"] + (["database"] if "database" in settings.WAGTAILSEARCH_BACKENDS else [])
    if len(names) > 1 and _resting_until.get(_server_key(), 0) > time.monotonic():
        names = names[1:]  # the search server is known to be down: do not wait for it
    for name in names:
        try:
            backend = get_search_backend(name)
            found = []
            for model in (ProductStoryPage, ProducerStoryPage):
                results = backend.search(text, model.objects.live(), operator="and")
                found.extend(page for page in results[: limit * 2] if shown(page))
            return found[:limit]
        except NotFoundError:
            # No story index yet (`search_reindex` builds it): the database one answers.
            logger.warning("No story index on the %s search backend", name)
        except (TransportConnectionError, ConnectionTimeout):
            _resting_until[_server_key()] = time.monotonic() + COOLDOWN_SECONDS
            logger.warning("Search server unreachable for stories; using the database")
        except Exception:
            logger.exception("Story search failed on the %s backend", name)
    return None
