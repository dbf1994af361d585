"""Search on the database alone: the embedded default, and the fallback."""

from django.db.models import Case, Count, F, IntegerField, Min, Value, When
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog import selectors
from catalog.text import fold

from . import Facet, FacetOption, SearchBackend, SearchQuery, SearchResult

Category = get_model("catalogue", "Category")

ORDERINGS = {
    "newest": ("-date_created",),
    "price-asc": (F("min_price").asc(nulls_last=True), "-date_created"),
    "price-desc": (F("min_price").desc(nulls_last=True), "-date_created"),
    "best-selling": (F("stats__num_purchases").desc(nulls_last=True), "-date_created"),
}


class DatabaseBackend(SearchBackend):
    """Accent-insensitive matching on the folded ``search_text`` column."""

    def search(self, query: SearchQuery) -> SearchResult:
        base = self._filter_text(selectors.public_products(), query.text)
        filtered = self._filter_facets(base, query)
        phrase = fold(query.text)
        # The folded search text starts with the title: a title that begins with the
        # whole phrase is the best match the database can tell apart cheaply.
        title_hit = (
            Case(
                When(search_text__startswith=phrase, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            if phrase
            else Value(0, output_field=IntegerField())
        )
        products = selectors.for_product_cards(filtered).annotate(
            min_price=Min("stockrecords__price"), title_hit=title_hit
        )
        products = products.order_by(*self._ordering(query))
        return SearchResult(products=products, facets=self._facets(base, query))

    def index_product(self, product) -> None:
        """The database is its own index."""

    def remove_product(self, product_id: int) -> None:
        """The database is its own index."""

    def reindex(self) -> int:
        return selectors.public_products().count()

    @staticmethod
    def _filter_text(qs, text):
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    @staticmethod
    def _filter_facets(qs, query: SearchQuery):
        if query.category_ids:
            qs = qs.filter(categories__in=query.category_ids).distinct()
        if query.province:
            qs = qs.filter(seller__commune__province__slug=query.province)
        if query.seller_kind:
            qs = qs.filter(seller__kind=query.seller_kind)
        if query.min_stars:
            qs = qs.filter(selectors.has_valid_certificate(query.min_stars))
        return qs

    @staticmethod
    def _ordering(query: SearchQuery):
        if query.sort in ORDERINGS:
            return ORDERINGS[query.sort]
        return ("-title_hit", "-date_created")

    def _facets(self, qs, query: SearchQuery) -> list[Facet]:
        ids = qs.values("pk")
        provinces = (
            qs.filter(seller__isnull=False)
            .values(
                province_slug=F("seller__commune__province__slug"),
                province_name=F("seller__commune__province__name"),
            )
            .annotate(n=Count("pk", distinct=True))
            .order_by("province_name")
        )
        categories = (
            Category.objects.filter(product__in=ids)
            .annotate(n=Count("product", distinct=True))
            .order_by("path")
        )
        stars = []
        for level in (5, 4, 3):
            n = qs.filter(selectors.has_valid_certificate(level)).count()
            if n:
                stars.append(
                    FacetOption(
                        str(level), _("%(n)s★ and up") % {"n": level}, n, query.min_stars == level
                    )
                )
        return [
            Facet(
                "category",
                _("Categories"),
                [
                    FacetOption(str(c.pk), c.name, c.n, c.pk in query.category_ids)
                    for c in categories
                ],
            ),
            Facet(
                "province",
                _("Province or city"),
                [
                    FacetOption(
                        p["province_slug"],
                        p["province_name"],
                        p["n"],
                        p["province_slug"] == query.province,
                    )
                    for p in provinces
                ],
            ),
            Facet("stars", _("OCOP stars"), stars),
        ]
