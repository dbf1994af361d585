"""The URL map, decided once.

Outside the language prefix:
- ``/i18n/`` language switch, ``/healthz``, ``/django-admin/``, ``/cms/`` (Wagtail admin),
  ``/documents/``, ``/webhooks/`` (payment providers).
Vietnamese without a prefix, English under ``/en/``:
- ``/`` home (Wagtail), Oscar's storefront (``/catalogue/``, ``/basket/``, ``/checkout/``,
  ``/accounts/``, ``/search/``) and ``/dashboard/``;
- ``/dang-nhap/`` sign-in by phone code; ``/nguoi-ban/`` public seller pages and applying;
- ``/kenh-nguoi-ban/`` the seller back office (products, orders, money);
- ``/can-bo-xa/`` commune staff; ``/truy-xuat/`` traceability codes; ``/dia-chi/`` the
  communes of a province (for address forms);
- ``/thanh-toan/`` a buyer's payment pages; ``/van-hanh/`` the operator's pages;
- ``/live/`` livestreams;
- Wagtail story pages last: its catch-all must not shadow anything above.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog import share_views
from marketplace import views
from marketplace.security.media import serve_public_media

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("webhooks/carrier/", include("marketplace.order.carrier_urls")),
    path("webhooks/", include("marketplace.payments.webhook_urls")),
    # The share card picture (same in every language).
    path("chia-se/san-pham/<int:pk>.jpg", share_views.product_image, name="share-product"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dang-nhap/", include("marketplace.users.urls")),
    path("nguoi-ban/", include("sellers.urls")),
    path("kenh-nguoi-ban/san-pham/", include("catalog.manage_urls")),
    path("kenh-nguoi-ban/don-hang/", include("marketplace.order.seller_urls")),
    path("kenh-nguoi-ban/tien/", include("marketplace.ledger.seller_urls")),
    path("kenh-nguoi-ban/chuyen-khoan/", include("marketplace.payments.seller_urls")),
    path("kenh-nguoi-ban/", include("sellers.backoffice_urls")),
    path("can-bo-xa/chung-nhan/", include("catalog.commune_urls")),
    path("can-bo-xa/", include("sellers.commune_urls")),
    path("van-hanh/", include("marketplace.operations.urls")),
    path("truy-xuat/", include("catalog.trace_urls")),
    path("dia-chi/", include("marketplace.places.urls")),
    path("thanh-toan/", include("marketplace.payments.urls")),
    path("live/", include("livestream.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.insert(0, path("media/<path:path>", serve_public_media))

handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
