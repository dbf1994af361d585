from django.urls import path

from . import invoice_views, seller_views

app_name = "money"
urlpatterns = [
    path("", seller_views.statement, name="statement"),
    path("sao-ke.csv", seller_views.statement_csv, name="statement-csv"),
    path("hoa-don/", invoice_views.seller_invoices, name="invoices"),
    path("hoa-don/<int:pk>/", invoice_views.seller_invoice, name="invoice"),
]
