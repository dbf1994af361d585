"""Index work the search engine has not acknowledged yet."""

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
