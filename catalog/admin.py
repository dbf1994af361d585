from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F403

from .models import OcopCertificate


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "stars",
        "level",
        "decision_number",
        "issued_on",
        "expires_on",
        "status",
    )
    list_filter = ("status", "stars", "level", "group")
    search_fields = ("product__title", "decision_number")
    autocomplete_fields = ("product",)
