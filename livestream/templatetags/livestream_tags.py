"""``{% live_badge product %}``: "Live now" or "Seen in live on 12/11" on product pages."""

from django import template

from ..selectors import product_badge

register = template.Library()


@register.inclusion_tag("livestream/_badge.html")
def live_badge(product):
    return {"badge": product_badge(product) if product is not None else None}
