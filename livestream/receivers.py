"""Oscar signal hook: attribution after checkout. No logic here: it only delegates.

Oscar's ``order_placed`` carries no request, and attribution needs the buyer's session;
``post_checkout`` is sent by the same placement code right after, with the request.
"""

from django.dispatch import receiver
from oscar.apps.checkout.signals import post_checkout

from .services import attribute_order


@receiver(post_checkout, dispatch_uid="livestream-attribute-order")
def attribute_checkout_order(sender, order, request, **kwargs):
    attribute_order(order=order, request=request)
