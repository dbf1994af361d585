"""Search state kept in the database: index work not yet acknowledged by the engine, and
the database backend's own index (one denormalised row per product, and its words).

``SearchRow`` holds everything a search filters, sorts or ranks on, so a search reads
one table instead of joining the catalogue, stock records, certificates, sellers, places,
stories and livestreams per product. It is rewritten by set-based SQL (``rows.py``)
whenever the data it copies changes. Facts that expire with time (a certificate's end
date, a livestream's end) are stored as dates and compared with "now" by each query.

On PostgreSQL the migration adds a stored ``search_vector`` (``tsvector``) generated from
the folded text, a GIN index on it and a trigram GIN index on ``document``.
"""

from django.db import models
from django.utils import timezone


class PendingIndex(models.Model):
    """A product whose index entry may differ from the database.

    Written in the same transaction as the change that makes the entry stale, removed
    only after the engine acknowledged the product's new entry (or its removal). While
    the engine is down, slow or refusing work, the rows wait; a periodic task replays
    them when it answers again, so nothing is lost and no full rebuild is needed.
    No foreign key: a deleted product keeps its row until the engine forgets it too.
    """

    product_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "pending index update"

    def __str__(self):
        return f"product {self.product_id} since {self.queued_at:%Y-%m-%d %H:%M:%S}"


class SearchRow(models.Model):
    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Original title (accent bonus: words typed with accents as spelled).
    title = models.TextField()
    # Folded, lowercase, accent-free texts: "Chè Shan Tuyết" → "che shan tuyet".
    title_folded = models.TextField()
    seller_folded = models.TextField(blank=True)
    place_folded = models.TextField(blank=True)  # the seller's commune and province
    story_folded = models.TextField(blank=True)  # live product and producer stories
    document = models.TextField()  # all of the above plus description and season
    # Visibility: all three must hold for a buyer to find the product.
    is_public = models.BooleanField()
    may_sell = models.BooleanField()  # no seller, or an approved one
    in_stock = models.BooleanField()
    min_price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    # Best verified certificate and its last valid day (compared with today per query).
    ocop_stars = models.PositiveSmallIntegerField(null=True)
    ocop_until = models.DateField(null=True)
    # End of the last livestream on now or coming up that shows the product.
    live_until = models.DateTimeField(null=True)
    seller_kind = models.CharField(max_length=16, blank=True)
    province_id = models.IntegerField(null=True)
    commune_id = models.IntegerField(null=True)
    popularity = models.IntegerField(default=0)  # purchases
    date_created = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["-date_created"], name="search_row_newest"),
            models.Index(fields=["min_price"], name="search_row_price"),
            models.Index(fields=["-popularity"], name="search_row_popular"),
            models.Index(fields=["province_id"], name="search_row_province"),
            models.Index(fields=["ocop_stars", "ocop_until"], name="search_row_stars"),
            # The home page's newest products of each OCOP rating.
            models.Index(
                fields=["ocop_stars", "-date_created", "-product"], name="search_row_stars_newest"
            ),
            models.Index(fields=["live_until"], name="search_row_live"),
        ]

    def __str__(self):
        return self.title


def visible_rows():
    """Rows of products a buyer may find: public, sellable, in stock."""
    return SearchRow.objects.filter(is_public=True, may_sell=True, in_stock=True)


class SearchWord(models.Model):
    """A folded word of the searchable catalogue: the speller's dictionary.

    Filled in bulk by a full rebuild (with product counts) and grown by every row
    refresh (new words count one), so correcting a typo never scans the products.
    """

    word = models.CharField(max_length=64, primary_key=True)
    products = models.IntegerField(default=1)

    def __str__(self):
        return self.word
