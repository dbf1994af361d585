from django import template

from marketplace.payments.selectors import buyer_status

register = template.Library()


@register.filter
def order_state(order, reader: str = "buyer") -> str:
    """The order's state in words, for the buyer or (``"operator"``) the marketplace's
    staff (prefetch ``fulfilments`` and ``payment_attempts`` when listing)."""
    return buyer_status(order, for_buyer=reader != "operator")
