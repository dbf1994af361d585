"""Writes to the catalogue: listings, photos, price and stock, OCOP certificates.

Every function takes keyword arguments, runs in one transaction, raises ``CatalogError``
with a message for the person in front of the screen, and writes the audit log.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit
from marketplace.text import nfc
from sellers.access import SellerContext, staff_communes

from . import images
from .models import OcopCertificate, add_months
from .tasks import make_image_renditions

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

MAX_PHOTOS = 8


class CatalogError(Exception):
    """A write refused for a reason the user can fix; ``str()`` is the message."""


@dataclass(frozen=True)
class Details:
    title: str
    category: object | None
    unit: str
    price: Decimal
    stock: int
    description: str = ""
    harvest_season: str = ""
    weight_grams: int | None = None


def _audit(context: SellerContext, verb: str, target, **extra) -> None:
    audit.record(
        actor=context.actor, on_behalf_of=context.seller, verb=verb, target=target, **extra
    )


def check_price(price) -> Decimal:
    price = Decimal(price)
    if price != price.to_integral_value():
        raise CatalogError(_("Prices are in whole đồng."))
    if price < 1000:
        raise CatalogError(_("The price must be at least 1.000 ₫."))
    if price > settings.CATALOG_MAX_PRICE:
        raise CatalogError(_("The price cannot be more than 1.000.000.000 ₫."))
    return price


def check_stock(stock) -> int:
    if stock is None or int(stock) < 0:
        raise CatalogError(_("Stock cannot be below zero."))
    return int(stock)


def _default_product_class():
    product_class = ProductClass.objects.order_by("pk").first()
    if product_class is None:
        product_class = ProductClass.objects.create(
            name="Đặc sản OCOP", slug="dac-san-ocop", requires_shipping=True, track_stock=True
        )
    return product_class


def _store_photo(product, upload_bytes: bytes, order: int, client_key: uuid.UUID | None = None):
    clean = images.clean_upload(upload_bytes)
    image = ProductImage(
        product=product,
        display_order=order,
        width=clean.width,
        height=clean.height,
        client_key=client_key,
    )
    image.original.save(f"p{product.pk}-{order + 1}.jpg", ContentFile(clean.content), save=False)
    image.save()
    transaction.on_commit(lambda: make_image_renditions.delay(image.pk))
    return image


def _read_all(files) -> list[bytes]:
    """Check every photo before storing any, so one bad file changes nothing."""
    contents = []
    for upload in files:
        if upload.size > settings.CATALOG_IMAGE_MAX_BYTES:
            mb = settings.CATALOG_IMAGE_MAX_BYTES // (1024 * 1024)
            raise CatalogError(
                _("“%(name)s” is too large: the limit is %(mb)s MB.")
                % {"name": upload.name, "mb": mb}
            )
        data = upload.read()
        try:
            images.clean_upload(data)
        except images.ImageRejected as exc:
            raise CatalogError(f"{upload.name}: {exc}") from exc
        contents.append(data)
    return contents


@transaction.atomic
def create_draft(*, context: SellerContext, files, client_key: uuid.UUID | None = None) -> Product:
    """Screen 1: a hidden draft product holding the seller's photos.

    ``client_key`` comes with the form (or the phone's offline draft): sending the same key
    again returns the product the first send made, photos and all, and makes nothing new.
    """
    seller = context.seller
    if client_key is not None:
        existing = Product.objects.filter(seller=seller, client_key=client_key).first()
        if existing is not None:
            return existing
    if not files:
        raise CatalogError(_("Choose at least one photo."))
    if len(files) > MAX_PHOTOS:
        raise CatalogError(_("At most %(n)s photos per product.") % {"n": MAX_PHOTOS})
    contents = _read_all(files)
    product = _new_draft(seller, client_key)
    if product is None:  # the same draft arrived twice at once: the other request made it
        return Product.objects.get(seller=seller, client_key=client_key)
    for order, data in enumerate(contents):
        _store_photo(product, data, order)
    _audit(context, "product.created", product, after={"photos": len(contents)})
    return product


def _new_draft(seller, client_key) -> Product | None:
    """A new hidden product for the seller's photos; ``None`` when another request made
    the one with this ``client_key`` meanwhile."""
    try:
        with transaction.atomic():
            return Product.objects.create(
                title=_("New product"),
                product_class=_default_product_class(),
                structure=Product.STANDALONE,
                seller=seller,
                origin_commune=seller.commune,
                is_public=False,
                client_key=client_key,
            )
    except IntegrityError:
        return None


def _draft_for_key(context: SellerContext, client_key: uuid.UUID) -> tuple[Product, bool]:
    """The product the phone's draft ``client_key`` made, locked; made now if none yet."""
    seller = context.seller
    product = (
        Product.objects.select_for_update().filter(seller=seller, client_key=client_key).first()
    )
    if product is not None:
        return product, False
    product = _new_draft(seller, client_key)
    if product is None:  # its first photo arrived twice at once: the other request made it
        product = Product.objects.select_for_update().get(seller=seller, client_key=client_key)
        return product, False
    return product, True


@transaction.atomic
def add_photo_once(
    *, context: SellerContext, client_key: uuid.UUID, photo_key: uuid.UUID, file
) -> Product:
    """One photo of a phone's draft, sent on its own so a dropped signal costs one photo.

    The first photo makes the hidden draft product (found again by ``client_key``); a photo
    whose ``photo_key`` the product already holds is not stored again, so resending a
    whole draft after a failure ends with each photo exactly once, in the order sent.
    """
    product, created = _draft_for_key(context, client_key)
    if product.images.filter(client_key=photo_key).exists():
        return product
    existing = product.images.count()
    if existing >= MAX_PHOTOS:
        raise CatalogError(_("At most %(n)s photos per product.") % {"n": MAX_PHOTOS})
    (data,) = _read_all([file])
    _store_photo(product, data, existing, client_key=photo_key)
    if created:
        _audit(context, "product.created", product, after={"photos": 1})
    else:
        _audit(context, "product.photos_added", product, after={"photos": 1})
    return product


@transaction.atomic
def add_photos(*, context: SellerContext, product: Product, files) -> list:
    """More photos for a product of the seller's (checked all first, then stored)."""
    existing = product.images.count()
    if existing + len(files) > MAX_PHOTOS:
        raise CatalogError(_("At most %(n)s photos per product.") % {"n": MAX_PHOTOS})
    contents = _read_all(files)
    stored = [_store_photo(product, data, existing + i) for i, data in enumerate(contents)]
    _audit(context, "product.photos_added", product, after={"photos": len(stored)})
    return stored


def _stockrecord(product: Product, seller) -> StockRecord:
    if seller.partner_id is None:
        raise CatalogError(_("Your shop is not approved for selling yet."))
    record = StockRecord.objects.filter(product=product, partner_id=seller.partner_id).first()
    return record or StockRecord(
        product=product,
        partner_id=seller.partner_id,
        partner_sku=f"{seller.slug[:100]}-{product.pk}",
        price_currency=settings.OSCAR_DEFAULT_CURRENCY,
    )


class ConflictError(CatalogError):
    """The product changed on the server after the seller's copy was taken."""


def details_version(product: Product) -> str:
    """A short fingerprint of what the details screen shows, to spot edits made meanwhile."""
    record = _stockrecord(product, product.seller) if product.seller.partner_id else None
    state = _snapshot(product, record if record and record.pk else None)
    state["description"] = product.description
    state["harvest_season"] = product.harvest_season
    return hashlib.sha256(repr(sorted(state.items())).encode()).hexdigest()[:16]


def _already_applied(product: Product, details: Details, record: StockRecord) -> bool:
    return (
        record.pk is not None
        and product.title == nfc(details.title.strip())
        and product.unit == details.unit
        and product.description == nfc(details.description.strip())
        and product.harvest_season == details.harvest_season.strip()
        and record.price == check_price(details.price)
        and record.num_in_stock == check_stock(details.stock)
    )


def _snapshot(product: Product, record: StockRecord | None) -> dict:
    return {
        "title": product.title,
        "unit": product.unit,
        "weight_grams": product.weight_grams,
        "price": str(record.price) if record and record.price is not None else None,
        "stock": record.num_in_stock if record else None,
    }


@transaction.atomic
def update_details(
    *, context: SellerContext, product: Product, details: Details, base_version: str = ""
) -> Product:
    """Screen 2: name, category, unit, weight, price, stock, description, harvest season.

    ``base_version`` is the ``details_version`` the seller's form was filled from; if the
    product changed since (another phone, the quick price list), nothing is overwritten and
    ``ConflictError`` says so, unless the product already holds exactly these details (a
    resent draft whose first send got through).
    """
    price, stock = check_price(details.price), check_stock(details.stock)
    title = details.title.strip()
    if not title:
        raise CatalogError(_("Give the product a name."))
    product = Product.objects.select_for_update().get(pk=product.pk)
    record = _stockrecord(product, context.seller)
    if base_version and base_version != details_version(product):
        if _already_applied(product, details, record):
            return product
        raise ConflictError(
            _(
                "This product was changed elsewhere after you started editing it; "
                "nothing was overwritten. Check the details below and save again."
            )
        )
    before = _snapshot(product, record if record.pk else None)
    product.title = title
    product.unit = details.unit
    product.description = details.description.strip()
    product.harvest_season = details.harvest_season.strip()
    if details.weight_grams is not None and not 1 <= details.weight_grams <= 50_000:
        raise CatalogError(_("A unit weighs between 1 gram and 50 kg."))
    product.weight_grams = details.weight_grams
    product.save()
    if details.category is not None:
        ProductCategory.objects.filter(product=product).exclude(category=details.category).delete()
        ProductCategory.objects.get_or_create(product=product, category=details.category)
    record.price, record.num_in_stock = price, stock
    record.save()
    _audit(context, "product.updated", product, before=before, after=_snapshot(product, record))
    return product


@transaction.atomic
def publish(*, context: SellerContext, product: Product, public: bool = True) -> Product:
    """Screen 3: show the product to buyers (or take it down again).

    Asking again for what the product already is changes nothing and records nothing: a
    phone resending its draft after a lost answer publishes once.
    """
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.is_public == public:
        return product
    if public:
        record = StockRecord.objects.filter(product=product, partner_id=context.seller.partner_id)
        if not record.exclude(price=None).exists():
            raise CatalogError(_("Set a price before publishing."))
        if not product.images.exists():
            raise CatalogError(_("Add at least one photo before publishing."))
    product.is_public = public
    product.save(update_fields=["is_public", "date_updated"])
    _audit(context, "product.published" if public else "product.unpublished", product)
    return product


@transaction.atomic
def set_prices_and_stock(*, context: SellerContext, changes: dict[int, tuple]) -> int:
    """The quick list: ``{product_id: (price, stock)}`` for the seller's products.

    Every row is checked before any is written; returns how many rows changed.
    """
    checked = {pk: (check_price(p), check_stock(s)) for pk, (p, s) in changes.items()}
    products = Product.objects.filter(seller=context.seller, pk__in=checked)
    if len(products) != len(checked):
        raise CatalogError(_("Some of these products are not yours."))
    changed = 0
    for product in products:
        price, stock = checked[product.pk]
        record = _stockrecord(product, context.seller)
        if record.pk and record.price == price and record.num_in_stock == stock:
            continue
        before = _snapshot(product, record if record.pk else None)
        record.price, record.num_in_stock = price, stock
        record.save()
        _audit(
            context,
            "product.stock_updated",
            product,
            before=before,
            after=_snapshot(product, record),
        )
        changed += 1
    return changed


# --- OCOP certificates ---------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateClaim:
    stars: int
    group: str
    level: str
    decision_number: str
    issued_on: datetime.date
    printed_expiry: datetime.date | None = None


def check_claim(claim: CertificateClaim) -> None:
    """OCOP rules that a form alone cannot be trusted with."""
    if claim.stars not in range(1, 6):
        raise CatalogError(_("OCOP ratings go from 1 to 5 stars."))
    if claim.stars == 5 and claim.level != OcopCertificate.Level.NATIONAL:
        raise CatalogError(_("5-star OCOP ratings are decided nationally, not by the province."))
    if claim.stars < 5 and claim.level != OcopCertificate.Level.PROVINCE:
        raise CatalogError(_("Ratings below 5 stars are decided by the province."))
    if claim.issued_on > timezone.localdate():
        raise CatalogError(_("The issue date cannot be in the future."))
    if claim.printed_expiry is not None:
        if claim.printed_expiry <= claim.issued_on:
            raise CatalogError(_("The expiry date cannot be before the issue date."))
        expected = add_months(claim.issued_on, OcopCertificate.VALIDITY_MONTHS)
        if claim.printed_expiry != expected:
            raise CatalogError(
                _("OCOP certificates are valid for 36 months: expiry should be %(date)s.")
                % {"date": expected.strftime("%d/%m/%Y")}
            )
    expires_on = add_months(claim.issued_on, OcopCertificate.VALIDITY_MONTHS)
    if expires_on < timezone.localdate():
        # Commune staff could never verify it; say so now instead of after a wait.
        raise CatalogError(
            _(
                "This certificate expired on %(date)s (36 months after its issue date), so it "
                "cannot be checked. Add the new certificate once the product is rated again."
            )
            % {"date": expires_on.strftime("%d/%m/%Y")}
        )


def _scan_content(upload) -> tuple[str, bytes]:
    """A scan is a photo (cleaned like any other) or a PDF; nothing else is kept."""
    data = upload.read()
    if data.startswith(b"%PDF-"):
        if len(data) > settings.CATALOG_IMAGE_MAX_BYTES:
            raise CatalogError(_("This file is too large."))
        return "pdf", data
    try:
        return "jpg", images.clean_upload(data).content
    except images.ImageRejected as exc:
        raise CatalogError(str(exc)) from exc


@transaction.atomic
def add_certificate(
    *, context: SellerContext, product: Product, claim: CertificateClaim, scan=None
) -> OcopCertificate:
    """A seller declares an OCOP certificate; it waits for commune staff to verify it."""
    check_claim(claim)
    # "1234/qđ-ubnd" and "1234/QĐ-UBND " are the same decision.
    number = " ".join(nfc(claim.decision_number).upper().split())
    if OcopCertificate.objects.filter(product=product, decision_number=number).exists():
        raise CatalogError(_("This product already has a certificate with that decision number."))
    certificate = OcopCertificate(
        product=product,
        stars=claim.stars,
        group=claim.group,
        level=claim.level,
        decision_number=number,
        issued_on=claim.issued_on,
    )
    if scan is not None:
        extension, content = _scan_content(scan)
        certificate.scan.save(f"p{product.pk}.{extension}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as exc:  # a double submit racing the check above
        raise CatalogError(
            _("This product already has a certificate with that decision number.")
        ) from exc
    _audit(context, "ocop.declared", certificate, after={"stars": claim.stars})
    return certificate


def can_review_certificate(user, certificate: OcopCertificate) -> bool:
    if user.is_superuser:
        return True
    seller = certificate.product.seller
    return seller is not None and staff_communes(user).filter(pk=seller.commune_id).exists()


@transaction.atomic
def review_certificate(
    *, actor, certificate: OcopCertificate, verdict: str, reason: str = ""
) -> OcopCertificate:
    """Commune staff verify, reject or revoke; a revoked certificate vanishes at once."""
    if not can_review_certificate(actor, certificate):
        raise CatalogError(_("You may only review certificates of your commune's sellers."))
    Status = OcopCertificate.Status
    allowed = {
        "verify": ({Status.PENDING}, Status.VERIFIED),
        "reject": ({Status.PENDING}, Status.REVOKED),
        "revoke": ({Status.VERIFIED, Status.PENDING}, Status.REVOKED),
    }
    if verdict not in allowed:
        raise CatalogError(_("Unknown decision."))
    sources, target = allowed[verdict]
    if certificate.status not in sources:
        raise CatalogError(_("This certificate has already been reviewed."))
    if verdict != "verify" and not reason.strip():
        raise CatalogError(_("Give a reason the seller can act on."))
    if verdict == "verify" and certificate.expires_on < timezone.localdate():
        raise CatalogError(_("This certificate has already expired."))
    before = {"status": certificate.status}
    certificate.status = target
    certificate.status_reason = reason.strip()
    if target == Status.VERIFIED:
        certificate.verified_at, certificate.verified_by = timezone.now(), actor
    certificate.save()
    seller = certificate.product.seller
    audit.record(
        actor=actor,
        verb=f"ocop.{verdict}",
        target=certificate,
        commune=seller.commune if seller else None,
        reason=reason,
        before=before,
        after={"status": target},
    )
    return certificate
