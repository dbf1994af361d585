from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import SearchForm  # noqa: F401  (header search box, kept)

from sellers.models import Seller

from .analysis import clean_text
from .backends import PRICE_BANDS, SearchQuery, parse_price_band, price_band_key

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest")),
    ("price-asc", _("Price: low to high")),
    ("price-desc", _("Price: high to low")),
    ("best-selling", _("Best-selling")),
]
STAR_CHOICES = [("", _("All")), ("3", _("3★ and up")), ("4", _("4★ and up")), ("5", _("5★"))]
KIND_CHOICES = [("", _("All"))] + [
    (kind.value, kind.label) for kind in (Seller.Kind.HOUSEHOLD, Seller.Kind.COOPERATIVE)
]
PRICE_CHOICES = [("", _("All"))] + [(price_band_key(b), price_band_key(b)) for b in PRICE_BANDS]


class BrowseForm(forms.Form):
    """The GET form of catalogue, category and search pages (works without JavaScript).

    Bad values never fail the page: each field that does not validate is ignored on
    its own, and the text is cleaned and cut rather than refused.
    """

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    category = forms.TypedMultipleChoiceField(
        label=_("Categories"), required=False, coerce=int, choices=()
    )
    province = forms.SlugField(label=_("Province or city"), required=False, max_length=64)
    stars = forms.TypedChoiceField(
        label=_("OCOP stars"), required=False, choices=STAR_CHOICES, coerce=int, empty_value=None
    )
    price = forms.ChoiceField(label=_("Price"), required=False, choices=PRICE_CHOICES)
    kind = forms.ChoiceField(label=_("Seller"), required=False, choices=KIND_CHOICES)
    live = forms.BooleanField(label=_("Livestream"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(category_choices)

    def clean_q(self):
        return clean_text(self.cleaned_data.get("q") or "")

    def to_query(self, scope_category_ids=(), per_page: int = 24) -> SearchQuery:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})  # only the fields that validated
        return SearchQuery(
            text=data.get("q") or "",
            scope_category_ids=tuple(scope_category_ids),
            category_ids=tuple(data.get("category") or ()),
            province=data.get("province") or "",
            min_stars=data.get("stars"),
            seller_kind=data.get("kind") or "",
            price=parse_price_band(data.get("price") or ""),
            live=bool(data.get("live")),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            per_page=per_page,
        )
