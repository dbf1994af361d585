"""The project's URL map plus the commune certificate queue at /can-bo-xa/chung-nhan/.

The queue is mounted in marketplace/urls.py by the lead; tests that need it use this map
so they do not depend on that line.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from marketplace.urls import handler404, handler500  # noqa: F401
from marketplace.urls import urlpatterns as project_urls

urlpatterns = [
    *i18n_patterns(
        path("can-bo-xa/chung-nhan/", include("catalog.commune_urls")),
        prefix_default_language=False,
    ),
    *project_urls,
]
