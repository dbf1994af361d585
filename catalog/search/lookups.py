"""Small lookups the database backend turns into id filters: places, stories, sellers.

Folding names inside SQL for every product row would defeat the trigram index on
``search_text``; these tables are small, so they are folded in Python and the match
becomes ``commune_id IN (…)`` or ``pk IN (…)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from catalog.stories.models import ProducerStoryPage, ProductStoryPage
from marketplace.places.models import Commune, Province
from marketplace.text import fold
from sellers.models import Seller

from .backends import Suggestion
from .db import Fold

PLACES_CACHE_SECONDS = 3600


def _build_places() -> dict:
    communes = [
        (pk, province_id, set(fold(name).split()))
        for pk, province_id, name in Commune.objects.values_list("pk", "province_id", "name")
    ]
    provinces = [
        (pk, set(fold(name).split())) for pk, name in Province.objects.values_list("pk", "name")
    ]
    return {"communes": communes, "provinces": provinces}


def _places() -> dict:
    # Administrative units change once in years (a reform): an hour of caching is safe.
    return cache.get_or_set("search:places:v1", _build_places, PLACES_CACHE_SECONDS)


def _story_texts() -> tuple[list, list]:
    products = [
        (product_id, set(fold(f"{title} {summary}").split()))
        for product_id, title, summary in ProductStoryPage.objects.live()
        .filter(product__isnull=False)
        .values_list("product_id", "title", "summary")
    ]
    sellers = [
        (seller_id, set(fold(f"{title} {summary} {village}").split()))
        for seller_id, title, summary, village in ProducerStoryPage.objects.live()
        .filter(seller__isnull=False)
        .values_list("seller_id", "title", "summary", "village")
    ]
    return products, sellers


@dataclass
class WordLookups:
    """For each query word: communes, provinces, story products and story sellers."""

    communes: dict[str, list[int]] = field(default_factory=dict)
    provinces: dict[str, list[int]] = field(default_factory=dict)
    story_products: dict[str, list[int]] = field(default_factory=dict)
    story_sellers: dict[str, list[int]] = field(default_factory=dict)

    def q(self, word: str) -> Q:
        """Products matching ``word`` through a place or a story (never matches if none)."""
        q = Q(pk__in=[])
        if ids := self.communes.get(word):
            q |= Q(seller__commune_id__in=ids)
        if ids := self.provinces.get(word):
            q |= Q(seller__commune__province_id__in=ids)
        if ids := self.story_products.get(word):
            q |= Q(pk__in=ids)
        if ids := self.story_sellers.get(word):
            q |= Q(seller_id__in=ids)
        return q

    def place_q(self, word: str) -> Q | None:
        communes, provinces = self.communes.get(word), self.provinces.get(word)
        if not (communes or provinces):
            return None
        return Q(seller__commune_id__in=communes or []) | Q(
            seller__commune__province_id__in=provinces or []
        )

    def story_q(self, word: str) -> Q | None:
        products, sellers = self.story_products.get(word), self.story_sellers.get(word)
        if not (products or sellers):
            return None
        return Q(pk__in=products or []) | Q(seller_id__in=sellers or [])


def word_lookups(words: list[str]) -> WordLookups:
    """Two story queries and a cached place list, whatever the number of words."""
    lookups = WordLookups()
    if not words:
        return lookups
    places = _places()
    story_products, story_sellers = _story_texts()
    for word in words:
        lookups.communes[word] = [pk for pk, _, names in places["communes"] if word in names]
        lookups.provinces[word] = [pk for pk, names in places["provinces"] if word in names]
        lookups.story_products[word] = [pk for pk, names in story_products if word in names]
        lookups.story_sellers[word] = [pk for pk, names in story_sellers if word in names]
    return lookups


def seller_suggestions(words: list[str], limit: int = 3) -> list[Suggestion]:
    """Approved sellers whose name has every word (accent-free, word starts)."""
    if not words:
        return []
    sellers = Seller.objects.selling().alias(f_name=Fold("display_name"))
    for word in words:
        sellers = sellers.filter(Q(f_name__startswith=word) | Q(f_name__contains=f" {word}"))
    return [
        Suggestion("seller", seller.display_name, seller.get_absolute_url())
        for seller in sellers.only("pk", "slug", "display_name").order_by("display_name")[:limit]
    ]
