"""Shipping charged per seller: each seller's part of a basket is priced by its own rule."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.core import prices

from .models import ShippingRule


@dataclass
class SellerPart:
    """One seller's lines of a basket, with their total and shipping charge."""

    seller: object
    lines: list = field(default_factory=list)
    goods: Decimal = Decimal(0)
    grams: int = 0
    shipping: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.goods + self.shipping


def _grams(product) -> int:
    weight = getattr(getattr(product, "attr", None), "weight", None)
    try:
        return int(weight) if weight else settings.SHIPPING_DEFAULT_ITEM_GRAMS
    except (TypeError, ValueError):
        return settings.SHIPPING_DEFAULT_ITEM_GRAMS


def charge(rule: ShippingRule | None, *, goods: Decimal, grams: int) -> Decimal:
    """What ``rule`` charges for goods worth ``goods`` weighing ``grams``."""
    if rule is None:
        return Decimal(settings.SHIPPING_DEFAULT_FEE)
    if rule.kind == ShippingRule.Kind.FREE_ABOVE:
        if rule.free_above is not None and goods >= rule.free_above:
            return Decimal(0)
        return rule.fee
    if rule.kind == ShippingRule.Kind.WEIGHT and rule.weight_bands:
        bands = sorted((int(limit), Decimal(fee)) for limit, fee in rule.weight_bands)
        for limit, fee in bands:
            if grams <= limit:
                return fee
        return bands[-1][1]
    return rule.fee


def split_by_seller(lines) -> list[SellerPart]:
    """Group basket lines by seller (in basket order) and price each part's shipping."""
    parts: OrderedDict[int, SellerPart] = OrderedDict()
    for line in lines:
        seller = line.product.seller
        part = parts.setdefault(seller.pk, SellerPart(seller=seller))
        part.lines.append(line)
        part.goods += line.line_price_incl_tax_incl_discounts or Decimal(0)
        part.grams += _grams(line.product) * line.quantity
    rules = {r.seller_id: r for r in ShippingRule.objects.filter(seller_id__in=list(parts))}
    for seller_id, part in parts.items():
        part.shipping = charge(rules.get(seller_id), goods=part.goods, grams=part.grams)
    return list(parts.values())


def basket_lines(basket):
    return list(basket.all_lines())


class PerSellerShipping(methods.Base):
    """The one shipping method: the sum of every seller's own charge."""

    code = "per-seller"
    name = _("Delivery by each seller")

    def calculate(self, basket):
        total = sum((p.shipping for p in split_by_seller(basket_lines(basket))), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=total, tax=Decimal(0))
