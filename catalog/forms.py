"""Back office forms: short, phone-sized, and they keep what was typed on errors."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.money import MoneyField
from marketplace.security.widgets import PrivateFileInput

from .models import OcopCertificate, Product
from .services import CertificateClaim, Details

Category = get_model("catalogue", "Category")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PhotosForm(forms.Form):
    photos = PhotosField(
        label=_("Photos of the product"),
        help_text=_("Take photos or choose them from the gallery; you can pick several."),
    )
    # Made when the form is shown: sending the form twice (a double tap, a retry after the
    # signal dropped, the phone's offline draft) still makes one product.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class SentPhotoForm(forms.Form):
    """One photo of a draft kept on the seller's phone, sent by the phone's own script."""

    client_key = forms.UUIDField()
    photo_key = forms.UUIDField()
    photo = forms.FileField()


class DetailsForm(forms.Form):
    # Fingerprint of the product as the form was filled: a save over newer changes is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    title = forms.CharField(label=_("Product name"), max_length=255)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    unit = forms.ChoiceField(label=_("Sold per"), choices=Product.Unit.choices)
    weight_grams = forms.IntegerField(
        label=_("Weight of one unit, packed (grams)"),
        required=False,
        min_value=1,
        max_value=50_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("For example 500 for a 500 g bag. The carrier's fee depends on it."),
    )
    price = MoneyField(
        label=_("Price in đồng"),
        min_value=1000,
        max_value=settings.CATALOG_MAX_PRICE,
        help_text=_("For example 150.000 or 150000."),
    )
    stock = forms.IntegerField(
        label=_("How many in stock"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    harvest_season = forms.CharField(
        label=_("Harvest season"),
        required=False,
        max_length=120,
        help_text=_("For example: spring tea, March to May."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_public=True).order_by("path")

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            title=data["title"],
            category=data["category"],
            unit=data["unit"],
            price=data["price"],
            stock=data["stock"],
            description=data["description"],
            harvest_season=data["harvest_season"],
            weight_grams=data["weight_grams"],
        )


class QuickRowForm(forms.Form):
    """One row of the price and stock list."""

    product_id = forms.IntegerField(widget=forms.HiddenInput)
    price = MoneyField(
        label=_("Price in đồng"),
        min_value=1000,
        max_value=settings.CATALOG_MAX_PRICE,
        help_text=_("For example 150.000 or 150000."),
    )
    stock = forms.IntegerField(
        label=_("Stock"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


QuickFormSet = forms.formset_factory(QuickRowForm, extra=0, max_num=500, validate_max=True)


class CertificateForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), coerce=int, choices=[(n, f"{n}★") for n in range(1, 6)]
    )
    group = forms.ChoiceField(label=_("Product group"), choices=OcopCertificate.Group.choices)
    level = forms.ChoiceField(label=_("Issued by"), choices=OcopCertificate.Level.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    issued_on = forms.DateField(
        label=_("Issue date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expiry date on the certificate"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty: it is 36 months after the issue date."),
    )
    scan = forms.FileField(
        label=_("Photo or PDF of the certificate"),
        required=False,
        widget=PrivateFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Only commune staff see it until it is verified."),
    )

    def claim(self) -> CertificateClaim:
        data = self.cleaned_data
        return CertificateClaim(
            stars=data["stars"],
            group=data["group"],
            level=data["level"],
            decision_number=data["decision_number"],
            issued_on=data["issued_on"],
            printed_expiry=data.get("expires_on"),
        )


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("verify", _("Verify")),
            ("reject", _("Reject")),
            ("revoke", _("Revoke")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to reject or revoke)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
