"""Celery tasks keeping the search index current. Each is idempotent (see services)."""

from __future__ import annotations

import logging

from celery import shared_task
from elastic_transport import TransportError
from elasticsearch import ApiError

from . import services
from .backends.elasticsearch import IndexWriteError

logger = logging.getLogger(__name__)

# The search server being down or overloaded is worth retrying; bugs are not.
UNAVAILABLE = (TransportError, ApiError, IndexWriteError)
RETRY_SECONDS = 30


def _retry_or_give_up(task, exc):
    if task.request.is_eager:
        # Inline (demo) mode: the page must not fail; the products stay marked as
        # pending and ``replay_pending_index`` sends them when the engine answers.
        logger.warning("Search index update skipped (%s): %s", task.name, exc)
        return None
    raise task.retry(exc=exc, countdown=RETRY_SECONDS * (task.request.retries + 1))


@shared_task(bind=True, max_retries=5, acks_late=True)
def index_products(self, product_ids: list[int]) -> int | None:
    try:
        return services.index_products(product_ids=product_ids)
    except UNAVAILABLE as exc:
        return _retry_or_give_up(self, exc)


@shared_task(bind=True, max_retries=5, acks_late=True)
def index_seller_products(self, seller_id: int) -> int | None:
    try:
        return services.index_seller_products(seller_id=seller_id)
    except UNAVAILABLE as exc:
        return _retry_or_give_up(self, exc)


@shared_task(bind=True, max_retries=5, acks_late=True)
def refresh_seller_products(self, seller_id: int) -> int | None:
    try:
        return services.refresh_seller_products(seller_id=seller_id)
    except UNAVAILABLE as exc:
        return _retry_or_give_up(self, exc)


@shared_task(bind=True, max_retries=5, acks_late=True)
def index_live_products(self, live_id: int) -> int | None:
    try:
        return services.index_live_products(live_id=live_id)
    except UNAVAILABLE as exc:
        return _retry_or_give_up(self, exc)


@shared_task(acks_late=True)
def replay_pending_index() -> int | None:
    """Every minute: send the engine the index work it missed while down or overloaded."""
    try:
        return services.replay_pending()
    except UNAVAILABLE as exc:
        logger.warning("Search engine still unavailable, pending index work waits: %s", exc)
        return None
