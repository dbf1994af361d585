"""What a page was rendered from, and which pages a change misses (``versions``).

While a page is rendered to be kept, every watched row the render loads adds its tag
(``product:12`` for the product, its stock record, photos, certificate, reviews...) to
the page's ``deps`` (``recording``), and its view adds the sets it lists
(``VIEW_SETS``). Saving or deleting a watched row replaces the tags it stands for. A
seller's shipping rule stands for the seller; offers, their ranges and vouchers stand for
``offers`` (they price baskets), and a change to an offer's or voucher's window replaces
the clock too. Provinces and communes stand for ``places`` (a reload of the data file
writes its dataset row).

A stock record's row stands for its product, but a sale that only changes how many units
are left replaces ``stock:12`` alone: the product page shows that count in a part kept
apart (``page_parts.stock_part``), the basket page records it through its lines, and
nothing else shows it (cards say "in stock", not how many). Any other change to the
record (its price, the product selling out or coming back) replaces the product's tag
and the listings.

Model signals cover writes through the ORM (services, admin, the CMS, the demo loader);
Oscar's atomic stock methods and ``order.services.return_to_stock`` send them by hand,
with a ``pre_save`` first, so a stock change can tell whether the product came into or
went out of stock (only then do listings change). Two tasks write with
``QuerySet.update`` (no signals): image renditions and the daily certificate expiry; they
bump when they finish. The search index tasks bump ``products`` when an update they sent
moved a product into or out of the listings (the listings read the index). What only
the clock changes is handled by ``versions.next_change``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save

from catalog.search.services import external_index, make_searchable

from . import versions

# Sets a page lists, by view: the listings depend on which products exist, are on sale
# and in stock, and on their order; everything shows the category menu.
VIEW_SETS = {
    "home": ("products", "sellers", "stories", "lives"),
    "catalogue:index": ("products",),
    "catalogue:category": ("products",),
    "catalogue:detail": (),
    "sellers:detail": ("products", "stories", "lives"),
    "wagtail_serve": ("products", "sellers", "stories", "lives"),
    # A buyer's basket: its lines' products and sellers are recorded as they load; the
    # offers (live prices, vouchers) price it even when none applies.
    "basket:summary": ("offers",),
}
EVERY_PAGE = (versions.ALL, versions.CLOCK, "categories")
# A listing made from many of one model's rows is a set; missing rows are noticed through it.
SET_OF = {
    "product": "products",
    "seller": "sellers",
    "category": "categories",
    "page": "stories",
    "live": "lives",
}
# Tasks that change shown rows with QuerySet.update().
RENDITIONS_TASK = "catalog.tasks.make_image_renditions"
EXPIRY_TASK = "catalog.tasks.expire_certificates"
# A stock record the search index still has to hear about moved into or out of stock:
# the listings are bumped again once the index has it.
RELIST_KEY = "pagecache:relist:"
RELIST_ANY = RELIST_KEY + "any"
RELIST_SECONDS = 3600

_recording: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "pagecache_recording", default=None
)


def _own(instance) -> tuple[str, ...]:
    return (f"product:{instance.pk}",) + (
        (f"product:{instance.parent_id}",) if instance.parent_id else ()
    )


def _of_product(instance) -> tuple[str, ...]:
    return (f"product:{instance.product_id}",) if instance.product_id else ()


def _live_product(instance) -> tuple[str, ...]:
    return _of_product(instance) + (f"live:{instance.live_id}",)


def _pk(kind):
    return lambda instance: (f"{kind}:{instance.pk}",) if instance.pk else ()


# (app label, model) -> the tags a row of it stands for on a page.
TAGS = {
    ("catalogue", "Product"): _own,
    ("catalogue", "ProductImage"): _of_product,
    ("catalogue", "ProductAttributeValue"): _of_product,
    ("catalogue", "ProductCategory"): _of_product,
    ("catalogue", "OcopCertificate"): _of_product,
    ("catalogue", "Category"): _pk("category"),
    ("reviews", "ProductReview"): _of_product,
    ("partner", "Partner"): _pk("partner"),
    ("partner", "StockRecord"): _of_product,
    ("sellers", "Seller"): _pk("seller"),
    ("livestream", "LiveSession"): _pk("live"),
    ("livestream", "LiveProduct"): _live_product,
    # A seller's shipping charges show with their products and parcels.
    ("order", "ShippingRule"): lambda instance: (f"seller:{instance.seller_id}",),
    # Offers and vouchers price baskets (a live's prices are site offers).
    ("offer", "ConditionalOffer"): lambda instance: ("offers",),
    ("offer", "Condition"): lambda instance: ("offers",),
    ("offer", "Benefit"): lambda instance: ("offers",),
    ("offer", "Range"): lambda instance: ("offers",),
    ("offer", "RangeProduct"): lambda instance: ("offers",),
    ("voucher", "Voucher"): lambda instance: ("offers",),
    # Provinces and communes (addresses, where a seller is); a reload of the data file
    # writes its dataset row.
    ("places", "Province"): lambda instance: ("places",),
    ("places", "Commune"): lambda instance: ("places",),
    ("places", "AdminUnitDataset"): lambda instance: ("places",),
}
# What else a change to a row of these models misses, besides its own tags.
ALSO_BUMPS = {
    ("catalogue", "Product"): ("products",),
    ("catalogue", "ProductCategory"): ("products",),
    ("catalogue", "OcopCertificate"): ("products", versions.CLOCK),
    ("catalogue", "Category"): ("categories", "products"),
    ("sellers", "Seller"): ("sellers", "products"),
    ("livestream", "LiveSession"): ("lives", "products", versions.CLOCK),
    ("livestream", "LiveProduct"): ("lives", "products"),
}
# Rows whose window (start, end, status) is a moment the clock changes what pages show
# (``versions.next_change``): the clock is replaced when the window changes, not when an
# order records its use of the offer.
WINDOWS = {
    ("offer", "ConditionalOffer"): ("start_datetime", "end_datetime", "status"),
    ("voucher", "Voucher"): ("start_datetime", "end_datetime"),
}


# --- Recording what a render loads -------------------------------------------------------


@contextlib.contextmanager
def recording(view_name: str):
    """Collect the tags of what is loaded inside the block (``set`` yielded)."""
    tags = set(EVERY_PAGE) | set(VIEW_SETS.get(view_name, ("products",)))
    reset = _recording.set(tags)
    try:
        yield tags
    finally:
        _recording.reset(reset)


def _loaded(sender, instance, **kwargs):
    tags = _recording.get()
    if tags is not None:
        tags.update(_tags_of(instance))


def _tags_of(instance) -> tuple[str, ...]:
    meta = instance._meta
    describe = TAGS.get((meta.app_label, meta.object_name))
    if describe is None:  # a Wagtail page (any of its types)
        return (f"page:{instance.pk}",) if instance.pk else ()
    return describe(instance)


# --- Bumping what a change shows ----------------------------------------------------------


def _bumps(instance) -> list[str]:
    meta = instance._meta
    return [*_tags_of(instance), *ALSO_BUMPS.get((meta.app_label, meta.object_name), ())]


def window_before(sender, instance, raw=False, **kwargs):
    """Remember an offer's or voucher's window before this write."""
    if raw or not instance.pk:
        return
    fields = WINDOWS[instance._meta.app_label, instance._meta.object_name]
    instance._pagecache_window = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _window_moved(instance) -> bool:
    fields = WINDOWS.get((instance._meta.app_label, instance._meta.object_name))
    if fields is None:
        return False
    before = instance.__dict__.pop("_pagecache_window", None)
    return before != tuple(getattr(instance, name) for name in fields)


def model_changed(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    tags = _bumps(instance) + ([versions.CLOCK] if _window_moved(instance) else [])
    if "products" in tags:
        mark_relist()
    versions.bump(*tags, using=using)


def page_changed(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    tags = [f"page:{instance.pk}", "stories"]
    # A story shows on its product's and its producer's pages.
    if getattr(instance, "product_id", None):
        tags.append(f"product:{instance.product_id}")
    if getattr(instance, "seller_id", None):
        tags.append(f"seller:{instance.seller_id}")
    versions.bump(*tags, using=using)


# A stock record's counts: a change to them alone is a sale or a restock (``stock:12``).
COUNTS = ("num_in_stock", "num_allocated")
# Written on every save: no change to what a page shows.
STAMPS = ("id", "date_updated")


def _stock(instance) -> tuple[str, ...]:
    return (f"stock:{instance.product_id}",) if instance.product_id else ()


def _record_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in STAMPS]


def stock_before(sender, instance, raw=False, **kwargs):
    """Remember the record as it was before this write (was it on sale, at which price)."""
    if raw or not instance.pk:
        return
    names = _record_fields(sender)
    row = sender.objects.filter(pk=instance.pk).values_list(*names).first()
    instance._pagecache_before = dict(zip(names, row, strict=True)) if row else None


def _on_sale(num_in_stock, num_allocated) -> bool:
    return (num_in_stock or 0) - (num_allocated or 0) > 0


def stock_changed(sender, instance, raw=False, using=None, created=False, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop("_pagecache_before", None)
    tags = list(_stock(instance))
    after = {name: getattr(instance, name) for name in _record_fields(sender)}
    listed = (
        created
        or before is None
        or _on_sale(before["num_in_stock"], before["num_allocated"])
        != _on_sale(instance.num_in_stock, instance.num_allocated)
        or before["price"] != instance.price
    )
    if listed:
        tags += [*_of_product(instance), "products"]
        mark_relist([instance.product_id])
    elif any(before[name] != value for name, value in after.items() if name not in COUNTS):
        tags += _of_product(instance)  # (its SKU, its currency...): the product's page
    versions.bump(*tags, using=using)


def stock_deleted(sender, instance, using=None, **kwargs):
    versions.bump(*_of_product(instance), *_stock(instance), "products", using=using)


def _shows_stock(sender, instance, **kwargs):
    """A basket line loaded for a page: the basket says how many units are left."""
    tags = _recording.get()
    if tags is not None and instance.product_id:
        tags.add(f"stock:{instance.product_id}")


def mark_relist(product_ids: Iterable[int] | None = None) -> None:
    """The listings must be bumped again once the search index has these products (any
    product's index update, when ``None``: a seller, live or certificate changed)."""
    cache = versions.page_cache()
    if cache is None or not external_index():
        return  # the database answers listings: the commit's bump was enough
    marks = [f"{RELIST_KEY}{pk}" for pk in product_ids if pk] if product_ids else [RELIST_ANY]
    with contextlib.suppress(Exception):
        cache.set_many(dict.fromkeys(marks, 1), RELIST_SECONDS)


def index_updated(sender, product_ids, rebuilt=False, **kwargs):
    """The index now has these products: listings change if one was marked to relist."""
    cache = versions.page_cache()
    if cache is None:
        return
    if rebuilt:
        versions.bump("products")
        return
    keys = [RELIST_ANY, *(f"{RELIST_KEY}{pk}" for pk in product_ids)]
    try:
        marked = cache.get_many(keys)
    except Exception:
        marked = {}
    if marked:
        # The listings read the index: what it was sent must be searchable before they
        # are rendered again (one refresh for a product coming or going, not every sale).
        make_searchable()
        with contextlib.suppress(Exception):
            cache.delete_many(list(marked))
        versions.bump("products")


def relation_changed(sender, instance, action, pk_set=None, model=None, using=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    tags = [*_tags_of(instance), "products"]
    mark_relist()
    if model is not None and model._meta.label_lower == "catalogue.product":
        tags += [f"product:{pk}" for pk in pk_set or ()]
    versions.bump(*tags, using=using)


def page_published(sender, instance=None, **kwargs):
    if instance is None:
        versions.bump()
    else:
        page_changed(sender, instance)


def task_finished(sender=None, args=None, kwargs=None, **extra):
    if sender is None:
        return
    if sender.name == EXPIRY_TASK:
        versions.bump()
    elif sender.name == RENDITIONS_TASK:
        image_id = (args or [None])[0] if args else (kwargs or {}).get("image_id")
        ProductImage = apps.get_model("catalogue", "ProductImage")
        product_id = (
            ProductImage.objects.filter(pk=image_id).values_list("product_id", flat=True).first()
        )
        versions.bump(f"product:{product_id}" if product_id else versions.ALL)


def watched_models():
    for label, name in TAGS:
        try:
            yield apps.get_model(label, name)
        except LookupError:  # an optional app is not installed
            continue


def connect() -> None:
    from celery.signals import task_postrun
    from wagtail.models import get_page_models
    from wagtail.signals import page_published as wagtail_published
    from wagtail.signals import page_unpublished

    from catalog.search.signals import index_updated as search_index_updated

    StockRecord = apps.get_model("partner", "StockRecord")
    BasketLine = apps.get_model("basket", "Line")
    post_init.connect(_shows_stock, sender=BasketLine, dispatch_uid="pagecache-basket-line-init")
    for model in watched_models():
        uid = f"pagecache-{model._meta.label}"
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}-init")
        if model is StockRecord:
            pre_save.connect(stock_before, sender=model, dispatch_uid=f"{uid}-before")
            post_save.connect(stock_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(stock_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        else:
            if (model._meta.app_label, model._meta.object_name) in WINDOWS:
                pre_save.connect(window_before, sender=model, dispatch_uid=f"{uid}-window")
            post_save.connect(model_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(model_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"{uid}-{m2m.name}")
    for model in get_page_models():
        uid = f"pagecache-{model._meta.label}"
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}-init")
        post_save.connect(page_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"{uid}-delete")
    wagtail_published.connect(page_published, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_published, dispatch_uid="pagecache-unpublished")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="pagecache-tasks")
    search_index_updated.connect(index_updated, dispatch_uid="pagecache-index")
