"""Index work after the database commits: what the receivers ask for, queued as tasks.

Receivers say what changed; this module decides whether anything must reach the index
(nothing while updates are muted, or when the backend keeps no index of its own), marks
the products as pending in the same transaction as the change, and queues the task after
the commit, so a rolled-back change never reaches the index. The mark stays until the
engine acknowledged the update: if the engine is down or refuses the work, the periodic
``replay_pending_index`` task applies it when the engine answers again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from oscar.core.loading import get_model

from . import tasks
from .services import external_index, mark_pending, updates_are_muted

Product = get_model("catalogue", "Product")


def queue_product_update(*, product_ids: Iterable[int]) -> None:
    """After commit, bring these products' index entries in line with the database."""
    if updates_are_muted() or not external_index():
        return
    ids = sorted({int(pk) for pk in product_ids if pk})
    if not ids:
        return
    mark_pending(ids)
    transaction.on_commit(lambda: tasks.index_products.delay(ids), robust=True)


def queue_seller_update(*, seller_id: int, refresh_text: bool) -> None:
    """After commit, refresh a seller's products (their search text, then the index)."""
    if updates_are_muted() or not (refresh_text or external_index()):
        return
    if external_index():
        mark_pending(Product.objects.filter(seller_id=seller_id).values_list("pk", flat=True))
    task = tasks.refresh_seller_products if refresh_text else tasks.index_seller_products
    transaction.on_commit(lambda: task.delay(seller_id), robust=True)


def queue_live_update(*, live_id: int) -> None:
    """After commit, re-index the products of a livestream whose schedule or status changed."""
    if updates_are_muted() or not external_index():
        return
    LiveProduct = apps.get_model("livestream", "LiveProduct")
    mark_pending(LiveProduct.objects.filter(live_id=live_id).values_list("product_id", flat=True))
    transaction.on_commit(lambda: tasks.index_live_products.delay(live_id), robust=True)
