"""Building Elasticsearch searches for a ``SearchQuery`` and reading their answers.

Scoring, in words: every query word must match some field, allowing typos
(``fuzziness: AUTO``, first letter trusted); four words or more may miss one. On top of
that, exact (non-fuzzy) matches, the phrase in the title, and accented words typed as
they are spelled in the title (``.exact`` sub-fields) add to the score, with field boosts
name > story > seller/place > description.
"""

from __future__ import annotations

from django.utils import timezone
from elasticsearch.dsl import A, Q, Search
from oscar.core.loading import get_model

from marketplace.places.models import Province

from .. import facets as facet_labels
from ..analysis import (
    MARK_END,
    MARK_START,
    clean_text,
    exact_words,
    folded_words,
    from_marked,
    required_matches,
)
from ..documents import SEARCHABLE_SELLER_STATUSES
from . import PRICE_BANDS, STAR_LEVELS, SearchQuery, price_band_key

Category = get_model("catalogue", "Category")

TEXT_FIELDS = ["title^4", "story^2", "seller_name^1.5", "place^1.5", "description"]
EXACT_FIELDS = [
    "title.exact^3",
    "story.exact",
    "seller_name.exact",
    "place.exact",
    "description.exact^0.5",
]
# One typo from four letters, two from eight (``analysis.max_edits``): most Vietnamese
# syllables have two to four letters, and forgiving a typo in "ban" or "tra" would match
# half the catalogue.
FUZZINESS = "AUTO:4,8"
SUGGEST_FIELDS = ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]
LATEST = [{"date_created": {"order": "desc"}}, {"product_id": {"order": "desc"}}]
SORTS = {
    "newest": LATEST,
    "price-asc": [{"price": {"order": "asc", "missing": "_last"}}, *LATEST],
    "price-desc": [{"price": {"order": "desc", "missing": "_last"}}, *LATEST],
    "best-selling": [{"num_purchases": {"order": "desc"}}, *LATEST],
}


def _word_query(word: str):
    return Q(
        "multi_match",
        query=word,
        fields=TEXT_FIELDS,
        fuzziness=FUZZINESS,
        prefix_length=1,
        max_expansions=20,
    )


def text_query(text: str):
    words = folded_words(text)
    exact = exact_words(text)
    recall = Q(
        "bool",
        should=[_word_query(word) for word in words],
        minimum_should_match=required_matches(len(words)),
    )
    phrase = " ".join(words)
    boosts = [
        Q("match_phrase", title={"query": phrase, "boost": 4}),
        Q("multi_match", query=phrase, fields=TEXT_FIELDS),
    ]
    # Each word found anywhere counts the same, whatever the field's length: a product
    # matching all five words beats a short title matching three.
    boosts += [Q("constant_score", filter=_word_query(word), boost=2) for word in words]
    # Adjacent words in the title: "bí xanh" in "Bí xanh thơm" rather than "Bí ngòi xanh".
    boosts += [
        Q("match_phrase", title={"query": f"{first} {second}", "boost": 1})
        for first, second in zip(words, words[1:], strict=False)
    ]
    if len(words) > 1:
        boosts.append(Q("term", title_lead={"value": " ".join(words[:2]), "boost": 3}))
    if exact:
        typed = clean_text(text).lower()
        boosts += [
            Q("multi_match", query=" ".join(exact), fields=EXACT_FIELDS, boost=2),
            Q("match_phrase", **{"title.exact": {"query": typed, "boost": 4}}),
        ]
    return Q("bool", must=[recall], should=boosts)


def _today() -> str:
    return timezone.localdate().isoformat()


def base_filters(query: SearchQuery) -> list:
    filters = [
        Q("terms", seller_status=list(SEARCHABLE_SELLER_STATUSES)),
        Q("term", in_stock=True),
    ]
    if query.scope_category_ids:
        filters.append(Q("terms", category_ids=list(query.scope_category_ids)))
    return filters


def facet_filters(query: SearchQuery) -> list:
    filters = []
    if query.category_ids:
        filters.append(Q("terms", category_ids=list(query.category_ids)))
    if query.province:
        filters.append(Q("term", province=query.province))
    if query.seller_kind:
        filters.append(Q("term", seller_kind=query.seller_kind))
    if query.min_stars:
        filters.append(Q("range", **{f"ocop_{query.min_stars}": {"gte": _today()}}))
    if query.price:
        low, high = query.price
        bounds = {"gte": low} if high is None else {"gte": low, "lt": high}
        filters.append(Q("range", price=bounds))
    if query.live:
        filters.append(_live_now())
    return filters


def _live_now():
    return Q("range", live_until={"gt": timezone.now().isoformat()})


def _aggregations(search: Search) -> Search:
    search.aggs.bucket("categories", A("terms", field="category_ids", size=200))
    search.aggs.bucket("provinces", A("terms", field="province", size=100))
    search.aggs.bucket("kinds", A("terms", field="seller_kind", size=10))
    today = _today()
    search.aggs.bucket(
        "stars",
        A(
            "filters",
            filters={
                str(level): Q("range", **{f"ocop_{level}": {"gte": today}}) for level in STAR_LEVELS
            },
        ),
    )
    ranges = []
    for band in PRICE_BANDS:
        low, high = band
        ranges.append({"key": price_band_key(band), "from": low, **({"to": high} if high else {})})
    search.aggs.bucket("prices", A("range", field="price", ranges=ranges))
    search.aggs.bucket("live", A("filter", filter=_live_now()))
    return search


def build_search(client, index: str, query: SearchQuery) -> Search:
    """Search (query, filters, facets, sort, page, highlights) for ``query``."""
    words = folded_words(query.text)
    search = Search(using=client, index=index).extra(track_total_hits=True).source(False)
    search = search.query(
        Q("bool", must=[text_query(query.text)] if words else [], filter=base_filters(query))
    )
    # Facet filters go after the aggregations, so facet counts stay those of the text.
    if post := facet_filters(query):
        search = search.post_filter(Q("bool", filter=post))
    search = _aggregations(search)
    if query.sort in SORTS:
        search = search.sort(*SORTS[query.sort])
    else:
        search = search.sort("_score", *LATEST) if words else search.sort(*LATEST)
    if words:
        search = search.highlight_options(
            pre_tags=[MARK_START], post_tags=[MARK_END], require_field_match=False
        )
        search = search.highlight("title", number_of_fragments=0)
        search = search.highlight("description", fragment_size=160, number_of_fragments=1)
    return search[query.offset : query.offset + query.per_page]


def build_suggest(client, index: str, text: str, limit: int) -> Search:
    search = Search(using=client, index=index).source(["title", "slug"])
    search = search.query(
        Q(
            "bool",
            must=[
                Q(
                    "multi_match",
                    query=text,
                    type="bool_prefix",
                    fields=SUGGEST_FIELDS,
                    operator="and",
                )
            ],
            filter=base_filters(SearchQuery()),
        )
    )
    return search[:limit]


def read_highlights(response) -> dict:
    """Product id → (marked title, marked description snippet)."""
    marked = {}
    for hit in response:
        highlight = getattr(hit.meta, "highlight", None)
        if highlight is None:
            continue
        title = getattr(highlight, "title", None)
        description = getattr(highlight, "description", None)
        marked[int(hit.meta.id)] = (
            from_marked(title[0]) if title else None,
            from_marked(description[0]) if description else None,
        )
    return marked


def _buckets(response, name) -> list:
    aggregations = getattr(response, "aggregations", None)
    agg = getattr(aggregations, name, None) if aggregations is not None else None
    return list(agg.buckets) if agg is not None else []


def read_facets(response, query: SearchQuery):
    """The facet lists, with category and province names from the database."""
    category_counts = {int(b.key): b.doc_count for b in _buckets(response, "categories")}
    categories = [
        (pk, name, category_counts[pk])
        for pk, name in Category.objects.filter(pk__in=category_counts)
        .order_by("path")
        .values_list("pk", "name")
    ]
    province_counts = {b.key: b.doc_count for b in _buckets(response, "provinces")}
    provinces = [
        (slug, name, province_counts[slug])
        for slug, name in Province.objects.filter(slug__in=province_counts)
        .order_by("name")
        .values_list("slug", "name")
    ]
    aggregations = getattr(response, "aggregations", None)
    stars_agg = getattr(aggregations, "stars", None)
    stars = {
        level: (getattr(stars_agg.buckets, str(level)).doc_count if stars_agg else 0)
        for level in STAR_LEVELS
    }
    price_counts = {b.key: b.doc_count for b in _buckets(response, "prices")}
    return facet_labels.build(
        query,
        categories=categories,
        provinces=provinces,
        kinds={b.key: b.doc_count for b in _buckets(response, "kinds")},
        stars=stars,
        prices=[price_counts.get(price_band_key(band), 0) for band in PRICE_BANDS],
        live=getattr(getattr(aggregations, "live", None), "doc_count", 0),
    )
