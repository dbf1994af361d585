"""The speller's dictionary: folded words of searchable products, with how many use each.

Kept in the ``SearchWord`` table: a full rebuild counts the words in one server-side pass
(``ts_stat`` over the rows' vectors on PostgreSQL), and each row refresh adds the words
it did not know (``rows.add_words``). A query never scans products: each process keeps
the table in memory, grouped by first letter, and reloads it when a refresh added words
(a version number in the shared cache says so).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from oscar.core.loading import get_model

from .models import SearchRow, SearchWord, visible_rows

Product = get_model("catalogue", "Product")

VERSION_KEY = "search:vocabulary:version"
_WORD = re.compile(r"[^\W_]+")
MAX_WORD = SearchWord._meta.get_field("word").max_length

# Process memory: (version, counts, words by first letter).
_loaded: dict = {}


def catalogue_fingerprint() -> str:
    """Changes whenever a product is added, removed or saved: a cache key part."""
    stats = Product.objects.aggregate(n=Count("pk"), last=Max("date_updated"))
    last = stats["last"].timestamp() if stats["last"] else 0
    return f"{stats['n']}-{last:.6f}"


def rebuild_words() -> int:
    """Replace the dictionary with the words of every visible row, counted."""
    SearchWord.objects.all().delete()
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(SearchRow._meta.db_table)
        visible = "WHERE is_public AND may_sell AND in_stock"
        vectors = f"SELECT search_vector FROM {table} {visible}"  # noqa: S608
        with connection.cursor() as cursor:
            # ts_stat takes its query as text: our own table, nothing from users.
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(SearchWord._meta.db_table)} "  # noqa: S608
                "(word, products) SELECT word, ndoc FROM ts_stat(%s) "
                "WHERE word ~ '^[[:alnum:]]+$' AND length(word) <= %s",
                [vectors, MAX_WORD],
            )
            count = cursor.rowcount
    else:
        counts: Counter = Counter()
        for document in visible_rows().values_list("document", flat=True).iterator(2000):
            counts.update({w for w in _WORD.findall(document) if len(w) <= MAX_WORD})
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, products=n) for w, n in counts.items()], batch_size=2000
        )
        count = len(counts)
    forget_now_and_on_commit()
    return count


def forget() -> None:
    """Tell every process to reload the dictionary (words were added or rebuilt)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _loaded.clear()


def forget_now_and_on_commit() -> None:
    # Now: this transaction's own searches see the change; on commit: other processes.
    forget()
    transaction.on_commit(forget, robust=True)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def vocabulary() -> tuple[dict[str, int], dict[str, list[str]]]:
    """(word → products using it, first letter → words): loaded once per change."""
    version = _version()
    if _loaded.get("version") != version:
        counts = dict(SearchWord.objects.values_list("word", "products"))
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word in counts:
            by_letter[word[:1]].append(word)
        _loaded.update(version=version, counts=counts, by_letter=dict(by_letter))
    return _loaded["counts"], _loaded["by_letter"]
