from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import SearchForm  # noqa: F401  (header search box, kept)

from .backends import SearchQuery

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest")),
    ("price-asc", _("Price: low to high")),
    ("price-desc", _("Price: high to low")),
    ("best-selling", _("Best-selling")),
]
STAR_CHOICES = [("", _("All")), ("3", _("3★ and up")), ("4", _("4★ and up")), ("5", _("5★"))]


class BrowseForm(forms.Form):
    """The GET form of catalogue, category and search pages (works without JavaScript)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.TypedMultipleChoiceField(
        label=_("Categories"), required=False, coerce=int, choices=()
    )
    province = forms.SlugField(label=_("Province or city"), required=False)
    stars = forms.TypedChoiceField(
        label=_("OCOP stars"), required=False, choices=STAR_CHOICES, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(category_choices)

    def to_query(self, base_category_ids=()) -> SearchQuery:
        data = self.cleaned_data if self.is_valid() else {}
        return SearchQuery(
            text=(data.get("q") or "").strip(),
            category_ids=tuple(data.get("category") or base_category_ids),
            province=data.get("province") or "",
            min_stars=data.get("stars"),
            sort=data.get("sort") or "relevance",
        )
