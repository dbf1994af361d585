from django.urls import path

from . import seller_views

app_name = "money"
urlpatterns = [
    path("", seller_views.statement, name="statement"),
    path("sao-ke.csv", seller_views.statement_csv, name="statement-csv"),
]
