"""A small search interface with interchangeable backends, like Wagtail's.

``get_backend()`` returns the backend named by ``MARKETPLACE_SEARCH_BACKEND``.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

SORTS = ("relevance", "newest", "price-asc", "price-desc", "best-selling")


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    category_ids: tuple[int, ...] = ()
    province: str = ""
    min_stars: int | None = None
    seller_kind: str = ""
    sort: str = "relevance"


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


@dataclass
class SearchResult:
    products: object  # a sliceable sequence of Product (queryset or list)
    facets: list[Facet] = field(default_factory=list)


class SearchBackend:
    """What every backend offers. Index methods are no-ops where the DB is the index."""

    def search(self, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def index_product(self, product) -> None:
        raise NotImplementedError

    def remove_product(self, product_id: int) -> None:
        raise NotImplementedError

    def reindex(self) -> int:
        raise NotImplementedError


def get_backend() -> SearchBackend:
    return import_string(settings.MARKETPLACE_SEARCH_BACKEND)()
