"""Search on the database alone: the embedded default, and the fallback.

It reads ``SearchRow`` (one denormalised row per product, see ``models.py``), never the
catalogue joins. A search is two statements however large the catalogue: the candidate
query (match, filters, ranking, the page of ids and the total through a window count)
and the facet statement (every facet counted from the same candidates in one pass);
then the page's cards are loaded (a constant number of queries).

Matching: every query word must start a word of the folded document (title,
description, season, seller, commune, province, stories). PostgreSQL answers it from the
GIN index on the stored ``tsvector`` with prefix terms (``che:* & shan:*``); SQLite, for
a small shop, with ``LIKE`` on the folded document. Queries of four words or more, like
Elasticsearch's ``minimum_should_match``, may miss one word in four.

Ranking is a sum of points a person can read back (``POINTS``): the phrase or its words
at the start of or inside the folded title, seller and place names, stories, the rest of
the text, and a bonus for words typed with their accents as the title spells them.
Typos are forgiven by the caller (``selectors.search_products``) through the speller.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When, Window
from django.db.models.aggregates import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.places.models import Province

from .. import facets as facet_labels
from ..analysis import (
    correct_word,
    exact_words,
    folded_words,
    highlight,
    required_matches,
    snippet,
    strip_tags_text,
)
from ..db import search_transaction
from ..lookups import seller_suggestions
from ..models import SearchRow, visible_rows
from ..products import NEWEST, result_page
from ..vocabulary import vocabulary
from . import PRICE_BANDS, STAR_LEVELS, SearchBackend, SearchQuery, SearchResult, Suggestion

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

ORDERINGS = {
    "newest": NEWEST,
    "price-asc": (F("min_price").asc(nulls_last=True), *NEWEST),
    "price-desc": (F("min_price").desc(nulls_last=True), *NEWEST),
    "best-selling": (F("popularity").desc(), *NEWEST),
}

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


# --- matching ----------------------------------------------------------------------------


def _vector_match(words: list[str], operator: str) -> RawSQL:
    # Words are runs of letters and digits (analysis._WORD): nothing tsquery would parse.
    terms = f" {operator} ".join(f"{word}:*" for word in words)
    table = connection.ops.quote_name(SearchRow._meta.db_table)
    return RawSQL(  # noqa: S611 (the terms travel as a parameter)
        f"{table}.search_vector @@ to_tsquery('simple', %s)",  # noqa: S608
        [terms],
        output_field=BooleanField(),
    )


def _word_match(word: str):
    if connection.vendor == "postgresql":
        return _vector_match([word], "&")
    return Q(document__contains=word)


def _all_words(qs, words: list[str]):
    if connection.vendor == "postgresql":
        return qs.filter(_vector_match(words, "&"))
    for word in words:
        qs = qs.filter(document__contains=word)
    return qs


def _most_words(qs, words: list[str]):
    """Rows with at least ``required_matches`` of the words."""
    if connection.vendor == "postgresql":
        qs = qs.filter(_vector_match(words, "|"))  # the index finds any; points count them
    hits = sum((_case(_word_match(word), 1) for word in words), Value(0))
    return qs.alias(word_hits=hits).filter(word_hits__gte=required_matches(len(words)))


# --- ranking -----------------------------------------------------------------------------


def _spelled(words: list[str]) -> list[str] | None:
    """``words`` with each word that starts no catalogue word replaced by the closest
    known one (a word with no close match stays); None when nothing changed."""
    counts, by_letter = vocabulary()
    spelled = []
    for word in words:
        known = word in counts or any(w.startswith(word) for w in by_letter.get(word[:1], ()))
        spelled.append(word if known else correct_word(word, counts, by_letter) or word)
    return spelled if spelled != words else None


def _case(condition, points: int) -> Case:
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


def score(words: list[str], exact: list[str]):
    """The relevance points of a row for these folded words and accented words."""
    phrase = " ".join(words)
    parts = [
        _case(Q(title_folded__startswith=phrase), POINTS["phrase_start"]),
        _case(Q(title_folded__contains=phrase), POINTS["phrase"]),
    ]
    for first, second in zip(words, words[1:], strict=False):
        parts.append(_case(Q(title_folded__contains=f"{first} {second}"), POINTS["pair"]))
    if len(words) > 1:
        # Titles start with what the product is ("Bí xanh …", not "Bí ngòi xanh …").
        parts.append(_case(Q(title_folded__startswith=" ".join(words[:2])), POINTS["lead"]))
    for word in words:
        parts.append(_case(_word_start("title_folded", word), POINTS["word_start"]))
        parts.append(_case(_whole_word("title_folded", word), POINTS["whole_word"]))
        parts.append(_case(_word_start("seller_folded", word), POINTS["seller"]))
        parts.append(_case(Q(document__contains=word), POINTS["text"]))
        parts.append(_case(_whole_word("place_folded", word), POINTS["place"]))
        parts.append(_case(_whole_word("story_folded", word), POINTS["story"]))
    for word in exact:
        parts.append(_case(_typed(word), POINTS["exact_word"]))
    if len(exact) > 1:
        parts.append(_case(_typed(" ".join(exact)), POINTS["exact_phrase"]))
    return sum(parts[1:], parts[0])


# --- the backend -------------------------------------------------------------------------


class DatabaseBackend(SearchBackend):
    """Accent-insensitive search over ``SearchRow``, kept current in the same transaction."""

    name = "database"
    has_external_index = False

    def search(self, query: SearchQuery) -> SearchResult:
        with search_transaction():
            return self._search(query)

    def _search(self, query: SearchQuery) -> SearchResult:
        words = folded_words(query.text)
        scoped = visible_rows()
        if query.scope_category_ids:
            scoped = scoped.filter(_in_categories(query.scope_category_ids))
        base = _all_words(scoped, words) if words else scoped
        ids, total = self._page(base, query, words)
        spelled = _spelled(words) if words and not total else None
        if spelled:
            # A typo no catalogue word starts with: read as the closest known word, as
            # the engine's fuzzy matching does, before settling for most of the words.
            words = spelled
            base = _all_words(scoped, words)
            ids, total = self._page(base, query, words)
        if not total and words and required_matches(len(words)) < len(words):
            # A long query with a word no product has: accept most of the words.
            base = _most_words(scoped, words)
            ids, total = self._page(base, query, words)
        return result_page(
            query,
            ids,
            total=total,
            facets=facet_labels.build(query, **facet_counts(base, query)),
            backend=self.name,
            marks=lambda product: (
                highlight(product.title, words),
                snippet(strip_tags_text(product.description), words),
            ),
        )

    def _page(self, base, query: SearchQuery, words: list[str]) -> tuple[list[int], int]:
        """The page of ids and the number of candidates, in one statement."""
        filtered = _filter(base, query)
        if query.sort in ORDERINGS:
            ordered = filtered.order_by(*ORDERINGS[query.sort])
        elif words:
            ordered = filtered.alias(points=score(words, exact_words(query.text)))
            ordered = ordered.order_by("-points", *NEWEST)
        else:
            ordered = filtered.order_by(*NEWEST)
        rows = list(
            ordered.annotate(total=Window(Count("*"))).values_list("product_id", "total")[
                query.offset : query.offset + query.per_page
            ]
        )
        if rows:
            return [pk for pk, _ in rows], rows[0][1]
        # Past the last page (or nothing at all): the total still matters to the caller.
        return [], filtered.count() if query.offset else 0

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        words = folded_words(text)
        if not words:
            return []
        with search_transaction():
            matched = _all_words(visible_rows(), words).alias(points=score(words, []))
            ids = list(matched.order_by("-points", "title").values_list("product_id", flat=True))
            ids = ids[:limit]
            found = Product.objects.filter(pk__in=ids).only("pk", "slug", "title")
            by_id = {product.pk: product for product in found}
            suggestions = [
                Suggestion("product", by_id[pk].title, by_id[pk].get_absolute_url())
                for pk in ids
                if pk in by_id
            ]
            return suggestions + seller_suggestions(words, limit=3)

    def index_products(self, product_ids) -> int:
        """Rows are refreshed by ``services`` on every change, whatever the backend."""
        return 0

    def remove_products(self, product_ids) -> None:
        """Rows go with their products (a cascade) or are refreshed by ``services``."""

    def reindex(self, progress=None, chunk_size: int = 1000) -> int:
        from .. import rows

        count = rows.rebuild()
        if progress:
            progress(count, count)
        return count


def _in_categories(category_ids) -> Q:
    return Q(
        product_id__in=ProductCategory.objects.filter(category_id__in=category_ids).values(
            "product_id"
        )
    )


def _filter(qs, query: SearchQuery):
    if query.category_ids:
        qs = qs.filter(_in_categories(query.category_ids))
    if query.province:
        qs = qs.filter(province_id__in=Province.objects.filter(slug=query.province).values("pk"))
    if query.seller_kind:
        qs = qs.filter(seller_kind=query.seller_kind)
    if query.min_stars:
        qs = qs.filter(ocop_stars__gte=query.min_stars, ocop_until__gte=timezone.localdate())
    if query.price:
        low, high = query.price
        qs = qs.filter(min_price__gte=low)
        if high is not None:
            qs = qs.filter(min_price__lt=high)
    if query.live:
        qs = qs.filter(live_until__gt=timezone.now())
    return qs


def _band_sql() -> str:
    bounds = [int(low) for low, _high in PRICE_BANDS[1:]]  # ints: safe to inline
    whens = " ".join(f"WHEN min_price < {bound} THEN {i}" for i, bound in enumerate(bounds))
    return f"CASE {whens} ELSE {len(bounds)} END"


def facet_counts(base, query: SearchQuery) -> dict:
    """Every facet's counts over the candidates (before facet filters), in one statement."""
    columns = ("product_id", "province_id", "seller_kind", "min_price", "ocop_stars")
    candidates, params = base.values(*columns, "ocop_until", "live_until").query.sql_with_params()
    quote = connection.ops.quote_name
    stars = " UNION ALL ".join(
        f"SELECT 'stars', '{level}', '', '', COUNT(*) FROM c "  # noqa: S608 (ints)
        "WHERE ocop_stars >= %s AND ocop_until >= %s"
        for level in STAR_LEVELS
    )
    sql = f"""
        WITH c AS ({candidates})
        SELECT 'province', p.slug, p.name, p.name, COUNT(*) FROM c
          JOIN {quote(Province._meta.db_table)} p ON p.id = c.province_id
          GROUP BY p.slug, p.name
        UNION ALL
        SELECT 'kind', seller_kind, '', '', COUNT(*) FROM c GROUP BY seller_kind
        UNION ALL
        SELECT 'price', CAST({_band_sql()} AS TEXT), '', '', COUNT(*) FROM c
          WHERE min_price IS NOT NULL GROUP BY {_band_sql()}
        UNION ALL
        SELECT 'category', CAST(cat.id AS TEXT), cat.name, cat.path, COUNT(DISTINCT c.product_id)
          FROM c JOIN {quote(ProductCategory._meta.db_table)} pc ON pc.product_id = c.product_id
          JOIN {quote(Category._meta.db_table)} cat ON cat.id = pc.category_id
          GROUP BY cat.id, cat.name, cat.path
        UNION ALL {stars}
        UNION ALL
        SELECT 'live', '', '', '', COUNT(*) FROM c WHERE live_until > %s
    """  # noqa: S608 (table names are ours; values travel as parameters)
    today, now = timezone.localdate(), timezone.now()
    params = [*params]
    for level in STAR_LEVELS:
        params += [level, today]
    params.append(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = {"province": [], "kind": {}, "price": {}, "category": [], "stars": {}, "live": 0}
    for facet, key, label, sort, n in rows:
        if facet == "province":
            counts["province"].append((sort, key, label, n))
        elif facet == "category":
            counts["category"].append((sort, int(key), label, n))
        elif facet == "live":
            counts["live"] = n
        else:
            counts[facet][int(key) if facet in ("price", "stars") else key] = n
    return {
        "categories": [(pk, name, n) for _, pk, name, n in sorted(counts["category"])],
        "provinces": [(slug, name, n) for _, slug, name, n in sorted(counts["province"])],
        "kinds": counts["kind"],
        "stars": {level: counts["stars"].get(level, 0) for level in STAR_LEVELS},
        "prices": [counts["price"].get(i, 0) for i in range(len(PRICE_BANDS))],
        "live": counts["live"],
    }
