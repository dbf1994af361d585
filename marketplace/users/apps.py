from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "marketplace.users"
    label = "users"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .site import sync_site_with_settings

        post_migrate.connect(sync_site_with_settings, sender=self)
