"""The operator's payment pages, in the operations area (``/van-hanh/``)."""

from django.urls import path

from . import bank_views, direct_views, operator_views

urlpatterns = [
    path("chuyen-khoan/", operator_views.transfers, name="transfers"),
    path(
        "chuyen-khoan/<int:pk>/xac-nhan/",
        operator_views.confirm_transfer,
        name="confirm-transfer",
    ),
    path("ngan-hang/", bank_views.bank_queue, name="bank"),
    path(
        "ngan-hang/<int:pk>/<slug:action>/",
        bank_views.resolve,
        name="bank-resolve",
    ),
    path("don-hang/", operator_views.find_order, name="find-order"),
    path("don-hang/<str:number>/hoan-tien/", operator_views.refund_order, name="refund"),
    path("cod/", operator_views.cod_refusals, name="cod"),
    path("chuyen-khoan-truc-tiep/", direct_views.direct_sellers, name="direct-sellers"),
    path("chuyen-khoan-truc-tiep/<int:pk>/", direct_views.direct_seller, name="direct-seller"),
]
