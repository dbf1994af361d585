import oscar.apps.basket.apps as oscar_basket_apps
import oscar.apps.checkout.apps as oscar_apps


class CheckoutConfig(oscar_apps.CheckoutConfig):
    name = "marketplace.checkout"


class BasketConfig(oscar_basket_apps.BasketConfig):
    """Oscar's basket with our basket page and addition (``marketplace.checkout.basket``)."""

    def ready(self):
        super().ready()
        from .basket import BasketAddView, BasketView

        self.summary_view = BasketView
        self.add_view = BasketAddView
