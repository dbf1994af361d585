from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.admin import *  # noqa: F403

from marketplace.payments.cod import reset_refusals

from .models import CodRefusal, Fulfilment, ShippingRule


@admin.action(description=_("Let these phones use cash on delivery again"))
def reset_cod(modeladmin, request, queryset):
    for phone in set(queryset.values_list("phone", flat=True)):
        reset_refusals(phone=phone, actor=request.user)


@admin.register(CodRefusal)
class CodRefusalAdmin(admin.ModelAdmin):
    list_display = ["phone", "fulfilment", "recorded_at", "reset_at"]
    search_fields = ["phone"]
    actions = [reset_cod]


admin.site.register(Fulfilment, list_display=["order", "seller", "status", "created_at"])
admin.site.register(ShippingRule, list_display=["seller", "kind", "fee", "free_above"])
