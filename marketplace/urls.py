"""The URL map, decided once.

- ``/`` … Oscar storefront (catalogue, basket, checkout, accounts, search) and
  ``/dashboard/``, Vietnamese without a prefix, English under ``/en/``.
- ``/nguoi-ban/<slug>/`` public seller pages (and, later, applications and the back office);
  ``/live/`` livestreams.
- ``/cms/`` Wagtail admin, ``/django-admin/`` Django admin, ``/i18n/`` language switch.
- Wagtail story pages last: its catch-all must not shadow anything above.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from marketplace import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("nguoi-ban/", include("sellers.urls")),
    path("live/", include("livestream.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.insert(
        0, path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})
    )

handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
