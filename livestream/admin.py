"""The operator reads complaints and host verifications here; lives are read-only."""

from django.contrib import admin

from .models import Complaint, HostVerification, LiveSession


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["live", "contact", "created_at", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    readonly_fields = ["live", "user", "contact", "text", "created_at"]
    search_fields = ["live__title", "contact", "text"]


@admin.register(HostVerification)
class HostVerificationAdmin(admin.ModelAdmin):
    list_display = ["seller", "host_name", "verified_by", "verified_at", "revoked_at"]
    readonly_fields = [
        "seller",
        "host_name",
        "id_checked",
        "verified_by",
        "verified_at",
        "revoked_by",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False  # verification goes through /live/xac-minh/ so it is audited


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "seller", "platform", "starts_at", "status"]
    list_filter = ["status", "platform"]
    search_fields = ["title", "seller__display_name"]
    readonly_fields = ["pinned", "pinned_at", "started_at", "ended_at", "created_by"]
