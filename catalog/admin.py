from django.contrib import admin
from django.db import models
from oscar.apps.catalogue.admin import *  # noqa: F403

from marketplace.security.widgets import PrivateFileInput

from .models import OcopCertificate


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    # The stored paper has no public URL: the admin must not try to link to it.
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput}}
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
