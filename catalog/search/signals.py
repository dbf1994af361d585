"""Signals of the search index."""

from django.dispatch import Signal

# Sent once the engine acknowledged new entries for ``product_ids`` (pages that list
# products from the index may show something else once they are searchable: at the
# engine's next refresh, or at once after ``services.make_searchable()``).
index_updated = Signal()
