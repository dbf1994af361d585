"""A seller's own report (mounted at /kenh-nguoi-ban/bao-cao/)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [path("", views.seller_page, name="page")]
