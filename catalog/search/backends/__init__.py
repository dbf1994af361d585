"""A small search interface with interchangeable backends, like Wagtail's.

``get_backend()`` returns the backend named by ``MARKETPLACE_SEARCH_BACKEND`` (a dotted
path). Both backends answer the same ``SearchQuery`` with the same ``SearchResult``: the
page of products (hydrated from the database, ready for the product cards), the total,
facet counts and which backend answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

SORTS = ("relevance", "newest", "price-asc", "price-desc", "best-selling")

# Price bands in whole đồng, (low, high) with high excluded; None is open-ended.
PRICE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 50_000),
    (50_000, 100_000),
    (100_000, 200_000),
    (200_000, 500_000),
    (500_000, None),
)
STAR_LEVELS = (5, 4, 3)


def price_band_key(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low}-{high if high is not None else ''}"


def parse_price_band(value: str) -> tuple[int, int | None] | None:
    """The band for a ``price`` parameter such as ``50000-100000``; None if unknown."""
    for band in PRICE_BANDS:
        if price_band_key(band) == value:
            return band
    return None


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # Category page scope (the category and its descendants): always applied.
    scope_category_ids: tuple[int, ...] = ()
    # Facet filters chosen by the buyer.
    category_ids: tuple[int, ...] = ()
    province: str = ""
    min_stars: int | None = None
    seller_kind: str = ""
    price: tuple[int, int | None] | None = None
    live: bool = False  # only products shown in a livestream that is on now or coming up
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    # Radio facets offer "any"; checkbox facets (categories) do not need it.
    multiple: bool = False

    @property
    def any_selected(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class SearchResult:
    products: list  # the requested page of Product, annotated for product cards
    total: int = 0
    facets: list[Facet] = field(default_factory=list)
    page: int = 1
    text: str = ""  # the text actually searched (after any correction)
    corrected_from: str = ""  # what the buyer typed, when results are for a correction
    suggestion: str = ""  # "Did you mean …?" when nothing matched
    backend: str = ""  # which backend answered
    degraded: bool = False  # True when the database answered because the index failed


@dataclass
class Suggestion:
    kind: str  # "product" or "seller"
    label: str
    url: str


class SearchBackend:
    """What every backend offers.

    ``has_external_index`` is False where the database is its own index: the index
    methods are then no-ops and nothing needs queueing when products change.
    """

    name = "base"
    has_external_index = False

    def search(self, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def index_products(self, product_ids) -> int:
        """Bring the index in line with the database for these products."""
        raise NotImplementedError

    def remove_products(self, product_ids) -> None:
        raise NotImplementedError

    def make_searchable(self) -> None:
        """Make every write sent so far visible to searches now (backends with an index)."""

    def indexed_fields(self, names) -> dict[int, dict]:
        """What the index holds of ``names``, by product id (backends with an index)."""
        raise NotImplementedError

    def reindex(self, progress=None, chunk_size: int = 1000) -> int:
        """Rebuild the whole index; ``progress(done, total)`` is called along the way."""
        raise NotImplementedError


@lru_cache(maxsize=8)
def _backend_class(path: str):
    return import_string(path)


def get_backend() -> SearchBackend:
    return _backend_class(settings.MARKETPLACE_SEARCH_BACKEND)()
