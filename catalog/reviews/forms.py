"""A review is scored 1 to 5 stars (Oscar also offers 0) and is written by a signed-in buyer
who received the product (``Product.is_review_permitted``)."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from oscar.apps.catalogue.reviews import forms as oscar_forms


def _stars(n: int) -> str:
    return gettext("%(n)s of 5 stars") % {"n": n}


STARS = [(n, lazy(_stars, str)(n)) for n in range(5, 0, -1)]


class ProductReviewForm(oscar_forms.ProductReviewForm):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Your rating"), choices=STARS, coerce=int, initial=5
    )
