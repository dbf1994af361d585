from django.urls import path

from marketplace.ledger import views as ledger_views

from . import views

app_name = "payments"
urlpatterns = [
    path("don-hang/<str:number>/", views.order_status, name="order"),
    path("don-hang/<str:number>/the/", views.card, name="card"),
    path("don-hang/<str:number>/doi-cach-tra/", views.switch_method, name="switch"),
    path("van-hanh/chuyen-khoan/", views.transfers, name="transfers"),
    path("van-hanh/chuyen-khoan/<int:pk>/xac-nhan/", views.confirm_transfer, name="confirm"),
    path("van-hanh/doi-soat.csv", ledger_views.payout_csv, name="payout-csv"),
]
