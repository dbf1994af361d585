from django.urls import path

from . import carrier_webhooks

app_name = "carrier"
urlpatterns = [path("", carrier_webhooks.carrier_webhook, name="webhook")]
