"""Oscar's catalogue, extended for OCOP village products."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct

from .text import fold, nfc


class Product(AbstractProduct):
    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        GRAM = "g", _("gam")
        BOX = "hop", _("hộp")
        BOTTLE = "chai", _("chai")
        PACK = "goi", _("gói")
        BAG = "tui", _("túi")
        BUNCH = "nai", _("nải")
        FRUIT = "qua", _("quả")
        PIECE = "cai", _("cái")
        JAR = "hu", _("hũ")
        LITRE = "lit", _("lít")

    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("người bán"),
    )
    unit = models.CharField(_("đơn vị"), max_length=8, choices=Unit.choices, default=Unit.KG)
    origin_commune = models.ForeignKey(
        "sellers.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã/phường xuất xứ"),
    )
    harvest_season = models.CharField(_("mùa vụ"), max_length=120, blank=True)
    traceability_code = models.CharField(_("mã truy xuất"), max_length=64, blank=True)
    # Accent-free copy of the searchable text for the database search backend.
    search_text = models.TextField(editable=False, blank=True)

    class Meta(AbstractProduct.Meta):
        pass

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.description = nfc(self.description)
        parts = [self.title, self.description, self.harvest_season]
        if self.seller_id:
            parts.append(self.seller.display_name)
        self.search_text = fold(" ".join(parts))
        super().save(*args, **kwargs)


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
        FOOD = "food", _("Thực phẩm")
        BEVERAGE = "beverage", _("Đồ uống")
        HERBAL = "herbal", _("Dược liệu và sản phẩm từ dược liệu")
        TEXTILE = "textile", _("Hàng thủ công mỹ nghệ, dệt may")
        SOUVENIR = "souvenir", _("Sinh vật cảnh, lưu niệm, nội thất, trang trí")
        TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng và điểm du lịch")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Cấp quốc gia")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        EXPIRED = "expired", _("Hết hạn")
        REVOKED = "revoked", _("Bị thu hồi")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="ocop_certificates"
    )
    stars = models.PositiveSmallIntegerField(
        _("số sao"), choices=[(n, f"{n}★") for n in range(1, 6)]
    )
    group = models.CharField(_("nhóm sản phẩm"), max_length=16, choices=Group.choices)
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"), editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chứng nhận OCOP")
        verbose_name_plural = _("chứng nhận OCOP")
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return f"OCOP {self.stars}★ — {self.decision_number}"

    def save(self, *args, **kwargs):
        self.expires_on = add_months(self.issued_on, self.VALIDITY_MONTHS)
        super().save(*args, **kwargs)

    @property
    def is_valid(self) -> bool:
        """Verified and not yet expired: only then is the star badge shown."""
        return (
            self.status == self.Status.VERIFIED
            and self.expires_on >= timezone.localdate()
        )


from oscar.apps.catalogue.models import *  # noqa: E402,F403
