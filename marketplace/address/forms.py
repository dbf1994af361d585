"""Vietnamese addresses: province → commune (no districts since July 2025)."""

from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from oscar.apps.address import forms as oscar_forms
from oscar.apps.address.forms import *  # noqa: F403

from marketplace.places.models import Commune, Province
from marketplace.places.widgets import ProvinceSelect

from .mixins import vietnam as vietnam_row

ADDRESS_FIELDS = [
    "last_name",
    "first_name",
    "phone_number",
    "province",
    "commune",
    "line1",
    "line2",
    "notes",
]


class ShortChoiceIterator(ModelChoiceIterator):
    """Options of a short list (34 provinces, a province's communes) read in one query:
    Django's own reads them through a server-side cursor, three round trips on PostgreSQL."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class AdminUnitFieldsMixin:
    """Province and commune selects that work with and without JavaScript.

    The commune list only holds the chosen province's communes (≈100 options, not 3,321).
    A script fills it as soon as a province is chosen; without JavaScript the buyer presses
    "Show its communes" under the province and the form comes back with everything typed
    kept and the list filled (``places.views.ChooseProvinceMixin``). The commune list has
    no "required" attribute: while it is still empty it must not block that button.
    """

    def setup_admin_unit_fields(self):
        for name in ("province", "commune"):
            self.fields[name].iterator = ShortChoiceIterator
        self.fields["province"].widget = ProvinceSelect(choices=self.fields["province"].choices)
        self.fields["province"].queryset = Province.objects.order_by("name")
        self.fields["province"].required = True
        self.fields["province"].empty_label = _("— Choose a province —")
        commune = self.fields["commune"]
        commune.required = True
        commune.empty_label = _("— Choose a commune —")
        commune.error_messages["invalid_choice"] = _("Choose a commune of the selected province.")
        commune.widget.use_required_attribute = lambda initial: False
        province_id = self.chosen_province_id()
        if province_id:
            commune.queryset = Commune.objects.filter(province_id=province_id).order_by("name")
        else:
            commune.queryset = Commune.objects.none()
            commune.help_text = _("Choose the province first: its communes then appear here.")
        for name, label in (
            ("last_name", _("Family and middle name")),
            ("first_name", _("Given name")),
            ("line1", _("House number, village or street")),
            ("line2", _("More directions (optional)")),
        ):
            if name in self.fields:
                self.fields[name].label = label

    def chosen_province_id(self):
        if self.is_bound:
            value = self.data.get(self.add_prefix("province"))
        else:
            value = self.initial.get("province") or self.instance.province_id
        value = getattr(value, "pk", value)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def adjust_country_field(self):
        # Every address is in Vietnam (set_vietnam): no list of shipping countries to read.
        self.fields.pop("country", None)

    def set_vietnam(self):
        """Every address is in Vietnam: no country field to fill in."""
        vietnam = vietnam_row()
        if vietnam is not None:
            self.instance.country = vietnam


class UserAddressForm(AdminUnitFieldsMixin, oscar_forms.UserAddressForm):
    class Meta(oscar_forms.UserAddressForm.Meta):
        fields = ADDRESS_FIELDS

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.setup_admin_unit_fields()
        self.set_vietnam()
