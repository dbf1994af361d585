from django.urls import path

from . import views

app_name = "places"
urlpatterns = [path("xa/", views.communes, name="communes")]
