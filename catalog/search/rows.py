"""Keeping ``SearchRow`` current: one set-based ``INSERT … SELECT … ON CONFLICT`` statement.

The SELECT is built with the ORM from the same definitions the rest of search uses
(``products.in_stock``, ``products.min_price``, ``catalog.selectors.valid_certificates``,
``products.live_items``), compiled, and wrapped in an upsert, so refreshing one product,
a seller's thousand or the whole catalogue is the same single statement run by the
database (PostgreSQL and SQLite both accept it). A full rebuild at 100,000 products is
therefore one server-side pass, not 100,000 Python round trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors
from catalog.stories.models import ProducerStoryPage, ProductStoryPage

from .db import Fold
from .models import SearchRow, SearchWord
from .products import in_stock, live_items, min_price
from .vocabulary import forget_now_and_on_commit, rebuild_words

Product = get_model("catalogue", "Product")

_WORD = re.compile(r"[^\W_]+")
MAX_WORD = SearchWord._meta.get_field("word").max_length


def _text(*parts) -> Concat:
    pieces = []
    for part in parts:
        if pieces:
            pieces.append(Value(" "))
        pieces.append(Coalesce(part, Value(""), output_field=CharField()))
    return Concat(*pieces, output_field=CharField())


def _stories():
    product_story = ProductStoryPage.objects.live().filter(product=OuterRef("pk"))
    producer_story = ProducerStoryPage.objects.live().filter(seller=OuterRef("seller_id"))
    return _text(
        Subquery(product_story.values(text=_text(F("title"), F("summary")))[:1]),
        Subquery(producer_story.values(text=_text(F("title"), F("summary"), F("village")))[:1]),
    )


def _certificate(field: str) -> Subquery:
    best = (
        catalog_selectors.valid_certificates()
        .filter(product=OuterRef("pk"))
        .order_by("-stars", "-expires_on")
        .values(field)[:1]
    )
    return Subquery(best)


def _live_until():
    items = live_items()
    if items is None:
        return Value(None, output_field=SearchRow._meta.get_field("live_until"))
    return Subquery(items.filter(product=OuterRef("pk")).order_by("-live__ends_at").values(
        "live__ends_at"
    )[:1])  # fmt: skip


def _place() -> Concat:
    return _text(F("seller__commune__name"), F("seller__commune__province__name"))


def _columns(names: Iterable[str] | None = None) -> dict:
    """Row column → expression over a Product, in the order of the INSERT; only ``names``
    when given (a stock change builds two expressions, not the stories and certificates)."""
    builders = {
        "product_id": lambda: F("pk"),
        "title": lambda: F("title"),
        "title_folded": lambda: Fold("title"),
        "seller_folded": lambda: Fold(Coalesce(F("seller__display_name"), Value(""))),
        "place_folded": lambda: Fold(_place()),
        "story_folded": lambda: Fold(_stories()),
        "document": lambda: _text(F("search_text"), Fold(_place()), Fold(_stories())),
        "is_public": lambda: F("is_public"),
        "may_sell": lambda: ExpressionWrapper(
            Q(seller__isnull=True) | Q(seller__status="approved"), output_field=BooleanField()
        ),
        "in_stock": lambda: ExpressionWrapper(in_stock(), output_field=BooleanField()),
        "min_price": min_price,
        "ocop_stars": lambda: _certificate("stars"),
        "ocop_until": lambda: _certificate("expires_on"),
        "live_until": _live_until,
        "seller_kind": lambda: Coalesce(F("seller__kind"), Value("")),
        "province_id": lambda: F("seller__commune__province_id"),
        "commune_id": lambda: F("seller__commune_id"),
        "popularity": lambda: Coalesce(
            F("stats__num_purchases"), Value(0), output_field=IntegerField()
        ),
        "date_created": lambda: F("date_created"),
    }
    wanted = builders if names is None else names
    return {name: builders[name]() for name in wanted}


def _upsert(products) -> int:
    columns = _columns()
    names = list(columns)
    # Aliases that cannot collide with Product's own fields; selected in this order.
    aliased = {f"r_{name}": expression for name, expression in columns.items()}
    select = products.order_by().annotate(**aliased).values_list(*aliased)
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(SearchRow._meta.db_table)
    cols = ", ".join(quote(name) for name in names)
    updates = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in names if n != "product_id")
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    statement = (
        f"INSERT INTO {table} ({cols}) SELECT * FROM ({sql}) AS fresh WHERE true "  # noqa: S608
        f"ON CONFLICT ({quote('product_id')}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _indexable():
    # Variants are not rows of their own: their stock and price count in the parent's.
    return Product.objects.filter(structure__in=[Product.STANDALONE, Product.PARENT])


def refresh(*, product_ids: Iterable[int] | None = None, seller_id: int | None = None) -> int:
    """Rewrite the rows of these products (or of a seller's) from the catalogue.

    A variant's id refreshes its parent's row; products that are gone or became
    variants lose their row. New words join the speller's dictionary.
    """
    products = _indexable()
    if seller_id is not None:
        products = products.filter(seller_id=seller_id)
        stale = SearchRow.objects.filter(product__seller_id=seller_id)
    else:
        ids = {int(pk) for pk in product_ids or () if pk}
        if not ids:
            return 0
        parents = Product.objects.filter(pk__in=ids, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
        ids |= set(parents)
        products = products.filter(pk__in=ids)
        stale = SearchRow.objects.filter(product_id__in=ids)
    with transaction.atomic():
        stale.exclude(product__in=products).delete()
        count = _upsert(products)
        rows = SearchRow.objects.filter(product__in=products)
        add_words(rows.values_list("document", flat=True))
    return count


# What a stock record's change can move (a sale, a restock, a new price), and an order's.
STOCK_COLUMNS = ("in_stock", "min_price")
SALES_COLUMNS = ("popularity",)


def refresh_columns(*, product_ids: Iterable[int], names: Iterable[str]) -> int:
    """Only ``names`` of these products' rows, and only where they changed.

    A sale moves a row's stock and popularity, never its texts: one ``UPDATE … FROM``
    rewrites those columns alone, and a row whose values are the same is not written at
    all (no new row version, no index entry). A product with no row yet gets its whole
    row (``refresh``). Returns the number of rows written.
    """
    ids = {int(pk) for pk in product_ids if pk}
    if not ids:
        return 0
    # One read says each product's parent and which of the two have a row already.
    has_row = SearchRow.objects.filter(product_id=OuterRef("pk"))
    parent_has_row = SearchRow.objects.filter(product_id=OuterRef("parent_id"))
    known = Product.objects.filter(pk__in=ids).annotate(
        row=Exists(has_row), parent_row=Exists(parent_has_row)
    )
    missing = set(ids)
    for pk, parent_id, row, parent_row in known.values_list("pk", "parent_id", "row", "parent_row"):
        if row:
            missing.discard(pk)
        if parent_id:
            ids.add(parent_id)
            if not parent_row:
                missing.add(parent_id)
    names = list(names)
    aliased = {f"r_{name}": expression for name, expression in _columns(names).items()}
    aliased = {"r_product": F("pk"), **aliased}
    fresh = _indexable().filter(pk__in=ids).order_by().annotate(**aliased).values_list(*aliased)
    sql, params = fresh.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(SearchRow._meta.db_table)
    sets = ", ".join(f"{quote(n)} = fresh.{quote('r_' + n)}" for n in names)
    changed = " OR ".join(
        f"{table}.{quote(n)} IS DISTINCT FROM fresh.{quote('r_' + n)}" for n in names
    )
    statement = (
        f"UPDATE {table} SET {sets} FROM ({sql}) AS fresh "  # noqa: S608
        f"WHERE {table}.{quote('product_id')} = fresh.{quote('r_product')} AND ({changed})"
    )
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            written = cursor.rowcount
        if missing:  # not searchable before (or a variant's id): the whole row, if any
            written += refresh(product_ids=missing)
    return written


def add_words(documents: Iterable[str]) -> int:
    """Words of these documents the dictionary lacks, added with a count of one."""
    words = set()
    for document in documents:
        words.update(w for w in _WORD.findall(document) if len(w) <= MAX_WORD)
    if not words:
        return 0
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    new = [SearchWord(word=word, products=1) for word in sorted(words - known)]
    SearchWord.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        forget_now_and_on_commit()
    return len(new)


def rebuild() -> int:
    """Every row and the whole dictionary from scratch, in one transaction.

    Searches running meanwhile keep reading the previous rows (MVCC on PostgreSQL)
    until the new ones commit.
    """
    with transaction.atomic():
        SearchRow.objects.all().delete()
        count = _upsert(_indexable())
        rebuild_words()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchRow._meta.db_table)}")
    return count
