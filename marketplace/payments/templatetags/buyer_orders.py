from django import template

from marketplace.payments.selectors import buyer_status

register = template.Library()


@register.filter
def order_state(order) -> str:
    """The order's state in the buyer's words (prefetch ``fulfilments`` and
    ``payment_attempts`` when listing)."""
    return buyer_status(order)
