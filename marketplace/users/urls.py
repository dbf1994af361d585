from django.urls import path

from . import views

app_name = "users"
urlpatterns = [
    path("", views.phone_step, name="phone"),
    path("ma/", views.code_step, name="code"),
]
