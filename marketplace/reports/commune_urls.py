"""Commune staff's reports (mounted at /can-bo-xa/bao-cao/)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.commune_page, name="page"),
    path("csv/", views.commune_csv, name="csv"),
]
