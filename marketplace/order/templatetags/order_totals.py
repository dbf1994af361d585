"""An order's discounts and surcharges for its totals, read once.

Oscar's order reads its discounts again for each kind (basket, shipping, after the order)
and its surcharges for each total that includes them: five queries for one totals table.
Here they are read once (from what the view prefetched, when it did) and sorted.
"""

from decimal import Decimal

from django import template
from oscar.core.loading import get_model

register = template.Library()
OrderDiscount = get_model("order", "OrderDiscount")


@register.simple_tag
def order_totals(order) -> dict:
    discounts = list(order.discounts.all())
    surcharges = list(order.surcharges.all())
    kinds = {
        kind: [d for d in discounts if d.category == kind]
        for kind in (OrderDiscount.BASKET, OrderDiscount.SHIPPING, OrderDiscount.DEFERRED)
    }
    shipping_discounts = kinds[OrderDiscount.SHIPPING]
    surcharge = sum((charge.incl_tax for charge in surcharges), Decimal(0))
    basket_total = order.total_incl_tax - order.shipping_incl_tax - surcharge
    basket_discounts = kinds[OrderDiscount.BASKET]
    return {
        "basket_discounts": basket_discounts,
        "basket_total": basket_total,
        "basket_before_discounts": basket_total + sum(d.amount for d in basket_discounts),
        "shipping_discounts": shipping_discounts,
        "shipping_before_discounts": order.shipping_incl_tax
        + sum((d.amount for d in shipping_discounts), Decimal(0)),
        "post_order_actions": kinds[OrderDiscount.DEFERRED],
        "surcharges": surcharges,
    }
