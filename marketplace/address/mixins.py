import copy

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

VIETNAM = "VN"
_vietnam_row: list = []


def vietnam():
    """Vietnam's country row (added by a migration, never edited by the site), read once
    per process; each caller gets its own copy."""
    if not _vietnam_row:
        row = apps.get_model("address", "Country").objects.filter(pk=VIETNAM).first()
        if row is None:
            return None
        _vietnam_row.append(row)
    return copy.copy(_vietnam_row[0])


class AdminUnitAddressMixin(models.Model):
    """Province → commune on an Oscar address (Vietnam has no districts since July 2025).

    The foreign keys are the truth; their names are also written into Oscar's ``line4``
    (town) and ``state`` so every Oscar template, email and order snapshot shows them.
    """

    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "places.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_admin_unit_names()
        super().save(*args, **kwargs)

    def fill_admin_unit_names(self) -> None:
        if self.country_id == VIETNAM and not type(self).country.is_cached(self):
            country = vietnam()
            if country is not None:
                self.country = country
        if self.commune_id and not type(self).commune.is_cached(self):
            # The commune with its province, in one query.
            Commune = type(self).commune.field.related_model
            self.commune = Commune.objects.select_related("province").get(pk=self.commune_id)
        if self.commune_id:
            commune = self.commune
            if self.province_id != commune.province_id or not type(self).province.is_cached(self):
                self.province = commune.province
            self.line4 = commune.full_name
        if self.province_id:
            self.state = self.province.full_name

    def validate_unique(self, exclude=None):
        # Oscar refuses a second copy of an address by comparing hashes that include the
        # commune and province names; save() writes those, so write them before comparing
        # or the copy slips past the form and fails on the database's unique index.
        self.fill_admin_unit_names()
        super().validate_unique(exclude)

    def active_address_fields(self):
        # Checkout's review page shows an address that is not saved yet: name its commune
        # and province there too, so the buyer can check where the parcel goes.
        self.fill_admin_unit_names()
        return super().active_address_fields()

    # Vietnamese names start with the family name: last_name "Trần Thị" + first_name "Hoa"
    # is "Trần Thị Hoa", never Oscar's "Hoa Trần Thị".
    @property
    def salutation(self):
        return self.join_fields(("title", "last_name", "first_name"), separator=" ").strip()

    @property
    def name(self):
        return self.join_fields(("last_name", "first_name"), separator=" ")

    def clean(self):
        super().clean()
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            raise ValidationError({"commune": _("This commune is not in the chosen province.")})
