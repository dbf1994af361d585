"""Read queries for catalogue pages, shaped so a page costs the same few SQL queries."""

from django.db.models import (
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from oscar.core.loading import get_model

from sellers.access import staff_communes
from sellers.models import selling_q

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Option = get_model("catalogue", "Option")


def valid_certificates(on=None) -> QuerySet:
    """Certificates that may be advertised: verified and not expired on ``on``."""
    day = on or timezone.localdate()
    return OcopCertificate.objects.filter(
        status=OcopCertificate.Status.VERIFIED, expires_on__gte=day
    )


def with_ocop_stars(queryset: QuerySet) -> QuerySet:
    """Annotate ``ocop_stars``: the best valid (public: 3–5★) rating, or None."""
    best = (
        valid_certificates()
        .filter(product=OuterRef("pk"), stars__gte=3)
        .values("product")
        .annotate(best=Max("stars"))
        .values("best")
    )
    return queryset.annotate(ocop_stars=Subquery(best, output_field=IntegerField()))


def public_products() -> QuerySet:
    """Products a buyer may see: public, not variants, from sellers allowed to sell."""
    sellable = Q(seller__isnull=True) | selling_q("seller__")
    return Product.objects.filter(
        sellable, is_public=True, structure__in=[Product.STANDALONE, Product.PARENT]
    )


def for_product_cards(queryset: QuerySet) -> QuerySet:
    """Everything a product card renders, fetched up front (no per-row queries)."""
    # Oscar's card asks ``product.has_options``: answer it from these two annotations
    # instead of two queries per product.
    queryset = queryset.annotate(
        has_product_class_options=Exists(
            Option.objects.filter(productclass=OuterRef("product_class"))
        ),
        has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
    )
    return with_ocop_stars(
        queryset.select_related(
            "product_class",
            "seller__commune__province",
        ).prefetch_related(
            "children",
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.select_related("partner"),
            ),
            "categories",
        )
    )


def has_valid_certificate(min_stars: int) -> Exists:
    return Exists(valid_certificates().filter(product=OuterRef("pk"), stars__gte=min_stars))


def public_certificates_prefetch() -> Prefetch:
    """Valid, advertised (3–5★) certificates into ``product.public_certificates``."""
    return Prefetch(
        "ocop_certificates",
        queryset=valid_certificates().filter(stars__gte=3).order_by("-stars", "-issued_on"),
        to_attr="public_certificates",
    )


def product_page_queryset(queryset: QuerySet) -> QuerySet:
    """The product page: a fixed number of queries whatever the photos and certificates."""
    return queryset.select_related(
        "seller__commune__province", "product_class", "origin_commune__province"
    ).prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
        public_certificates_prefetch(),
        Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
    )


def seller_products(seller) -> QuerySet:
    """The seller's own products, drafts included, for the back office list."""
    return (
        Product.objects.filter(seller=seller)
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.filter(partner_id=seller.partner_id),
                to_attr="own_stockrecords",
            ),
            Prefetch(
                "ocop_certificates",
                queryset=OcopCertificate.objects.order_by("-issued_on"),
                to_attr="all_certificates",
            ),
        )
        .order_by("-date_updated")
    )


def certificates_to_review(user) -> QuerySet:
    """Certificates of sellers in the communes ``user`` looks after (operators: all)."""
    queryset = OcopCertificate.objects.select_related(
        "product__seller__commune__province"
    ).order_by("status", "-created_at")
    if user.is_superuser:
        return queryset
    return queryset.filter(product__seller__commune__in=staff_communes(user))


def trace_product(code: str):
    """The product behind a printed traceability code, if buyers may see it."""
    return (
        product_page_queryset(public_products())
        .filter(traceability_code=code.strip().upper())
        .first()
    )


def story_products(*, seller=None, product=None) -> list:
    """Products a story tells about, ready for cards (price and add to basket)."""
    queryset = public_products()
    if product is not None:
        queryset = queryset.filter(pk=product.pk)
    elif seller is not None:
        queryset = queryset.filter(seller=seller)
    else:
        return []
    return list(for_product_cards(queryset).order_by("-ocop_stars", "title")[:12])


def seller_page_products(seller) -> QuerySet:
    """The seller's public products, as cards for the seller's page."""
    return for_product_cards(public_products().filter(seller=seller)).order_by("-date_created")
