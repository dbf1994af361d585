"""Search on the database alone: the embedded default, and the fallback.

Every query word must match, accent-free, in one of the fields Elasticsearch searches:
the folded ``search_text`` (title, description, season, seller name), the seller's
commune or province, or a producer/product story. On PostgreSQL the ``LIKE`` on
``search_text`` is served by a trigram index (this app's migration). Typos are forgiven
by the caller (``selectors.search_products``) through the vocabulary speller; queries of
four words or more, like Elasticsearch's ``minimum_should_match``, may miss one word.

Ranking mirrors the Elasticsearch boosts: a title that starts with or contains the
phrase, title words, accented title words as typed, seller and place names, stories,
then anything in ``search_text``.
"""

from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors

from .. import facets as facet_labels
from ..analysis import (
    exact_words,
    folded_words,
    highlight,
    required_matches,
    snippet,
    strip_tags_text,
)
from ..db import Band, Fold, search_transaction
from ..lookups import WordLookups, seller_suggestions, word_lookups
from ..products import in_categories, in_live, min_price, result_page, searchable_products
from . import PRICE_BANDS, STAR_LEVELS, SearchBackend, SearchQuery, SearchResult, Suggestion

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

ORDERINGS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": (F("min_price").asc(nulls_last=True), "-date_created", "-pk"),
    "price-desc": (F("min_price").desc(nulls_last=True), "-date_created", "-pk"),
    "best-selling": (F("stats__num_purchases").desc(nulls_last=True), "-date_created", "-pk"),
}


def _word_q(word: str, lookups: WordLookups) -> Q:
    return Q(search_text__contains=word) | lookups.q(word)


def _case(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _word_start(field: str, word: str) -> Q:
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


def _whole_word(field: str, word: str) -> Q:
    return (
        Q(**{field: word})
        | Q(**{f"{field}__startswith": f"{word} "})
        | Q(**{f"{field}__contains": f" {word} "})
        | Q(**{f"{field}__endswith": f" {word}"})
    )


def _typed(text: str) -> Q:
    """The title has ``text`` as typed (case-sensitive on PostgreSQL: also capitalised)."""
    return Q(title__contains=text) | Q(title__contains=text[:1].upper() + text[1:])


# Points, in the spirit of the Elasticsearch boosts: accented words typed as spelled
# outrank folded matches; title > story > seller and place > anything else.
POINTS = {
    "phrase_start": 6,
    "phrase": 6,
    "pair": 3,
    "lead": 3,
    "word_start": 8,
    "whole_word": 4,
    "story": 4,
    "seller": 3,
    "place": 3,
    "text": 2,
    "exact_word": 12,
    "exact_phrase": 10,
}


def _score(words: list[str], exact: list[str], lookups: WordLookups):
    phrase = " ".join(words)
    parts = [
        _case(Q(f_title__startswith=phrase), POINTS["phrase_start"]),
        _case(Q(f_title__contains=phrase), POINTS["phrase"]),
    ]
    for first, second in zip(words, words[1:], strict=False):
        parts.append(_case(Q(f_title__contains=f"{first} {second}"), POINTS["pair"]))
    if len(words) > 1:
        # Titles start with what the product is ("Bí xanh …", not "Bí ngòi xanh …").
        parts.append(_case(Q(f_title__startswith=" ".join(words[:2])), POINTS["lead"]))
    for word in words:
        parts.append(_case(_word_start("f_title", word), POINTS["word_start"]))
        parts.append(_case(_whole_word("f_title", word), POINTS["whole_word"]))
        parts.append(_case(_word_start("f_seller", word), POINTS["seller"]))
        parts.append(_case(Q(search_text__contains=word), POINTS["text"]))
        if (place := lookups.place_q(word)) is not None:
            parts.append(_case(place, POINTS["place"]))
        if (story := lookups.story_q(word)) is not None:
            parts.append(_case(story, POINTS["story"]))
    for word in exact:
        parts.append(_case(_typed(word), POINTS["exact_word"]))
    if len(exact) > 1:
        parts.append(_case(_typed(" ".join(exact)), POINTS["exact_phrase"]))
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class DatabaseBackend(SearchBackend):
    """Accent-insensitive matching on the live tables: always current, no index to keep."""

    name = "database"
    has_external_index = False

    def search(self, query: SearchQuery) -> SearchResult:
        with search_transaction():
            return self._search(query)

    def _search(self, query: SearchQuery) -> SearchResult:
        words = folded_words(query.text)
        scoped = searchable_products()
        if query.scope_category_ids:
            scoped = scoped.filter(in_categories(query.scope_category_ids))
        lookups = word_lookups(words)
        base = self._match(scoped, words, lookups)
        filtered = self._filter_facets(base, query)
        total = filtered.count()
        ids = []
        if total and query.offset < total:
            ordered = self._ordered(filtered, query, words, lookups)
            ids = list(
                ordered.values_list("pk", flat=True)[query.offset : query.offset + query.per_page]
            )
        return result_page(
            query,
            ids,
            total=total,
            facets=self._facets(base, query),
            backend=self.name,
            marks=lambda product: (
                highlight(product.title, words),
                snippet(strip_tags_text(product.description), words),
            ),
        )

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        words = folded_words(text)
        if not words:
            return []
        with search_transaction():
            return self._suggest(words, limit)

    def _suggest(self, words: list[str], limit: int) -> list[Suggestion]:
        lookups = WordLookups()  # suggestions match names only: no place or story lookups
        matched = self._match(searchable_products(), words, lookups, relax=False)
        ordered = matched.alias(f_title=Fold("title"), f_seller=Fold("seller__display_name"))
        ordered = ordered.alias(score=_score(words, [], lookups)).order_by("-score", "title")
        products = ordered.only("pk", "slug", "title")[:limit]
        return [
            Suggestion("product", product.title, product.get_absolute_url()) for product in products
        ] + seller_suggestions(words, limit=3)

    def index_products(self, product_ids) -> int:
        """The database is its own index."""
        return 0

    def remove_products(self, product_ids) -> None:
        """The database is its own index."""

    def reindex(self, progress=None, chunk_size: int = 1000) -> int:
        count = searchable_products().count()
        if progress:
            progress(count, count)
        return count

    # --- pieces ----------------------------------------------------------------------

    @staticmethod
    def _match(qs, words, lookups: WordLookups, relax=True):
        if not words:
            return qs
        strict = qs
        for word in words:
            strict = strict.filter(_word_q(word, lookups))
        needed = required_matches(len(words))
        if not relax or needed == len(words) or strict.exists():
            return strict
        # A long query with a word no product has: accept most of the words, as
        # Elasticsearch's minimum_should_match does.
        hits = _case(_word_q(words[0], lookups), 1)
        for word in words[1:]:
            hits = hits + _case(_word_q(word, lookups), 1)
        return qs.alias(word_hits=hits).filter(word_hits__gte=needed)

    @staticmethod
    def _filter_facets(qs, query: SearchQuery):
        if query.category_ids:
            qs = qs.filter(in_categories(query.category_ids))
        if query.province:
            qs = qs.filter(seller__commune__province__slug=query.province)
        if query.seller_kind:
            qs = qs.filter(seller__kind=query.seller_kind)
        if query.min_stars:
            qs = qs.filter(catalog_selectors.has_valid_certificate(query.min_stars))
        if query.price:
            low, high = query.price
            qs = qs.alias(min_price=min_price()).filter(min_price__gte=low)
            if high is not None:
                qs = qs.filter(min_price__lt=high)
        if query.live and (live := in_live()) is not None:
            qs = qs.filter(live)
        return qs

    @staticmethod
    def _ordered(qs, query: SearchQuery, words, lookups: WordLookups):
        if query.sort in ORDERINGS:
            if query.sort.startswith("price"):
                qs = qs.alias(min_price=min_price())
            return qs.order_by(*ORDERINGS[query.sort])
        if not words:
            return qs.order_by("-date_created", "-pk")
        qs = qs.alias(f_title=Fold("title"), f_seller=Fold("seller__display_name"))
        qs = qs.alias(score=_score(words, exact_words(query.text), lookups))
        return qs.order_by("-score", "-date_created", "-pk")

    def _facets(self, qs, query: SearchQuery):
        ids = qs.values("pk")
        categories = (
            Category.objects.filter(product__in=ids)
            .annotate(n=Count("product", distinct=True))
            .order_by("path")
            .values_list("pk", "name", "n")
        )
        provinces = (
            qs.filter(seller__isnull=False)
            .values_list("seller__commune__province__slug", "seller__commune__province__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("seller__commune__province__name")
        )
        kinds = (
            qs.filter(seller__isnull=False)
            .values_list("seller__kind")
            .annotate(n=Count("pk", distinct=True))
            .order_by("seller__kind")
        )
        return facet_labels.build(
            query,
            categories=list(categories),
            provinces=list(provinces),
            kinds=dict(kinds),
            stars=self._star_counts(ids),
            prices=self._price_counts(qs),
            live=qs.filter(live).count() if (live := in_live()) is not None else 0,
        )

    @staticmethod
    def _star_counts(ids) -> dict[int, int]:
        # From the certificates side: far fewer rows than products, one pass for all levels.
        counts = (
            catalog_selectors.valid_certificates()
            .filter(product__in=ids)
            .aggregate(
                **{
                    f"stars_{level}": Count("product", distinct=True, filter=Q(stars__gte=level))
                    for level in STAR_LEVELS
                }
            )
        )
        return {level: counts[f"stars_{level}"] for level in STAR_LEVELS}

    @staticmethod
    def _price_counts(qs) -> list[int]:
        bounds = [low for low, _high in PRICE_BANDS[1:]]
        rows = (
            qs.annotate(band=Band(min_price(), bounds))
            .values_list("band")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = dict(rows)
        return [counts.get(i, 0) for i in range(len(PRICE_BANDS))]
