from django.contrib import admin

from .models import PaymentAttempt, Refund, WebhookEvent


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["order", "method", "amount", "state", "reference", "created_at"]
    list_filter = ["method", "state"]
    search_fields = ["order__number", "reference"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]


admin.site.register(WebhookEvent, list_display=["event_id", "event_type", "outcome", "received_at"])
admin.site.register(Refund, list_display=["order", "amount", "created_at"])
