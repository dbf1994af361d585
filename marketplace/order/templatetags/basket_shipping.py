"""The basket's shipping as checkout will charge it: each seller's own charge."""

import time
from decimal import Decimal

from django import template
from django.conf import settings

from marketplace.order.carriers import get_carrier
from marketplace.order.shipping import CARRIER_DOWN_SECONDS, split_by_seller

register = template.Library()


def _destination(request):
    """A signed-in buyer's default delivery address, so the carrier can quote the basket."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return None
    return user.addresses.filter(is_default_for_shipping=True).select_related("commune").first()


@register.simple_tag(takes_context=True)
def basket_by_seller(context, basket) -> dict:
    """``{"parts": [...], "shipping": …, "total": …, "estimated": …}`` for the basket page."""
    request = context.get("request")
    parts = split_by_seller(basket.all_lines(), destination=_destination(request))
    if request is not None and parts and get_carrier().live_quotes:
        # A kept copy of the page shows the carrier's fees no longer than they are kept,
        # and an estimate no longer than the carrier is left alone after failing.
        estimated = any(part.estimated for part in parts)
        seconds = CARRIER_DOWN_SECONDS if estimated else settings.CARRIER_QUOTE_CACHE_SECONDS
        until = time.time() + seconds
        request.page_valid_until = min(getattr(request, "page_valid_until", until), until)
    shipping = sum((part.shipping for part in parts), Decimal(0))
    return {
        "parts": parts,
        "shipping": shipping,
        "total": basket.total_incl_tax + shipping,
        "estimated": any(part.estimated for part in parts),
    }
