from django.contrib import admin
from django.db import models

from marketplace.places.models import AdminUnitDataset, Commune, Province
from marketplace.security.widgets import PrivateFileInput

from .models import CommuneStaff, HelperConsent, HelperMembership, Seller, SellerMember


@admin.register(AdminUnitDataset)
class AdminUnitDatasetAdmin(admin.ModelAdmin):
    list_display = ("version", "effective_date", "province_count", "commune_count", "loaded_at")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind")
    search_fields = ("name", "code")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "province", "code")
    list_filter = ("kind", "province")
    search_fields = ("name", "search_name", "code")
    list_select_related = ("province",)


class SellerMemberInline(admin.TabularInline):
    model = SellerMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    # The stored paper has no public URL: the admin must not try to link to it.
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput}}
    list_display = ("display_name", "kind", "commune", "status", "created_at")
    list_filter = ("status", "kind", "commune__province")
    search_fields = ("display_name", "representative_name", "phone")
    autocomplete_fields = ("commune",)
    list_select_related = ("commune__province",)
    inlines = [SellerMemberInline]
    prepopulated_fields = {"slug": ("display_name",)}


@admin.register(CommuneStaff)
class CommuneStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "commune", "title")
    autocomplete_fields = ("user", "commune")


@admin.register(HelperConsent)
class HelperConsentAdmin(admin.ModelAdmin):
    list_display = ("helper", "seller", "granted_at", "revoked_at")
    autocomplete_fields = ("helper", "seller")


@admin.register(HelperMembership)
class HelperMembershipAdmin(admin.ModelAdmin):
    """Read only: members join, are accepted and removed on the commune staff's team
    page, which checks the commune, revokes consents and writes the audit log."""

    list_display = ("user", "commune", "status", "requested_at", "joined_at", "removed_at")
    list_filter = ("status",)
    search_fields = ("user__phone", "user__last_name", "user__first_name", "commune__name")
    list_select_related = ("user", "commune")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
