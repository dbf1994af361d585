"""Oscar's catalogue, extended for OCOP village products."""

import datetime
import secrets

from django.apps import apps
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct, AbstractProductImage
from oscar.core.utils import slugify

from marketplace.security.storage import get_private_storage
from marketplace.text import fold, nfc

# No 0/O, 1/I/L: the code is read aloud over the phone and typed from a printed label.
TRACE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACE_CODE_LENGTH = 8


def new_traceability_code() -> str:
    return "".join(secrets.choice(TRACE_ALPHABET) for _ in range(TRACE_CODE_LENGTH))


class Product(AbstractProduct):
    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        GRAM = "g", _("gram")
        BOX = "hop", _("box")
        BOTTLE = "chai", _("bottle")
        PACK = "goi", _("pack")
        BAG = "tui", _("bag")
        BUNCH = "nai", _("bunch")
        FRUIT = "qua", _("fruit")
        PIECE = "cai", _("piece")
        JAR = "hu", _("jar")
        LITRE = "lit", _("litre")

    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("seller"),
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.KG)
    weight_grams = models.PositiveIntegerField(
        _("weight per unit (grams)"),
        null=True,
        blank=True,
        help_text=_("Packed weight of one unit; the carrier's fee depends on it."),
    )
    origin_commune = models.ForeignKey(
        "places.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("origin commune"),
    )
    harvest_season = models.CharField(_("harvest season"), max_length=120, blank=True)
    traceability_code = models.CharField(
        _("traceability code"), max_length=64, blank=True, db_index=True
    )
    # Accent-free copy of the searchable text for the database search backend.
    search_text = models.TextField(editable=False, blank=True)
    # The key the seller's phone (or the form) sent with the first save: a retried upload
    # after a dropped signal finds the product it already made instead of making another.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta(AbstractProduct.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "client_key"], name="catalogue_product_one_per_client_key"
            )
        ]

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.description = nfc(self.description)
        parts = [self.title, self.description, self.harvest_season]
        if self.seller_id:
            parts.append(self.seller.display_name)
        self.search_text = fold(" ".join(parts))
        if not self.traceability_code:
            self.traceability_code = new_traceability_code()
        # The address follows the title (a product listed as "Sản phẩm mới" and named later
        # gets a readable address); the old address answers with a redirect, as the
        # product is found by its number.
        longest = self._meta.get_field("slug").max_length
        self.slug = (slugify(self.title) or self.slug or "san-pham")[:longest]
        super().save(*args, **kwargs)

    def is_review_permitted(self, user) -> bool:
        """Only a buyer who received this product from its seller reviews it, once.

        Asked by several parts of one page: the answer is kept on this instance per user.
        """
        if not user.is_authenticated:
            return False
        answers = self.__dict__.setdefault("_review_permitted", {})
        if user.pk not in answers:
            answers[user.pk] = self._review_permitted_for(user)
        return answers[user.pk]

    def _review_permitted_for(self, user) -> bool:
        # The order part of the seller who sold the line must be delivered (one join, so
        # the same part is both the seller's and delivered).
        received = apps.get_model("order", "Line").objects.filter(
            order__user=user,
            product=self,
            order__fulfilments__seller__partner_id=F("partner_id"),
            order__fulfilments__status="delivered",
        )
        # Most visitors received nothing: one query for them, the review check after.
        return received.exists() and not self.has_review_by(user)


class ProductImage(AbstractProductImage):
    """A product photo: the stored original is already rotated upright and metadata-free.

    ``renditions`` lists the resized copies made by a task, e.g.
    ``[{"w": 320, "h": 240, "jpeg": "renditions/…jpg", "webp": "renditions/…webp"}]``;
    until the task has run it is empty and pages show the original.
    """

    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    # The key the seller's phone gave this photo: a photo resent after the signal dropped
    # mid-upload is recognised instead of stored twice.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta(AbstractProductImage.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["product", "client_key"], name="catalogue_productimage_one_per_client_key"
            )
        ]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


class OcopCertificate(models.Model):
    """An OCOP rating (Decision 148/QĐ-TTg): valid 36 months from issue."""

    VALIDITY_MONTHS = 36

    class Group(models.TextChoices):
        FOOD = "food", _("Food")
        BEVERAGE = "beverage", _("Beverages")
        HERBAL = "herbal", _("Medicinal herbs and herbal products")
        TEXTILE = "textile", _("Handicrafts, textiles and garments")
        SOUVENIR = "souvenir", _("Ornamental plants, souvenirs, furniture and decoration")
        TOURISM = "tourism", _("Community tourism services and destinations")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        NATIONAL = "national", _("National level")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="ocop_certificates")
    stars = models.PositiveSmallIntegerField(
        _("stars"), choices=[(n, f"{n}★") for n in range(1, 6)]
    )
    group = models.CharField(_("product group"), max_length=16, choices=Group.choices)
    level = models.CharField(_("issuing level"), max_length=16, choices=Level.choices)
    decision_number = models.CharField(_("decision number"), max_length=64)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"), editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "users.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Private until verified: stored outside MEDIA_ROOT, served by a permission-checking view.
    scan = models.FileField(
        _("scan of the certificate"), storage=get_private_storage, upload_to="ocop/", blank=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    # Expiry reminders already sent (days before expiry), so the daily task never repeats one.
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "decision_number"], name="unique_ocop_decision_per_product"
            )
        ]

    def __str__(self):
        return f"OCOP {self.stars}★ — {self.decision_number}"

    def save(self, *args, **kwargs):
        self.expires_on = add_months(self.issued_on, self.VALIDITY_MONTHS)
        super().save(*args, **kwargs)

    @property
    def is_valid(self) -> bool:
        """Verified and not yet expired: only then is the star badge shown."""
        return self.status == self.Status.VERIFIED and self.expires_on >= timezone.localdate()

    @property
    def is_public(self) -> bool:
        """Advertised with a badge: valid and rated 3★ or more (1–2★ are kept, not shown)."""
        return self.is_valid and self.stars >= 3


from oscar.apps.catalogue.models import *  # noqa: E402,F403
