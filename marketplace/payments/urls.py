from django.urls import path

from marketplace.ledger import views as ledger_views

from . import operator_views, views

app_name = "payments"
urlpatterns = [
    path("don-hang/<str:number>/", views.order_status, name="order"),
    path("don-hang/<str:number>/the/", views.card, name="card"),
    path("don-hang/<str:number>/doi-cach-tra/", views.switch_method, name="switch"),
    # The operator's pages (superusers only).
    path("van-hanh/", operator_views.home, name="operator"),
    path("van-hanh/chuyen-khoan/", operator_views.transfers, name="transfers"),
    path(
        "van-hanh/chuyen-khoan/<int:pk>/xac-nhan/",
        operator_views.confirm_transfer,
        name="confirm",
    ),
    path("van-hanh/don-hang/", operator_views.find_order, name="find-order"),
    path("van-hanh/don-hang/<str:number>/hoan-tien/", operator_views.refund_order, name="refund"),
    path("van-hanh/cod/", operator_views.cod_refusals, name="cod"),
    path("van-hanh/tra-tien/", ledger_views.payouts, name="payouts"),
    path("van-hanh/tra-tien/<int:pk>/", ledger_views.payout_batch, name="payout-batch"),
    path("van-hanh/tra-tien/<int:pk>/da-tra/", ledger_views.mark_paid, name="payout-paid"),
    path("van-hanh/tra-tien/<int:pk>.csv", ledger_views.payout_batch_csv, name="payout-batch-csv"),
    path("van-hanh/doi-soat.csv", ledger_views.payout_csv, name="payout-csv"),
    path("van-hanh/hoa-hong/", ledger_views.commissions, name="commissions"),
]
