"""Facet lists for the results page, built the same way from either backend's counts."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from marketplace.text import sorted_vietnamese
from sellers.models import Seller

from .backends import PRICE_BANDS, Facet, FacetOption, SearchQuery, price_band_key

# Enterprises are few and not what buyers filter for; they stay searchable.
FACET_KINDS = (Seller.Kind.HOUSEHOLD, Seller.Kind.COOPERATIVE)


def _dong(amount: int) -> str:
    return f"{intcomma(amount, use_l10n=False).replace(',', '.')}\u00a0₫"


def price_band_label(band) -> str:
    low, high = band
    if high is None:
        return _("From %(low)s") % {"low": _dong(low)}
    if not low:
        return _("Under %(high)s") % {"high": _dong(high)}
    return _("%(low)s to %(high)s") % {"low": _dong(low), "high": _dong(high)}


def _star_options(query: SearchQuery, stars: dict[int, int]) -> list[FacetOption]:
    return [
        FacetOption(
            str(level), _("%(n)s★ and up") % {"n": level}, stars[level], query.min_stars == level
        )
        for level in sorted(stars, reverse=True)
        if stars[level]
    ]


def _price_options(query: SearchQuery, prices: list[int]) -> list[FacetOption]:
    return [
        FacetOption(price_band_key(band), price_band_label(band), n, query.price == band)
        for band, n in zip(PRICE_BANDS, prices, strict=True)
        if n
    ]


def _kind_options(query: SearchQuery, kinds: dict[str, int]) -> list[FacetOption]:
    labels = dict(Seller.Kind.choices)
    return [
        FacetOption(kind, str(labels[kind]), kinds[kind], query.seller_kind == kind)
        for kind in FACET_KINDS
        if kinds.get(kind)
    ]


def build(
    query: SearchQuery,
    *,
    categories: list[tuple[int, str, int]],
    provinces: list[tuple[str, str, int]],
    kinds: dict[str, int],
    stars: dict[int, int],
    prices: list[int],
    live: int = 0,
) -> list[Facet]:
    """Facets with their counts; options with no products are left out."""
    category_options = [
        FacetOption(str(pk), name, n, pk in query.category_ids) for pk, name, n in categories if n
    ]
    province_options = [
        FacetOption(slug, name, n, slug == query.province)
        for slug, name, n in sorted_vietnamese(provinces, name=lambda row: row[1])
        if n and slug
    ]
    live_options = [FacetOption("1", _("On now or coming up"), live, query.live)] if live else []
    return [
        Facet("category", _("Categories"), category_options, multiple=True),
        Facet("province", _("Province or city"), province_options),
        Facet("stars", _("OCOP stars"), _star_options(query, stars)),
        Facet("price", _("Price"), _price_options(query, prices)),
        Facet("kind", _("Seller"), _kind_options(query, kinds)),
        Facet("live", _("Livestream"), live_options, multiple=True),
    ]
