"""Paying sellers out and commission rates, in the operations area (``/van-hanh/``)."""

from django.urls import path

from . import invoice_views, views

urlpatterns = [
    path("tra-tien/", views.payouts, name="payouts"),
    path("tra-tien/<int:pk>/", views.payout_batch, name="payout-batch"),
    path("tra-tien/<int:pk>/da-tra/", views.mark_paid, name="payout-paid"),
    path("tra-tien/<int:pk>.csv", views.payout_batch_csv, name="payout-batch-csv"),
    path("doi-soat.csv", views.payout_csv, name="payout-csv"),
    path("hoa-hong/", views.commissions, name="commissions"),
    path("hoa-don-hoa-hong/", invoice_views.operator_invoices, name="invoices"),
    path("hoa-don-hoa-hong/<int:pk>/", invoice_views.operator_invoice, name="invoice"),
    path(
        "hoa-don-hoa-hong/<int:pk>/da-tra/",
        invoice_views.operator_invoice_paid,
        name="invoice-paid",
    ),
]
