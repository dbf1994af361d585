"""Vietnam's administrative units after the 1 July 2025 reform: provinces and communes
(no districts), and which version of the official list is loaded.

The tables keep the names they had when these models lived in ``sellers``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

OFFICIAL_PREFIXES = {
    "tinh": "Tỉnh",
    "thanh_pho": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "dac_khu": "Đặc khu",
}


class AdminUnitDataset(models.Model):
    """Which version of the official list of provinces and communes is loaded."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    source = models.CharField(_("source"), max_length=255)
    effective_date = models.DateField(_("effective from"))
    province_count = models.PositiveIntegerField(default=0)
    commune_count = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sellers_adminunitdataset"
        verbose_name = _("administrative units dataset")
        ordering = ["-loaded_at"]

    def __str__(self):
        return self.version


class Province(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Province")
        CITY = "thanh_pho", _("Centrally governed city")

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    slug = models.SlugField(max_length=64, unique=True)
    dataset_version = models.CharField(max_length=32)

    class Meta:
        db_table = "sellers_province"
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """The official Vietnamese name ("Tỉnh Tuyên Quang"): a proper noun, never translated."""
        return f"{OFFICIAL_PREFIXES[self.kind]} {self.name}"


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        SPECIAL_ZONE = "dac_khu", _("Special zone")

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    # Accent-free lowercase name, so "bao nhai" finds "Bảo Nhai".
    search_name = models.CharField(max_length=64, db_index=True)
    dataset_version = models.CharField(max_length=32)

    class Meta:
        db_table = "sellers_commune"
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province__name", "name"]
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        return f"{self.full_name}, {self.province.name}"

    @property
    def full_name(self):
        """The official Vietnamese name ("Xã Vĩnh Tuy"): a proper noun, never translated."""
        return f"{OFFICIAL_PREFIXES[self.kind]} {self.name}"
