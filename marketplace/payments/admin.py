from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.order.models import CodRefusal

from .cod import reset_refusals
from .models import BankTransaction, PaymentAttempt, Refund, WebhookEvent


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["order", "method", "amount", "state", "reference", "created_at"]
    list_filter = ["method", "state"]
    search_fields = ["order__number", "reference"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]


admin.site.register(WebhookEvent, list_display=["event_id", "event_type", "outcome", "received_at"])


@admin.register(BankTransaction)
class BankTransactionAdmin(admin.ModelAdmin):
    list_display = ["transaction_id", "amount", "status", "problem", "order", "transacted_at"]
    list_filter = ["status", "problem"]
    search_fields = ["transaction_id", "memo", "order__number"]
    readonly_fields = [f.name for f in BankTransaction._meta.fields]


admin.site.register(Refund, list_display=["order", "amount", "created_at"])


@admin.action(description=_("Let these phones use cash on delivery again"))
def reset_cod(modeladmin, request, queryset):
    for phone in set(queryset.values_list("phone", flat=True)):
        reset_refusals(phone=phone, actor=request.user)


@admin.register(CodRefusal)
class CodRefusalAdmin(admin.ModelAdmin):
    list_display = ["phone", "fulfilment", "recorded_at", "reset_at"]
    search_fields = ["phone"]
    actions = [reset_cod]
