"""The operator's COD remittance pages, in the operations area (``/van-hanh/``)."""

from django.urls import path

from . import remittance_views

urlpatterns = [
    path("doi-soat-cod/", remittance_views.remittance_queue, name="remittances"),
    path("doi-soat-cod/tai-len/", remittance_views.upload, name="remittance-upload"),
    path(
        "doi-soat-cod/<int:pk>/<slug:action>/",
        remittance_views.resolve,
        name="remittance-resolve",
    ),
]
