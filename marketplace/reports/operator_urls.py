"""The operator's reports, in the operations area (``/van-hanh/bao-cao/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bao-cao/", views.operator_page, name="reports"),
    path("bao-cao/csv/", views.operator_csv, name="reports-csv"),
    path("bao-cao/tinh-lai/", views.operator_recompute, name="reports-recompute"),
]
