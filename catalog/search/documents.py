"""The Elasticsearch product document: mapping, analyzers, and building it from a product.

Analyzers (no ICU plugin needed, so any Elasticsearch 8 or OpenSearch node works):

- ``cholang_folded``: standard tokenizer + lowercase + asciifolding. "Đường phèn" and
  "duong phen" give the same tokens, so accents are optional.
- ``cholang_exact``: standard tokenizer + lowercase only, on ``.exact`` sub-fields: an
  accented query ("bơ") scores higher on products spelled that way than on "bò".
- ``search_as_you_type`` sub-fields on title and seller name serve the suggestions.

OCOP stars are stored as the last day a verified certificate of at least 3, 4 or 5 stars
is valid (``ocop_3`` …): the filter "valid today" is then a date range, right on every
day without reindexing when a certificate expires.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    SearchAsYouType,
    Text,
    analyzer,
)
from oscar.core.loading import get_model

from sellers.models import Seller

from .analysis import folded_words, normalise_for_index, strip_tags_text
from .backends import STAR_LEVELS

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")

folded = analyzer("cholang_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
exact = analyzer("cholang_exact", tokenizer="standard", filter=["lowercase"])


def _text(**subfields) -> Text:
    return Text(analyzer=folded, fields={"exact": Text(analyzer=exact), **subfields})


class ProductDocument(Document):
    title = _text(suggest=SearchAsYouType(analyzer=folded))
    # The title's first two words, folded: what the product is ("bi xanh" …).
    title_lead = Keyword()
    description = _text()
    story = _text()
    seller_name = _text()
    place = _text()
    product_id = Integer()
    slug = Keyword(index=False)
    category_ids = Integer(multi=True)
    province = Keyword()
    seller_id = Integer()
    seller_kind = Keyword()
    seller_status = Keyword()
    in_stock = Boolean()
    price = Long()
    ocop_3 = Date()
    ocop_4 = Date()
    ocop_5 = Date()
    # End of the last livestream on now or coming up that shows the product.
    live_until = Date()
    date_created = Date()
    num_purchases = Integer()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


NO_SELLER = "none"
_STOCK_FIELDS = ("pk", "product_id", "price", "num_in_stock", "num_allocated")
_STORY_FIELDS = ("title", "live", "summary", "body")
# What a document reads, and no more: a rebuild converts every loaded column.
_DOCUMENT_FIELDS = (
    *("id", "structure", "is_public", "title", "slug", "description", "date_created"),
    *("seller_id", "origin_commune_id", "product_class_id", "product_class__track_stock"),
    *("seller__display_name", "seller__status", "seller__kind", "seller__address"),
    *("seller__commune__name", "seller__commune__province__name"),
    "seller__commune__province__slug",
    *("origin_commune__name", "origin_commune__province__name", "stats__num_purchases"),
    *(f"story_page__{name}" for name in _STORY_FIELDS),
    *(f"seller__story_page__{name}" for name in (*_STORY_FIELDS, "village")),
)
SEARCHABLE_SELLER_STATUSES = (*Seller.SELLING_STATUSES, NO_SELLER)


def products_for_index() -> QuerySet:
    """Products with everything a document needs, in a few queries per chunk.

    Prefetches go to plain lists (``to_attr``): a related manager's ``.all()`` clones a
    queryset each time, which cost more than the queries themselves in a bulk rebuild.
    """
    records = StockRecord.objects.only(*_STOCK_FIELDS)
    return (
        Product.objects.filter(structure__in=[Product.STANDALONE, Product.PARENT])
        .select_related(
            "product_class",
            "seller__commune__province",
            "seller__story_page",
            "origin_commune__province",
            "stats",
            "story_page",
        )
        .only(*_DOCUMENT_FIELDS)
        .prefetch_related(
            Prefetch(
                "categories", queryset=Category.objects.only("pk"), to_attr="index_categories"
            ),
            Prefetch("stockrecords", queryset=records, to_attr="index_records"),
            Prefetch(
                "children",
                queryset=Product.objects.only("pk", "parent_id").prefetch_related(
                    Prefetch("stockrecords", queryset=records, to_attr="index_records")
                ),
                to_attr="index_children",
            ),
            Prefetch(
                "ocop_certificates",
                queryset=OcopCertificate.objects.filter(
                    status=OcopCertificate.Status.VERIFIED, stars__gte=3
                ).only("pk", "product_id", "stars", "expires_on"),
                to_attr="verified_certificates",
            ),
        )
        .order_by("pk")
    )


def is_searchable(product) -> bool:
    seller = product.seller
    return (
        product.is_public
        and product.structure in (Product.STANDALONE, Product.PARENT)
        and (seller is None or seller.is_selling)
    )


def _records(product):
    records = list(product.index_records)
    for child in product.index_children:
        records.extend(child.index_records)
    return [r for r in records if r.price is not None]


def _stock(product) -> tuple[bool, int | None]:
    """(in stock, lowest price) following Oscar's rule: untracked classes never run out."""
    records = _records(product)
    tracked = product.product_class.track_stock if product.product_class else True
    available = [r for r in records if not tracked or r.net_stock_level > 0]
    prices = [int(r.price) for r in records]
    return bool(available), (min(prices) if prices else None)


# What ``manage.py search_check`` compares between the database and the index: what a
# buyer would see wrong first (price, stock, whether the seller may sell).
CHECKED_FIELDS = ("price", "in_stock", "seller_status")


def checked_fields(product) -> dict:
    """The ``CHECKED_FIELDS`` of ``product``'s document, as ``build_document`` writes them."""
    available, price = _stock(product)
    seller = product.seller
    return {
        "price": price,
        "in_stock": available,
        "seller_status": seller.status if seller else NO_SELLER,
    }


def _story_text(page, *extra: str) -> str:
    if page is None or not page.live:
        return ""
    body = page._meta.get_field("body").get_searchable_content(page.body)
    return " ".join([page.title, page.summary, *extra, *map(str, body)])


def _place(product) -> str:
    parts = []
    seller = product.seller
    if seller is not None:
        parts += [seller.address, seller.commune.name, seller.commune.province.name]
    origin = product.origin_commune
    if origin is not None and (seller is None or origin.pk != seller.commune_id):
        parts += [origin.name, origin.province.name]
    return " ".join(parts)


def _ocop_until(product) -> dict:
    until = {}
    for level in STAR_LEVELS:
        days = [c.expires_on for c in product.verified_certificates if c.stars >= level]
        until[f"ocop_{level}"] = max(days) if days else None
    return until


def build_document(product, live_until=None) -> dict:
    """The ``ProductDocument`` source for one product (from ``products_for_index()``).

    A plain dict: building ``ProductDocument`` objects doubled the cost of a rebuild.
    ``live_until`` comes from ``products.live_until_by_product()``, fetched once for a
    batch: livestreams link to products without a reverse accessor to prefetch.
    """
    seller = product.seller
    available, price = _stock(product)
    # A missing reverse one-to-one raises an AttributeError subclass: getattr's default.
    stats = getattr(product, "stats", None)
    product_story = getattr(product, "story_page", None)
    producer_story = getattr(seller, "story_page", None) if seller else None
    fields = {
        "title": product.title,
        "description": strip_tags_text(product.description),
        "story": " ".join(
            filter(
                None,
                [
                    _story_text(product_story),
                    _story_text(producer_story, getattr(producer_story, "village", "")),
                ],
            )
        ),
        "seller_name": seller.display_name if seller else "",
        "place": _place(product),
    }
    return dict(
        **{name: normalise_for_index(value) for name, value in fields.items()},
        product_id=product.pk,
        title_lead=" ".join(folded_words(product.title)[:2]),
        slug=product.slug,
        category_ids=[c.pk for c in product.index_categories],
        province=seller.commune.province.slug if seller else "",
        seller_id=seller.pk if seller else None,
        seller_kind=seller.kind if seller else "",
        seller_status=seller.status if seller else NO_SELLER,
        in_stock=available,
        price=price,
        date_created=product.date_created,
        num_purchases=stats.num_purchases if stats else 0,
        live_until=live_until,
        **_ocop_until(product),
    )


def index_action(source: dict, index: str) -> dict:
    """A bulk "index" action for a ``build_document`` source into ``index``."""
    return {"_index": index, "_id": source["product_id"], "_source": source}
