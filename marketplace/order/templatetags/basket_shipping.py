"""The basket's shipping as checkout will charge it: each seller's own charge."""

from decimal import Decimal

from django import template

from marketplace.order.shipping import split_by_seller

register = template.Library()


@register.simple_tag
def basket_by_seller(basket) -> dict:
    """``{"parts": [...], "shipping": …, "total": …}`` for the basket page."""
    parts = split_by_seller(basket.all_lines())
    shipping = sum((part.shipping for part in parts), Decimal(0))
    return {"parts": parts, "shipping": shipping, "total": basket.total_incl_tax + shipping}
