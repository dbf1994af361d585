from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("don-hang/<str:number>/", views.order_status, name="order"),
    path("don-hang/<str:number>/the/", views.card, name="card"),
    path("don-hang/<str:number>/doi-cach-tra/", views.switch_method, name="switch"),
    path("don-hang/<str:number>/huy/", views.cancel, name="cancel"),
]
