"""Demo catalogue: product class, categories, products, stock, OCOP certificates, images."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from catalog.models import add_months
from sellers.models import Seller

from . import data
from .images import product_picture
from .shops import resolve_commune
from .upsert import upsert

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
OcopCertificate = get_model("catalogue", "OcopCertificate")
StockRecord = get_model("partner", "StockRecord")


def ensure_product_class():
    product_class, _ = upsert(
        ProductClass,
        {"slug": data.PRODUCT_CLASS["slug"]},
        {"name": data.PRODUCT_CLASS["name"], "requires_shipping": True, "track_stock": True},
    )
    return product_class


def ensure_categories() -> dict:
    """Top-level categories by demo key (created by name, so an existing one is reused)."""
    categories = {}
    for key, (name, description, _colour, _group) in data.CATEGORIES.items():
        category = create_from_breadcrumbs(name)
        if category.description != description:
            category.description = description
            category.save()
        categories[key] = category
    return categories


def ensure_product(spec: dict, *, seller: Seller, product_class, category) -> Product:
    """A product keyed by UPC; only an approved seller's products are public."""
    origin = resolve_commune(*spec["origin"]) if spec["origin"] else seller.commune
    product, _ = upsert(
        Product,
        {"upc": spec["upc"]},
        {
            "title": spec["title"],
            "description": spec["description"],
            "product_class": product_class,
            "structure": Product.STANDALONE,
            "seller": seller,
            "unit": spec["unit"],
            "origin_commune": origin,
            "harvest_season": spec["season"],
            "traceability_code": f"{spec['upc']}-{origin.code}",
            "is_public": seller.status == Seller.Status.APPROVED,
        },
    )
    ProductCategory.objects.get_or_create(product=product, category=category)
    return product


def ensure_stock(product: Product, spec: dict, partner) -> None:
    """Price is refreshed from the data; stock is set only once, so sales are kept."""
    upsert(
        StockRecord,
        {"partner": partner, "partner_sku": spec["upc"]},
        {"product": product, "price": Decimal(spec["price"]), "price_currency": "VND"},
        create_only={"num_in_stock": spec["stock"]},
    )


def ensure_certificate(product: Product, spec: dict, group: str) -> None:
    """An OCOP certificate dated ``months`` before today, keyed by its decision number."""
    stars, decision, months, *rest = spec["ocop"]
    status = rest[0] if rest else OcopCertificate.Status.VERIFIED
    national = stars == 5
    certificate, _ = upsert(
        OcopCertificate,
        {"product": product, "decision_number": decision},
        {
            "stars": stars,
            "group": group,
            "level": OcopCertificate.Level.NATIONAL if national else OcopCertificate.Level.PROVINCE,
            "issued_on": add_months(timezone.localdate(), -months),
            "status": status,
        },
    )
    verified = status in (OcopCertificate.Status.VERIFIED, OcopCertificate.Status.EXPIRED)
    if verified and certificate.verified_at is None:
        certificate.verified_at = timezone.now()
        certificate.save(update_fields=["verified_at"])


def _has_file(image) -> bool:
    return bool(image.original) and image.original.storage.exists(image.original.name)


def ensure_images(product: Product, spec: dict, seller: Seller) -> int:
    """Draw the product's pictures unless they are already there; returns how many drawn."""
    background = data.CATEGORIES[spec["category"]][2]
    place = f"{seller.commune.full_name}, {seller.commune.province.name}"
    existing = {image.display_order: image for image in product.images.all()}
    drawn = 0
    for order in range(spec["images"]):
        image = existing.get(order) or ProductImage(product=product, display_order=order)
        if image.pk and _has_file(image):
            continue
        picture = product_picture(
            title=spec["title"],
            motif=spec["motif"],
            background=background,
            accent=spec["accent"],
            subtitle=f"{seller.display_name} · {place}",
            variant=order,
        )
        image.caption = f"Hình minh hoạ: {spec['title']}"
        image.original.save(f"{spec['upc'].lower()}-{order + 1}.jpg", ContentFile(picture))
        drawn += 1
    return drawn


def load_seller_products(spec: dict, seller: Seller, product_class, categories) -> int:
    """Every product of one seller from ``data.SELLERS``; returns pictures drawn."""
    drawn = 0
    for product_spec in spec["products"]:
        category_key = product_spec["category"]
        product = ensure_product(
            product_spec,
            seller=seller,
            product_class=product_class,
            category=categories[category_key],
        )
        if seller.partner_id:
            ensure_stock(product, product_spec, seller.partner)
        if product_spec["ocop"]:
            ensure_certificate(product, product_spec, data.CATEGORIES[category_key][3])
        drawn += ensure_images(product, product_spec, seller)
    return drawn
