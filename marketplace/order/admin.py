from django.contrib import admin
from oscar.apps.order.admin import *  # noqa: F403

from .models import Fulfilment, ShippingRule

admin.site.register(Fulfilment, list_display=["order", "seller", "status", "created_at"])
admin.site.register(ShippingRule, list_display=["seller", "kind", "fee", "free_above"])
