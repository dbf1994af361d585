"""The operator's reports (mounted at /van-hanh/bao-cao/)."""

from django.urls import path

from . import views

app_name = "operator_reports"
urlpatterns = [
    path("", views.operator_page, name="page"),
    path("csv/", views.operator_csv, name="csv"),
    path("tinh-lai/", views.operator_recompute, name="recompute"),
]
