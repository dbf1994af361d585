"""Checkout session rules for a phone-first, multi-seller marketplace.

- Guests give a phone number (on the address form) instead of Oscar's email gateway.
- There is one shipping method, priced per seller, so no shipping-method screen.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin

from marketplace.order.shipping import PerSellerShipping


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    def check_user_email_is_captured(self, request):
        # A guest's contact is the phone number on the delivery address.
        if (
            not request.user.is_authenticated
            and not self.checkout_session.is_shipping_address_set()
        ):
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:shipping-address"),
                message=_("Please enter your delivery address and phone number"),
            )

    def check_a_valid_shipping_method_is_captured(self):
        # The only method is chosen for the buyer; nothing to check.
        return

    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        return PerSellerShipping(destination=shipping_address)

    def get_guest_phone(self) -> str:
        data = self.checkout_session.new_shipping_address_fields() or {}
        return str(data.get("phone_number") or "")
