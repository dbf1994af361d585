from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.search.forms import SearchForm  # noqa: F401  (header search box, kept)

from .backends import SearchQuery

SORT_CHOICES = [
    ("relevance", _("Phù hợp nhất")),
    ("newest", _("Mới nhất")),
    ("price-asc", _("Giá tăng dần")),
    ("price-desc", _("Giá giảm dần")),
    ("best-selling", _("Bán chạy")),
]
STAR_CHOICES = [("", _("Tất cả")), ("3", _("Từ 3★")), ("4", _("Từ 4★")), ("5", _("5★"))]


class BrowseForm(forms.Form):
    """The GET form of catalogue, category and search pages (works without JavaScript)."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    category = forms.TypedMultipleChoiceField(
        label=_("Danh mục"), required=False, coerce=int, choices=()
    )
    province = forms.SlugField(label=_("Tỉnh/thành"), required=False)
    stars = forms.TypedChoiceField(
        label=_("Sao OCOP"), required=False, choices=STAR_CHOICES, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

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
