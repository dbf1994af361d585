import oscar.apps.search.apps as oscar_apps
from django.db.models.signals import post_migrate
from django.urls import path


def fill_search_rows(sender, using="default", **kwargs):
    """A database that has products but no search rows (rows arrived with an upgrade,
    or were lost) gets them at once, so the database backend never answers "nothing"."""
    from oscar.core.loading import get_model

    from . import rows
    from .models import SearchRow

    Product = get_model("catalogue", "Product")
    if Product.objects.using(using).exists() and not SearchRow.objects.using(using).exists():
        rows.rebuild()


class SearchConfig(oscar_apps.SearchConfig):
    name = "catalog.search"
    label = "search"

    def ready(self):
        super().ready()
        from django.db.backends.signals import connection_created

        from . import receivers
        from .db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="search-sqlite-fold")
        receivers.connect()
        post_migrate.connect(fill_search_rows, sender=self, dispatch_uid="search-fill-rows")

    def get_urls(self):
        from .views import suggest_view

        urls = super().get_urls()
        return [*urls, path("suggest/", suggest_view, name="suggest")]
