from django.urls import include, path

from . import offline
from .views import backoffice

app_name = "backoffice"
urlpatterns = [
    path("", backoffice.home, name="home"),
    # The installable app: its worker must sit at the channel's root to control it.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("ung-dung.webmanifest", offline.manifest, name="manifest"),
    path("ngoai-tuyen/", offline.offline_page, name="offline"),
    path("thong-tin/", backoffice.profile, name="profile"),
    path("ngan-hang/", backoffice.bank, name="bank"),
    path("chuyen-khoan-truc-tiep/", backoffice.direct_transfers, name="direct"),
    path("tro-giup/<int:pk>/thu-hoi/", backoffice.revoke, name="revoke"),
    path("nhat-ky/", backoffice.audit_log, name="audit"),
    path("bao-cao/", include("marketplace.reports.seller_urls")),
    path("lam-thay/", backoffice.helper_home, name="helper"),
    path("lam-thay/xin-vao-to/", backoffice.helper_join, name="helper_join"),
    path("lam-thay/xin-dong-y/", backoffice.helper_request, name="helper_request"),
    path("lam-thay/xac-nhan/", backoffice.helper_confirm, name="helper_confirm"),
    path("lam-thay/chon/", backoffice.act_for, name="act_for"),
    path("lam-thay/dung/", backoffice.stop_acting, name="stop_acting"),
]
