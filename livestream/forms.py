"""Forms: they only check shapes; the rules live in ``services``."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField
from marketplace.security.images import without_metadata

from .models import LiveSession
from .platforms import validate_stream_url
from .services import LiveDetails

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class LiveForm(forms.ModelForm):
    stream_url = forms.URLField(
        label=_("stream link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_(
            "The link of your live (or your page) on the chosen platform. "
            "YouTube and Facebook lives can be watched here; others open the app."
        ),
    )
    replay_url = forms.URLField(
        label=_("replay link"), max_length=500, assume_scheme="https", required=False
    )

    class Meta:
        model = LiveSession
        fields = [
            "title",
            "description",
            "platform",
            "stream_url",
            "replay_url",
            "starts_at",
            "ends_at",
            "cover",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"starts_at": _("Vietnam time (GMT+7).")}

    def clean(self):
        data = super().clean()
        platform = data.get("platform")
        for field in ("stream_url", "replay_url"):
            if platform and data.get(field):
                try:
                    validate_stream_url(platform, data[field])
                except ValidationError as exc:
                    self.add_error(field, exc)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time."))
        return data

    @staticmethod
    def _clean_cover(cover):
        # A new upload is stored without the phone's GPS; the stored one is kept as is.
        if cover and hasattr(cover, "content_type"):
            return without_metadata(cover)
        return cover or None

    def details(self) -> LiveDetails:
        data = self.cleaned_data
        return LiveDetails(
            title=data["title"],
            description=data["description"],
            platform=data["platform"],
            stream_url=data["stream_url"],
            replay_url=data["replay_url"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            cover=self._clean_cover(data.get("cover")),
        )


class LiveProductsForm(forms.Form):
    """One checkbox and one optional live price per product of the seller."""

    def __init__(self, *args, products, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            item = current.get(product.pk)
            self.fields[f"show_{product.pk}"] = forms.BooleanField(
                label=product.title, required=False, initial=item is not None
            )
            self.fields[f"price_{product.pk}"] = MoneyField(
                label=_("Live price for “%(title)s” (đồng, optional)") % {"title": product.title},
                required=False,
                min_value=1,
                max_value=settings.CATALOG_MAX_PRICE,
                initial=item.live_price if item else None,
            )

    def rows(self):
        for product in self.products:
            yield product, self[f"show_{product.pk}"], self[f"price_{product.pk}"]

    def items(self) -> list[tuple]:
        chosen = []
        for product in self.products:
            if self.cleaned_data.get(f"show_{product.pk}"):
                chosen.append((product, self.cleaned_data.get(f"price_{product.pk}")))
        return chosen


class HostVerificationForm(forms.Form):
    host_name = forms.CharField(label=_("Host's full name"), max_length=120)
    id_checked = forms.CharField(
        label=_("Document checked"),
        max_length=120,
        help_text=_("Which paper you saw, e.g. citizen ID card. Do not write its number."),
    )


class ComplaintForm(forms.Form):
    contact = forms.CharField(label=_("Phone or email to reach you"), max_length=120)
    text = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
