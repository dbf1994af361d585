from django.contrib import admin

from .models import CommissionRate, LedgerEntry, Payout

admin.site.register(CommissionRate, list_display=["seller_kind", "rate", "updated_at"])
admin.site.register(Payout, list_display=["seller", "period_start", "period_end", "amount"])


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["seller", "kind", "amount", "order", "created_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False  # append-only

    def has_delete_permission(self, request, obj=None):
        return False
