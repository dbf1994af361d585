"""The basket's shipping as checkout will charge it: each seller's own charge."""

from decimal import Decimal

from django import template

from marketplace.order.shipping import split_by_seller

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
    parts = split_by_seller(basket.all_lines(), destination=_destination(context.get("request")))
    shipping = sum((part.shipping for part in parts), Decimal(0))
    return {
        "parts": parts,
        "shipping": shipping,
        "total": basket.total_incl_tax + shipping,
        "estimated": any(part.estimated for part in parts),
    }
