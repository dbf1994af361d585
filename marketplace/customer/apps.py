import oscar.apps.customer.apps as oscar_apps
from django.urls import path
from oscar.core.loading import get_class


class CustomerConfig(oscar_apps.CustomerConfig):
    name = "marketplace.customer"

    def ready(self):
        super().ready()
        from .stock_alerts import connect

        connect()
        self.register_confirm_view = get_class("customer.views", "RegisterConfirmView")

    def get_urls(self):
        return super().get_urls() + [
            path(
                "register/code/",
                self.register_confirm_view.as_view(),
                name="register-confirm",
            ),
        ]
