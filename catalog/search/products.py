"""Which products search may show, and loading a page of them for the product cards.

Both backends use these, so a product hidden from one is hidden from the other: public,
not a variant, from an approved seller (``catalog.selectors.public_products``) and in
stock, i.e. with a priced stock record that has stock left or whose product class does
not track stock (Oscar's own availability rule). A parent product counts its variants'
stock records.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import (
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors

from .backends import SearchResult
from .models import visible_rows

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductCategory = get_model("catalogue", "ProductCategory")


def in_stock() -> Q:
    """Products with something to sell (their own stock records or their variants')."""
    priced = StockRecord.objects.filter(price__isnull=False)
    own = priced.filter(product=OuterRef("pk"))
    variants = priced.filter(product__parent=OuterRef("pk"))
    left = Q(num_in_stock__gt=Coalesce(F("num_allocated"), Value(0)))
    # The product class is joined once on the outer row rather than in every subquery.
    untracked = Q(product_class__track_stock=False) & (Q(Exists(own)) | Q(Exists(variants)))
    return untracked | Q(Exists(own.filter(left))) | Q(Exists(variants.filter(left)))


def searchable_products() -> QuerySet:
    """Products a buyer may find: public, sellable, in stock."""
    return catalog_selectors.public_products().filter(in_stock())


def in_categories(category_ids) -> Q:
    """Products in any of these categories, without the duplicate rows of a join."""
    return Q(
        pk__in=ProductCategory.objects.filter(category_id__in=category_ids).values("product_id")
    )


def min_price():
    """The lowest price of the product's priced stock records (a parent's: its variants').

    Two correlated subqueries rather than one with ``product = … OR product.parent = …``:
    the OR would defeat the index on ``product_id`` and scan every stock record per row.
    """
    priced = StockRecord.objects.filter(price__isnull=False).order_by("price").values("price")
    own = Subquery(priced.filter(product=OuterRef("pk"))[:1])
    variants = Subquery(priced.filter(product__parent=OuterRef("pk"))[:1])
    return Coalesce(own, variants, output_field=DecimalField(max_digits=12, decimal_places=2))


def live_items() -> QuerySet | None:
    """Products of livestreams on now or coming up (None if there is no livestream app)."""
    try:
        LiveProduct = apps.get_model("livestream", "LiveProduct")
    except LookupError:
        return None
    status = LiveProduct._meta.get_field("live").related_model.Status
    return LiveProduct.objects.filter(
        shown=True,
        live__status__in=[status.SCHEDULED, status.LIVE],
        live__ended_at__isnull=True,
        live__ends_at__gt=timezone.now(),
    )


def in_live():
    """Condition: the product is in a livestream on now or coming up (None: no such app)."""
    items = live_items()
    return None if items is None else Exists(items.filter(product=OuterRef("pk")))


def live_until_by_product() -> dict:
    """Product id → end of the last livestream on now or coming up that shows it."""
    items = live_items()
    if items is None:
        return {}
    return dict(items.values_list("product_id").annotate(until=Max("live__ends_at")).order_by())


# What a result needs before its card is rendered: its marks (title, description), its
# address and the versions its kept card is filed under (the product and its seller).
LIGHT_FIELDS = ("id", "title", "slug", "description", "seller_id", "structure", "parent_id")


NEWEST = ("-date_created", "-product_id")


def featured_ids(limit: int) -> list[int]:
    """The home page's choice among products a buyer can buy now: valid 5★ OCOP ratings
    first, then 4★ and 3★, the newest first within each; then the newest of the rest.

    Read from the search rows (one row per product, kept with every change, indexed for
    these orders), so it costs a few index reads whatever the size of the catalogue.
    """
    today = timezone.localdate()
    rows = visible_rows()
    ids: list[int] = []
    for stars in (5, 4, 3):
        rated = rows.filter(ocop_stars=stars, ocop_until__gte=today).order_by(*NEWEST)
        ids += rated.values_list("product_id", flat=True)[: limit - len(ids)]
        if len(ids) >= limit:
            return ids
    rest = rows.exclude(ocop_stars__gte=3, ocop_until__gte=today).order_by(*NEWEST)
    return ids + list(rest.values_list("product_id", flat=True)[: limit - len(ids)])


def hydrate(ids: list[int], *, light: bool = False) -> list:
    """Products for these ids, in this order, with everything a card renders.

    A constant number of queries whatever the number of ids; ids that are no longer
    searchable (an index that lags behind the database) are left out. ``light``: one
    query for the few columns of ``LIGHT_FIELDS`` (``card_ready`` is then False); the
    listing loads the rest with ``ready_for_cards`` for the cards it has to render.
    """
    if not ids:
        return []
    rows = searchable_products().filter(pk__in=ids)
    rows = rows.only(*LIGHT_FIELDS) if light else catalog_selectors.for_product_cards(rows)
    by_id = {product.pk: product for product in rows}
    if light:
        for product in by_id.values():
            product.card_ready = False
    return [by_id[pk] for pk in ids if pk in by_id]


def ready_for_cards(products: list) -> list:
    """The same products with everything a card renders, their search marks kept (one
    query per kind of row, however many); a product gone meanwhile is left out."""
    full = {
        product.pk: product
        for product in catalog_selectors.for_product_cards(
            Product.objects.filter(pk__in=[product.pk for product in products])
        )
    }
    ready = []
    for product in products:
        loaded = full.get(product.pk)
        if loaded is None:
            continue
        loaded.search_title_html = getattr(product, "search_title_html", None)
        loaded.search_snippet_html = getattr(product, "search_snippet_html", None)
        ready.append(loaded)
    return ready


def result_page(query, ids: list[int], *, total: int, facets, backend: str, marks):
    """The page both backends answer with: the products of ``ids`` in that order, ready
    for cards, each with its title and snippet highlighted by ``marks(product)``, which
    returns ``(title_html, snippet_html)`` (None where there is nothing to mark)."""
    products = hydrate(ids, light=True)
    for product in products:
        product.search_title_html, product.search_snippet_html = marks(product)
    return SearchResult(
        products=products,
        total=total,
        facets=facets,
        page=query.page,
        text=query.text,
        backend=backend,
    )
