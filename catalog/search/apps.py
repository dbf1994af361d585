import oscar.apps.search.apps as oscar_apps
from django.urls import path


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

    def get_urls(self):
        from .views import suggest_view

        urls = super().get_urls()
        return [*urls, path("suggest/", suggest_view, name="suggest")]
