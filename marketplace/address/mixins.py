from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        if self.commune_id:
            self.province_id = self.commune.province_id
            self.line4 = self.commune.full_name
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
