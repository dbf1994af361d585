from django.urls import path

from . import seller_views

app_name = "direct"
urlpatterns = [
    path("", seller_views.transfer_list, name="list"),
    path("<int:pk>/da-nhan/", seller_views.confirm, name="confirm"),
    path("<int:pk>/hoan-tien/", seller_views.refund, name="refund"),
]
