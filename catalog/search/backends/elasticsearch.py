"""Search on Elasticsearch (``elasticsearch.dsl``), used when ``ELASTICSEARCH_URL`` is set.

Readers and writers go through the alias ``<prefix>-products``; ``reindex()`` builds a
new index next to it and swaps the alias in one atomic call, so searches keep being
answered during a rebuild. While a rebuild runs, the new index also carries the alias
``<prefix>-products-next`` and single-product updates are written to both, so nothing
changed during the rebuild is lost when the alias moves.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from elasticsearch.helpers import bulk, scan, streaming_bulk

from ..analysis import folded_words
from ..connection import get_client
from ..documents import (
    ProductDocument,
    build_document,
    index_action,
    is_searchable,
    products_for_index,
)
from ..lookups import seller_suggestions
from ..products import live_until_by_product, result_page
from . import SearchBackend, SearchQuery, SearchResult, Suggestion
from .es_query import build_search, build_suggest, read_facets, read_highlights

logger = logging.getLogger(__name__)

# Elasticsearch refuses from + size beyond this (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
# Searches must fail fast (the page falls back to the database). Updates of a few
# products may take a little longer; a rebuild's bulk requests of thousands of
# documents longer still.
UPDATE_TIMEOUT_SECONDS = 15
REBUILD_TIMEOUT_SECONDS = 120


class IndexWriteError(Exception):
    """The engine answered but refused some writes."""


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    has_external_index = True

    def __init__(self):
        self.client = get_client()
        self.updater = self.client.options(request_timeout=UPDATE_TIMEOUT_SECONDS)
        self.writer = self.client.options(request_timeout=REBUILD_TIMEOUT_SECONDS)
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        self.alias = f"{prefix}-products"
        self.next_alias = f"{prefix}-products-next"

    # --- reading ---------------------------------------------------------------------

    def raw_search(self, query: SearchQuery):
        """The Elasticsearch response for ``query`` (no database access)."""
        if query.offset + query.per_page > MAX_RESULT_WINDOW:
            query = _first_page(query)
        return build_search(self.client, self.alias, query).execute()

    def search(self, query: SearchQuery) -> SearchResult:
        ids, total, facets, highlights = self._answer(query)
        return result_page(
            query,
            ids,
            total=total,
            facets=facets,
            backend=self.name,
            marks=lambda product: highlights.get(product.pk, (None, None)),
        )

    def _answer(self, query: SearchQuery) -> tuple:
        """The engine's answer: ids, total, facets, marks; the same question asked again
        within ``SEARCH_RESULT_CACHE_SECONDS`` is answered from the cache.

        Only which products match, in what order, is kept: the cards are read from the
        database (a product sold out or hidden meanwhile is left out, prices are current).
        """
        seconds = settings.SEARCH_RESULT_CACHE_SECONDS
        key = (
            "search:answer:"
            + hashlib.sha256(f"{self.alias}:{get_language()}:{query!r}".encode()).hexdigest()
        )
        if seconds > 0:
            try:
                kept = cache.get(key)
            except Exception:  # an undecodable entry, or the cache is down
                kept = None
            if isinstance(kept, tuple) and len(kept) == 4:
                return kept
        response = self.raw_search(query)
        answer = (
            [int(hit.meta.id) for hit in response],
            response.hits.total.value,
            read_facets(response, query),
            read_highlights(response),
        )
        if seconds > 0:
            with contextlib.suppress(Exception):
                cache.set(key, answer, seconds)
        return answer

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        words = folded_words(text)
        if not words:
            return []
        response = build_suggest(self.client, self.alias, " ".join(words), limit).execute()
        products = [
            Suggestion(
                "product",
                hit.title,
                reverse(
                    "catalogue:detail", kwargs={"product_slug": hit.slug, "pk": int(hit.meta.id)}
                ),
            )
            for hit in response
        ]
        return products + seller_suggestions(words, limit=3)

    # --- writing ---------------------------------------------------------------------

    def ensure_index(self) -> None:
        """Create a first index behind the alias if there is none yet."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            ProductDocument.init(index=name, using=self.updater)
            self.updater.indices.put_alias(index=name, name=self.alias)

    def _targets(self) -> list[str]:
        targets = [self.alias]
        if self.client.indices.exists_alias(name=self.next_alias):
            targets.append(self.next_alias)
        return targets

    def index_products(self, product_ids) -> int:
        """Index the searchable ones among ``product_ids``, delete the others."""
        ids = {int(pk) for pk in product_ids}
        if not ids:
            return 0
        self.ensure_index()
        actions, indexed = [], set()
        live = live_until_by_product()
        for product in products_for_index().filter(pk__in=ids):
            if is_searchable(product):
                indexed.add(product.pk)
                actions.append(build_document(product, live.get(product.pk)))
        targets = self._targets()
        bulk = [index_action(doc, target) for doc in actions for target in targets]
        bulk += [
            {"_op_type": "delete", "_index": target, "_id": pk}
            for pk in sorted(ids - indexed)
            for target in targets
        ]
        self._bulk(bulk)
        return len(indexed)

    def remove_products(self, product_ids) -> None:
        ids = sorted({int(pk) for pk in product_ids})
        if not ids or not self.client.indices.exists_alias(name=self.alias):
            return
        targets = self._targets()
        self._bulk([{"_op_type": "delete", "_index": t, "_id": pk} for pk in ids for t in targets])

    def make_searchable(self) -> None:
        # The alias only: an index being loaded is refreshed once, when it is complete.
        if self.client.indices.exists_alias(name=self.alias):
            self.updater.indices.refresh(index=self.alias)

    def _bulk(self, actions) -> None:
        """Send index writes; searchable at the next refresh, or at once when the settings
        say so (``SEARCH_INDEX_REFRESH``: tests read what they wrote)."""
        failed = []
        refresh = "true" if settings.SEARCH_INDEX_REFRESH else "false"
        for ok, item in streaming_bulk(
            self.updater, actions, raise_on_error=False, refresh=refresh, chunk_size=500
        ):
            # Deleting what is not there is the idempotent outcome we want.
            if not ok and item.get("delete", {}).get("status") != 404:
                failed.append(item)
        if failed:
            # Refused writes (429 under load, a full disk): the caller keeps its pending
            # marks, and the periodic replay sends them again.
            logger.warning("Search index refused %d writes, first: %s", len(failed), failed[0])
            raise IndexWriteError(f"{len(failed)} index writes refused")

    def indexed_fields(self, names) -> dict[int, dict]:
        """``names`` of every entry in the index, by product id (for ``search_check``)."""
        if not self.client.indices.exists_alias(name=self.alias):
            return {}
        hits = scan(
            self.writer,
            index=self.alias,
            query={"query": {"match_all": {}}},
            _source=list(names),
            size=2000,
        )
        return {int(hit["_id"]): hit.get("_source", {}) for hit in hits}

    LOADING = {"index.refresh_interval": "-1", "index.translog.durability": "async"}

    def reindex(self, progress=None, chunk_size: int = 1000) -> int:
        """Build a new index from the database, then move the alias to it atomically."""
        name = self._new_index_name()
        ProductDocument.init(index=name, using=self.writer)
        # Nobody searches the new index while it fills: no periodic refresh (each makes a
        # segment to merge later), and the translog is synced in the background rather than
        # on every bulk request (a crash mid-load loses only an index nobody uses yet); one
        # refresh at the end, then searches move over.
        self.writer.indices.put_settings(index=name, settings=self.LOADING)
        self.writer.indices.put_alias(index=name, name=self.next_alias)
        try:
            count = self._load(name, progress, chunk_size)
            self.writer.indices.put_settings(
                index=name,
                settings=dict.fromkeys(self.LOADING),  # back to the defaults
            )
            self.writer.indices.refresh(index=name)
            self._swap(name)
        except BaseException:
            self.writer.indices.delete(index=name, ignore_unavailable=True)
            raise
        return count

    # Bulk requests in flight while the next chunk is read: the engine indexes two
    # chunks at once (one sender left it idle half the time: 2,200 against 4,500+
    # documents per second measured on two cores), and at most two chunks wait in memory.
    SENDERS = 2

    def _load(self, name, progress, chunk_size) -> int:
        """Bulk-load every searchable product into ``name``.

        Documents are built here (the database connection belongs to this thread) while
        ``SENDERS`` helper threads send the chunks before: reading and indexing overlap.
        """
        queryset = products_for_index()
        total = queryset.count()
        live = live_until_by_product()
        products = queryset.iterator(chunk_size=chunk_size)
        read = indexed = 0
        if progress:
            progress(0, total)
        in_flight: deque = deque()
        with ThreadPoolExecutor(max_workers=self.SENDERS) as senders:
            while chunk := list(itertools.islice(products, chunk_size)):
                read += len(chunk)
                actions = [
                    index_action(build_document(product, live.get(product.pk)), name)
                    for product in chunk
                    if is_searchable(product)
                ]
                while len(in_flight) >= self.SENDERS:
                    indexed += in_flight.popleft().result()
                    if progress:
                        progress(min(indexed, total), total)
                in_flight.append(senders.submit(self._send, actions))
            while in_flight:
                indexed += in_flight.popleft().result()
        if progress:
            progress(total, total)
        return indexed

    def _send(self, actions) -> int:
        sent, _errors = bulk(self.writer, actions, chunk_size=max(len(actions), 1))
        return sent

    def _swap(self, name: str) -> None:
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias))
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions += [
            {"add": {"index": name, "alias": self.alias}},
            {"remove": {"index": name, "alias": self.next_alias}},
        ]
        self.writer.indices.update_aliases(actions=actions)
        for index in old:
            self.writer.indices.delete(index=index, ignore_unavailable=True)

    def _new_index_name(self) -> str:
        stamp = time.strftime("%Y%m%d%H%M%S")
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:6]}"


def _first_page(query: SearchQuery) -> SearchQuery:
    # Past the window Elasticsearch pages no further: ask for the total and facets only;
    # the caller sees an empty page and shows the first one instead.
    return replace(query, page=1, per_page=0)
