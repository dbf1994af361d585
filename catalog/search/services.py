"""Writes to the search index, and queueing them once the data they read is committed.

Index work runs in Celery tasks (``tasks.py``) queued with ``transaction.on_commit``, so
a task never reads data that is rolled back or not yet visible. Every operation reads
the current state of the database and makes the index match it: running one twice, or
late, gives the same index.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from django.apps import apps
from django.db import transaction
from oscar.core.loading import get_model

from .backends import get_backend

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("search_updates_muted", default=False)


@contextlib.contextmanager
def updates_muted() -> Iterator[None]:
    """Inside, model changes queue no index work (the caller indexes in bulk itself)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def updates_are_muted() -> bool:
    return _muted.get()


def external_index() -> bool:
    """Whether the backend keeps an index of its own to update."""
    return get_backend().has_external_index


def index_products(*, product_ids: Iterable[int]) -> int:
    """Index the searchable products among ``product_ids``; remove the others."""
    backend = get_backend()
    if not backend.has_external_index:
        return 0
    ids = {int(pk) for pk in product_ids}
    # A variant is not indexed itself: its stock and price live in its parent's entry.
    parents = Product.objects.filter(pk__in=ids, parent__isnull=False).values_list(
        "parent_id", flat=True
    )
    return backend.index_products(sorted(ids | set(parents)))


def index_seller_products(*, seller_id: int) -> int:
    """Re-index every product of a seller (status, name, commune or story changed)."""
    ids = list(Product.objects.filter(seller_id=seller_id).values_list("pk", flat=True))
    return index_products(product_ids=ids)


def index_live_products(*, live_id: int) -> int:
    """Re-index the products shown in a livestream (their "has a livestream" facet)."""
    LiveProduct = apps.get_model("livestream", "LiveProduct")
    ids = list(LiveProduct.objects.filter(live_id=live_id).values_list("product_id", flat=True))
    return index_products(product_ids=ids)


def refresh_seller_products(*, seller_id: int) -> int:
    """Recompute ``search_text`` of a seller's products (it holds the seller's name).

    ``Product.save`` computes the text; saving only that column keeps other edits
    made meanwhile. Per-product index work is muted: the seller's products are indexed
    in one bulk request afterwards.
    """
    with transaction.atomic(), updates_muted():
        products = Product.objects.filter(seller_id=seller_id).select_related("seller")
        for product in products:
            product.save(update_fields=["search_text"])
    return index_seller_products(seller_id=seller_id)


def rebuild_index(*, progress: Callable[[int, int], None] | None = None, chunk_size=1000) -> int:
    """Rebuild the whole product index (new index, bulk load, atomic alias swap)."""
    return get_backend().reindex(progress=progress, chunk_size=chunk_size)
