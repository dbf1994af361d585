"""Signals of the search index."""

from django.dispatch import Signal

# Sent once the engine acknowledged new entries for ``product_ids`` (pages that list
# products from the index may show something else now).
index_updated = Signal()
