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
    sellable = Q(seller__isnull=True) | Q(seller__status="approved")
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


def featured_products(limit: int = 8) -> list:
    """Home page selection: best-rated OCOP products first, then the newest."""
    qs = for_product_cards(public_products())
    return list(qs.order_by("-ocop_stars", "-date_created")[:limit])
