"""Mounted at /can-bo-xa/chung-nhan/ (namespace catalog_commune)."""

from django.urls import path

from . import commune_views as views

app_name = "catalog_commune"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/ban-quet/", views.scan, name="scan"),
]
