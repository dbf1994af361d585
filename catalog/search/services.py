"""Writes to the search index, and queueing them once the data they read is committed.

The database backend's rows (``SearchRow``) are rewritten at once, inside the transaction
that changed the catalogue, whichever backend is configured: they commit or roll back
with the change, and they are what answers when the search server cannot. Index work
runs in Celery tasks (``tasks.py``) queued with ``transaction.on_commit``, so
a task never reads data that is rolled back or not yet visible. Every operation reads
the current state of the database and makes the index match it: running one twice, or
late, gives the same index.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from . import rows
from .backends import get_backend
from .documents import CHECKED_FIELDS, checked_fields, is_searchable, products_for_index
from .models import PendingIndex
from .signals import index_updated

Product = get_model("catalogue", "Product")
logger = logging.getLogger(__name__)

# Products sent to the engine per request when pending work is replayed or drift fixed.
REPLAY_BATCH = 500

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


def mark_pending(product_ids: Iterable[int]) -> None:
    """Remember, in the current transaction, that these products' entries are stale."""
    now = timezone.now()
    rows = [PendingIndex(product_id=pk, queued_at=now) for pk in sorted(set(product_ids))]
    PendingIndex.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["product_id"],
        update_fields=["queued_at"],
    )


def index_products(*, product_ids: Iterable[int]) -> int:
    """Index the searchable products among ``product_ids``; remove the others.

    Their pending marks are cleared once the engine acknowledged the writes (a mark
    made after this started stays: that change may not be in what was sent).
    """
    backend = get_backend()
    if not backend.has_external_index:
        return 0
    ids = {int(pk) for pk in product_ids}
    # A variant is not indexed itself: its stock and price live in its parent's entry.
    parents = Product.objects.filter(pk__in=ids, parent__isnull=False).values_list(
        "parent_id", flat=True
    )
    ids |= set(parents)
    started = timezone.now()
    count = backend.index_products(sorted(ids))
    PendingIndex.objects.filter(product_id__in=ids, queued_at__lte=started).delete()
    index_updated.send(sender=index_products, product_ids=sorted(ids))
    return count


def make_searchable() -> None:
    """Make the index writes sent so far visible to searches now, rather than at the
    engine's next periodic refresh (for a change that moves listings read from it)."""
    get_backend().make_searchable()


def replay_pending(*, batch_size: int = REPLAY_BATCH, max_batches: int = 20) -> int:
    """Send the engine the index work it missed, oldest first; how many products went.

    Each batch is claimed with ``SKIP LOCKED``, so two workers never send the same rows;
    an engine still unavailable raises (the rows stay for the next run).
    """
    if not external_index():
        return 0
    sent = 0
    for _ in range(max_batches):
        with transaction.atomic():
            claimed = PendingIndex.objects.select_for_update(skip_locked=True)
            ids = list(
                claimed.order_by("queued_at", "pk").values_list("product_id", flat=True)[
                    :batch_size
                ]
            )
            if not ids:
                break
            index_products(product_ids=ids)
        sent += len(ids)
    return sent


@dataclass
class Drift:
    """How the index differs from the database (see ``drift``)."""

    in_database: int = 0
    in_index: int = 0
    changed: list[tuple[int, str, object, object]] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def product_ids(self) -> set[int]:
        return {pk for pk, *_ in self.changed} | set(self.missing) | set(self.extra)


def drift(*, chunk_size: int = 2000) -> Drift:
    """Products whose indexed price, stock or seller status differ from the database,
    searchable products missing from the index, and entries of products no longer
    searchable (unpublished, deleted, their seller suspended)."""
    indexed = get_backend().indexed_fields(CHECKED_FIELDS)
    found = Drift(in_index=len(indexed))
    for product in products_for_index().iterator(chunk_size=chunk_size):
        if not is_searchable(product):
            continue
        found.in_database += 1
        entry = indexed.pop(product.pk, None)
        if entry is None:
            found.missing.append(product.pk)
            continue
        for name, value in checked_fields(product).items():
            if entry.get(name) != value:
                found.changed.append((product.pk, name, entry.get(name), value))
    found.extra = sorted(indexed)
    return found


def fix_drift(found: Drift) -> int:
    """Re-send every product ``found`` names: indexed again, or removed from the index."""
    ids = sorted(found.product_ids)
    for start in range(0, len(ids), REPLAY_BATCH):
        index_products(product_ids=ids[start : start + REPLAY_BATCH])
    return len(ids)


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
        rows.refresh(seller_id=seller_id)
    return index_seller_products(seller_id=seller_id)


def rebuild_index(*, progress: Callable[[int, int], None] | None = None, chunk_size=1000) -> int:
    """Rebuild the database rows, then the product index (new index, bulk load, alias swap)."""
    backend = get_backend()
    if backend.has_external_index:
        rows.rebuild()
    count = backend.reindex(progress=progress, chunk_size=chunk_size)
    index_updated.send(sender=rebuild_index, product_ids=[], rebuilt=True)
    return count
