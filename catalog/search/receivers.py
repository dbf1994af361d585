"""Model signals → queued index work. Receivers only say *what* changed; services decide.

Connected in ``SearchConfig.ready()`` with dispatch uids, so importing twice connects once.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from catalog.stories.models import ProducerStoryPage, ProductStoryPage
from sellers.models import Seller

from . import queue, rows

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
ProductCategory = get_model("catalogue", "ProductCategory")


def _product_ids(product_id, parent_id=None):
    # A variant's stock and price live in its parent's document.
    return [pk for pk in (product_id, parent_id) if pk]


def product_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue.queue_product_update(product_ids=_product_ids(instance.pk, instance.parent_id))


def product_related_changed(sender, instance, raw=False, **kwargs):
    """Certificate or category link of a product (the task finds parents)."""
    if not raw and instance.product_id:
        queue.queue_product_update(product_ids=[instance.product_id])


def categories_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Product):
        queue.queue_product_update(product_ids=[instance.pk])
    elif pk_set:
        queue.queue_product_update(product_ids=pk_set)


def stock_changed(sender, instance, raw=False, **kwargs):
    """A sale, a restock or a new price: only the rows' stock and price can move (and
    nothing, for a sale that leaves units on sale: ``queue.stock_stays_on_sale``)."""
    if not raw and instance.product_id and not queue.stays_on_sale(instance.pk):
        queue.queue_product_update(product_ids=[instance.product_id], columns=rows.STOCK_COLUMNS)


def order_was_placed(sender, order, raw=False, **kwargs):
    """Sales counts moved (Oscar's analytics receiver ran first): "best-selling" changes,
    at once in the database's rows, with the minute's batch in the engine's index (an
    order's stock changes, which the next visitor must see, go at once: ``stock_changed``)."""
    if not raw:
        queue.queue_product_update(
            product_ids=order.lines.values_list("product_id", flat=True),
            columns=rows.SALES_COLUMNS,
            batched=True,
        )


def seller_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue.queue_seller_update(seller_id=instance.pk, refresh_text=True)


def product_story_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.product_id:
        queue.queue_product_update(product_ids=[instance.product_id])


def producer_story_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.seller_id:
        queue.queue_seller_update(seller_id=instance.seller_id, refresh_text=False)


def live_item_changed(sender, instance, raw=False, **kwargs):
    """A product added to or taken out of a livestream."""
    if not raw and instance.product_id:
        queue.queue_product_update(product_ids=[instance.product_id])


def live_changed(sender, instance, raw=False, **kwargs):
    """A livestream rescheduled, started, ended or cancelled: its products change facet."""
    if not raw:
        queue.queue_live_update(live_id=instance.pk)


def _connect_livestreams() -> None:
    try:
        LiveSession = apps.get_model("livestream", "LiveSession")
        LiveProduct = apps.get_model("livestream", "LiveProduct")
    except LookupError:  # no livestream app: no "has a livestream" facet to keep
        return
    post_save.connect(live_changed, sender=LiveSession, dispatch_uid="search-live")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(live_item_changed, sender=LiveProduct, dispatch_uid=f"search-live-{name}")


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(product_changed, sender=Product, dispatch_uid=f"search-product-{name}")
        signal.connect(stock_changed, sender=StockRecord, dispatch_uid=f"search-stock-{name}")
        for model in (OcopCertificate, ProductCategory):
            signal.connect(
                product_related_changed,
                sender=model,
                dispatch_uid=f"search-{model.__name__}-{name}",
            )
        signal.connect(
            product_story_changed, sender=ProductStoryPage, dispatch_uid=f"search-ps-{name}"
        )
        signal.connect(
            producer_story_changed, sender=ProducerStoryPage, dispatch_uid=f"search-pr-{name}"
        )
    post_save.connect(seller_changed, sender=Seller, dispatch_uid="search-seller")
    order_placed.connect(order_was_placed, dispatch_uid="search-order-placed")
    m2m_changed.connect(
        categories_changed, sender=Product.categories.through, dispatch_uid="search-categories"
    )
    _connect_livestreams()
