from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "catalog.stories"
    label = "stories"
    verbose_name = _("Product stories")

    def ready(self):
        from sellers.signals import access_changed

        from .access import follow_seller_access

        access_changed.connect(follow_seller_access, dispatch_uid="stories-follow-seller-access")
