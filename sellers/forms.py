"""Forms of the seller pages; they keep whatever was typed when they come back with errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.places.models import Commune, Province
from marketplace.security.widgets import PrivateFileInput
from marketplace.text import sorted_vietnamese
from marketplace.users.phone import display_phone, normalise_phone

from .banks import bank_choices
from .models import Seller
from .validators import validate_paper

DRAFT_REQUIRED = ("kind", "display_name", "province", "commune")


class VietnameseOrder(forms.models.ModelChoiceIterator):
    """Choices in Vietnamese alphabetical order ("Đồng Tháp" before "Vĩnh Long"); the
    database sorts by code point, and SQLite has no Vietnamese collation."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for place in sorted_vietnamese(self.queryset, name=lambda place: place.name):
            yield self.choice(place)


class PlaceChoiceField(forms.ModelChoiceField):
    """A province or commune, listed in Vietnamese alphabetical order."""

    iterator = VietnameseOrder


class CommuneOfProvinceMixin:
    """A form with ``province`` and ``commune`` fields: the commune must lie in the province."""

    def clean(self):
        data = super().clean()
        province, commune = data.get("province"), data.get("commune")
        if province and commune and commune.province_id != province.pk:
            self.add_error("commune", _("Choose a commune of the selected province."))
        return data


class ApplicationForm(CommuneOfProvinceMixin, forms.ModelForm):
    """Apply to sell. ``submit`` makes everything required; a draft may be partial."""

    province = PlaceChoiceField(
        label=_("Province or city"),
        queryset=Province.objects.all(),
        empty_label=_("— Choose a province —"),
        required=False,
    )
    bank_bin = forms.ChoiceField(label=_("Bank"), required=False)

    class Meta:
        model = Seller
        fields = [
            "kind",
            "display_name",
            "representative_name",
            "phone",
            "province",
            "commune",
            "address",
            "produces",
            "id_document",
            "bank_bin",
            "bank_account_number",
            "bank_account_holder",
        ]
        labels = {
            "display_name": _("Shop name"),
            "representative_name": _("Your full name"),
            "address": _("Village (thôn, bản) or street"),
            "produces": _("What do you produce?"),
            "id_document": _("Photo of ID card or cooperative registration (optional)"),
            "bank_account_holder": _("Account holder name"),
        }
        help_texts = {
            "produces": _("For example: Shan Tuyết tea, 2 hectares, hand-roasted."),
            "id_document": _(
                "A photo (JPEG, PNG) or a PDF, at most 5 MB. Only commune staff see it."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "produces": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "bank_account_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "id_document": PrivateFileInput(attrs={"accept": "image/*,application/pdf"}),
        }

    def __init__(self, *args, submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submit
        self.fields["bank_bin"].choices = [("", _("— Choose a bank —")), *bank_choices()]
        commune = self.fields["commune"]
        commune.iterator = VietnameseOrder
        commune.empty_label = _("— Choose a commune —")
        commune.error_messages["invalid_choice"] = _("Choose a commune of the selected province.")
        province_id = self._province_id()
        commune.queryset = (
            Commune.objects.filter(province_id=province_id)
            if province_id
            else Commune.objects.none()
        )
        if not province_id:
            commune.help_text = _("Choose the province first, then press “Show communes”.")
        if self.instance.commune_id and not self.is_bound:
            self.initial["province"] = self.instance.commune.province_id
        # A radio list needs no "---------" entry: nothing ticked already says "not chosen".
        self.fields["kind"].choices = Seller.Kind.choices
        stored_phone = self.initial.get("phone") or self.instance.phone
        if stored_phone and str(stored_phone).startswith("+") and not self.is_bound:
            self.initial["phone"] = display_phone(stored_phone)  # 0912 345 678, not E.164
        for name, field in self.fields.items():
            # A draft needs only a shop name and its commune (a seller always has one), but
            # every field needed to send is marked from the start, not only after a refusal.
            field.needed_to_send = name != "id_document"
            field.required = name in DRAFT_REQUIRED or (submit and field.needed_to_send)

    def _province_id(self):
        if self.is_bound:
            value = self.data.get(self.add_prefix("province"))
        else:
            value = self.initial.get("province") or (
                self.instance.commune.province_id if self.instance.commune_id else None
            )
        try:
            return int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            return None

    def clean_phone(self):
        raw = self.cleaned_data.get("phone")
        return normalise_phone(raw) if raw else raw

    def clean_bank_account_number(self):
        number = "".join((self.cleaned_data.get("bank_account_number") or "").split())
        if number and not (number.isdigit() and 6 <= len(number) <= 19):
            raise ValidationError(_("An account number has 6 to 19 digits."))
        return number

    def clean_id_document(self):
        upload = self.cleaned_data.get("id_document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            upload.name = f"paper.{validate_paper(upload)}"
        return upload


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the seller reads it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class BankForm(forms.ModelForm):
    bank_bin = forms.ChoiceField(label=_("Bank"))

    class Meta:
        model = Seller
        fields = ["bank_bin", "bank_account_number", "bank_account_holder"]
        labels = {"bank_account_holder": _("Account holder name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_bin"].choices = [("", _("— Choose a bank —")), *bank_choices()]
        for field in self.fields.values():
            field.required = True

    clean_bank_account_number = ApplicationForm.clean_bank_account_number


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = ["description", "address"]
        labels = {
            "description": _("About your shop"),
            "address": _("Village (thôn, bản) or street"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})

    def clean(self, value):
        return normalise_phone(super().clean(value))


class ConsentRequestForm(forms.Form):
    seller_phone = PhoneField(label=_("The seller's phone number"))


class ConsentCodeForm(forms.Form):
    seller_phone = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code the seller received"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class InPersonConsentForm(forms.Form):
    helper_phone = PhoneField(label=_("The helper's phone number"))
    confirmed = forms.BooleanField(
        label=_("The seller told me in person that this helper may act for them."),
    )


class JoinTeamForm(CommuneOfProvinceMixin, forms.Form):
    """Ask to join a commune's digital-technology team. Without JavaScript the province
    is chosen first ("Show communes" reloads the page with its communes)."""

    province = PlaceChoiceField(
        label=_("Province or city"),
        queryset=Province.objects.all(),
        empty_label=_("— Choose a province —"),
    )
    commune = PlaceChoiceField(
        label=_("Commune whose team you work in"),
        queryset=Commune.objects.none(),
        empty_label=_("— Choose a commune —"),
    )

    def __init__(self, *args, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            province_id = self.data.get("province")
        try:
            province_id = int(province_id)
        except (TypeError, ValueError):
            province_id = None
        if province_id:
            self.initial.setdefault("province", province_id)
            self.fields["commune"].queryset = Commune.objects.filter(province_id=province_id)
        self.province_chosen = bool(province_id)


class TeamMemberForm(forms.Form):
    """Commune staff add someone to their commune's team by the phone they sign in with."""

    phone = PhoneField(label=_("The helper's phone number"))
    commune = PlaceChoiceField(label=_("Team of commune"), queryset=Commune.objects.none())

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        field.queryset = communes if communes is not None else Commune.objects.none()
        # "Xã Vĩnh Tuy, Tuyên Quang": three communes share that name, so say which.
        field.label_from_instance = str
        if len(field.queryset) == 1:
            field.initial = field.queryset[0].pk
            field.empty_label = None


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the log keeps it)"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
    )
