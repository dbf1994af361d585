"""Order placement: stock is locked and checked before Oscar writes the order.

Oscar allocates stock with an unconditional ``F()`` update, so two buyers of the last
unit could both succeed. Here the stock records are locked (``SELECT … FOR UPDATE``, in
primary-key order so concurrent placements cannot deadlock) and re-checked inside the
same transaction that writes the order; the losers get a clear "sold out" message.

PostgreSQL may still abort a placement with a serialization failure or a deadlock (other
writers touch the same rows: vouchers, offers, baskets). Such a placement is re-run from
the start a few times, as a whole new transaction, before the buyer sees an error; the
aborted attempt left nothing behind, so stock is allocated once.
"""

import contextvars
import logging
import random
import time
from collections import defaultdict
from contextlib import contextmanager

from django.db import OperationalError, transaction
from django.utils.translation import gettext as _
from oscar.apps.order import exceptions
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator as OscarOrderNumberGenerator
from oscar.core.loading import get_model

from catalog.search import queue as search_queue

from .models import Fulfilment
from .shipping import split_by_seller

StockRecord = get_model("partner", "StockRecord")
logger = logging.getLogger(__name__)

# Set while an order's stock is allocated: a stock record saved then can only have less
# available than before (back-in-stock alerts need not be looked for).
_allocating = contextvars.ContextVar("allocating", default=False)


def stock_only_falls() -> bool:
    return _allocating.get()


@contextmanager
def allocating():
    token = _allocating.set(True)
    try:
        yield
    finally:
        _allocating.reset(token)


# SQLSTATE serialization_failure and deadlock_detected: the transaction may simply be re-run.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def is_retryable(exc: BaseException) -> bool:
    """True for a PostgreSQL error that aborts a transaction which may be re-run as is."""
    cause = exc.__cause__ or exc
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in RETRYABLE_SQLSTATES


class OrderNumberGenerator(OscarOrderNumberGenerator):
    pass


class OrderCreator(OscarOrderCreator):
    # Tries of a placement that PostgreSQL aborted as a serialization failure or deadlock.
    placement_attempts = 3

    def place_order(self, basket, total, shipping_method, shipping_charge, **kwargs):
        lines = list(basket.all_lines())
        # Inside someone else's transaction an aborted placement cannot be re-run alone.
        may_retry = not transaction.get_connection().in_atomic_block
        for attempt in range(1, self.placement_attempts + 1):
            try:
                with transaction.atomic():
                    staying = self.lock_and_check_stock(lines)
                    with search_queue.stock_stays_on_sale(staying):
                        order = super().place_order(
                            basket, total, shipping_method, shipping_charge, **kwargs
                        )
                    self.create_fulfilments(order, lines, shipping_method)
                return order
            except OperationalError as exc:
                if not (may_retry and is_retryable(exc)) or attempt == self.placement_attempts:
                    raise
                logger.warning("order placement conflict (try %s), re-running: %s", attempt, exc)
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 (jitter only)

    def lock_and_check_stock(self, lines) -> set[int]:
        """Raise ``UnableToPlaceOrder`` naming every product that no longer has enough stock.

        Returns the locked records that still have units on sale once this order's are
        taken: the order cannot move what a search shows of their products.
        """
        wanted = defaultdict(int)
        titles = {}
        for line in lines:
            if line.stockrecord_id and line.product.get_product_class().track_stock:
                wanted[line.stockrecord_id] += line.quantity
                titles[line.stockrecord_id] = line.product.get_title()
        records = StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        left = {
            record.pk: (record.num_in_stock or 0) - (record.num_allocated or 0) - wanted[record.pk]
            for record in records
        }
        short = [titles[pk] for pk, units in left.items() if units < 0]
        if short:
            raise exceptions.UnableToPlaceOrder(
                _(
                    "Sold out: %(products)s. Please remove it from your basket "
                    "or lower the quantity."
                )
                % {"products": ", ".join(short)}
            )
        return {pk for pk, units in left.items() if units > 0}

    def update_stock_records(self, line):
        with allocating():
            super().update_stock_records(line)

    def create_fulfilments(self, order, lines, shipping_method=None) -> None:
        """One part per seller, charged the shipping the buyer was shown and charged."""
        parts = getattr(shipping_method, "parts", None)
        if parts is None:
            parts = split_by_seller(lines, destination=order.shipping_address)
        Fulfilment.objects.bulk_create(
            Fulfilment(
                order=order,
                seller=part.seller,
                lines_total=part.goods,
                shipping_charge=part.shipping,
            )
            for part in parts
        )
