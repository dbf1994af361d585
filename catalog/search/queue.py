"""Index work after the database commits: what the receivers ask for, queued as tasks.

Receivers say what changed; this module rewrites the products' database search rows at
once (they commit or roll back with the change, whichever backend is configured), then
decides whether anything must reach the index (nothing while updates are muted, or when
the backend keeps no index of its own), marks
the products as pending in the same transaction as the change, and queues the task after
the commit, so a rolled-back change never reaches the index. The mark stays until the
engine acknowledged the update: if the engine is down or refuses the work, the periodic
``replay_pending_index`` task applies it when the engine answers again. Sales counts are
left to that periodic task from the start (``batched``): the minute's orders reach the
index in one request.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from oscar.core.loading import get_model

from . import rows, tasks
from .services import external_index, mark_pending, updates_are_muted

Product = get_model("catalogue", "Product")

# Stock records whose writes cannot move what a search shows (``stock_stays_on_sale``).
_on_sale_throughout: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "search_on_sale_throughout", default=frozenset()
)


@contextmanager
def stock_stays_on_sale(stockrecord_ids: Iterable[int]):
    """Inside the block, writes to these stock records only change how many units are
    left, at the same price, and leave some on sale: what a search shows of their products
    (in stock, lowest price) cannot move, so their rows are not refreshed.

    An order's placement says so, under the records' locks, for each record its lines do
    not sell out; a record the order empties is refreshed as usual.
    """
    token = _on_sale_throughout.set(frozenset(int(pk) for pk in stockrecord_ids))
    try:
        yield
    finally:
        _on_sale_throughout.reset(token)


def stays_on_sale(stockrecord_id) -> bool:
    return stockrecord_id in _on_sale_throughout.get()


def queue_product_update(
    *, product_ids: Iterable[int], columns: Iterable[str] | None = None, batched: bool = False
) -> None:
    """Refresh these products' rows now (only ``columns`` of them, when the change can
    move no other); after commit, their index entries.

    ``batched``: the change only moves an order that may lag a little (sales counts for
    "best-selling"): the products are marked pending and reach the engine with the
    periodic ``replay_pending_index`` (every minute), many in one request, rather than
    one task and one engine write per order.
    """
    if updates_are_muted():
        return
    ids = sorted({int(pk) for pk in product_ids if pk})
    if not ids:
        return
    if columns:
        if not rows.refresh_columns(product_ids=ids, names=columns):
            return  # nothing a search shows moved: no index work either
    else:
        rows.refresh(product_ids=ids)
    if not external_index():
        return
    mark_pending(ids)
    if not batched:
        transaction.on_commit(lambda: tasks.index_products.delay(ids), robust=True)


def queue_seller_update(*, seller_id: int, refresh_text: bool) -> None:
    """Refresh a seller's rows now (status); after commit, their search text and index."""
    if updates_are_muted():
        return
    rows.refresh(seller_id=seller_id)
    if not (refresh_text or external_index()):
        return
    if external_index():
        mark_pending(Product.objects.filter(seller_id=seller_id).values_list("pk", flat=True))
    task = tasks.refresh_seller_products if refresh_text else tasks.index_seller_products
    transaction.on_commit(lambda: task.delay(seller_id), robust=True)


def queue_live_update(*, live_id: int) -> None:
    """Refresh the rows of a livestream's products now; after commit, their index entries."""
    if updates_are_muted():
        return
    LiveProduct = apps.get_model("livestream", "LiveProduct")
    product_ids = LiveProduct.objects.filter(live_id=live_id).values_list("product_id", flat=True)
    rows.refresh(product_ids=product_ids)
    if not external_index():
        return
    mark_pending(product_ids)
    transaction.on_commit(lambda: tasks.index_live_products.delay(live_id), robust=True)
