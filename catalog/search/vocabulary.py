"""The words of the catalogue, with how many products use each: the speller's dictionary.

Built from the folded ``search_text`` of public products plus the names of provinces and
communes that have sellers. On PostgreSQL the counting is done by ``ts_stat`` (one pass
in the server); elsewhere in Python. It is cached under a fingerprint of the product
table (count and last change), so a new or edited product gives a new dictionary while
unchanged catalogues never rebuild it before the cache entry expires.
"""

from __future__ import annotations

import re
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from oscar.core.loading import get_model

from marketplace.places.models import Commune
from marketplace.text import fold

Product = get_model("catalogue", "Product")

CACHE_SECONDS = 600
_WORD = re.compile(r"[^\W_]+")


def catalogue_fingerprint() -> str:
    """Changes whenever a product is added, removed or saved: a cache key part."""
    stats = Product.objects.aggregate(n=Count("pk"), last=Max("date_updated"))
    last = stats["last"].timestamp() if stats["last"] else 0
    return f"{stats['n']}-{last:.6f}"


def _count_postgresql() -> Counter:
    table = connection.ops.quote_name(Product._meta.db_table)
    inner = f"SELECT to_tsvector('simple', search_text) FROM {table} WHERE is_public"  # noqa: S608
    with connection.cursor() as cursor:
        # ts_stat takes the query as text; the table name is ours, nothing comes from users.
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [inner])
        return Counter({word: ndoc for word, ndoc in cursor.fetchall() if _WORD.fullmatch(word)})


def _count_python() -> Counter:
    counts: Counter = Counter()
    texts = Product.objects.filter(is_public=True).values_list("search_text", flat=True)
    for text in texts.iterator(chunk_size=2000):
        counts.update(set(_WORD.findall(text)))
    return counts


def _place_words() -> Counter:
    names = (
        Commune.objects.filter(sellers__isnull=False)
        .values_list("name", "province__name")
        .distinct()
    )
    counts: Counter = Counter()
    for commune, province in names:
        counts.update(set(_WORD.findall(fold(f"{commune} {province}"))))
    return counts


def vocabulary() -> dict[str, int]:
    """Known folded words → number of products (or places) using them."""
    key = f"search:vocabulary:{catalogue_fingerprint()}"
    words = cache.get(key)
    if words is None:
        counts = _count_postgresql() if connection.vendor == "postgresql" else _count_python()
        counts.update(_place_words())
        words = dict(counts)
        cache.set(key, words, CACHE_SECONDS)
    return words
