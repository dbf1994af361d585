"""Shipping charged per seller: each seller's part of a basket is priced on its own.

With a carrier configured and the delivery commune known, a part's fee is the carrier's
live quote for the seller's commune → the buyer's commune, the part's weight and its
cash-on-delivery value, kept for ``CARRIER_QUOTE_CACHE_SECONDS``. When the carrier is
slow or down, or the address is not known yet, the seller's own flat rule is charged and
the part says the fee is an estimate. Checkout never fails because of the carrier.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.core import prices

from marketplace.places.models import Commune

from .carriers import CarrierError, Parcel, Place, get_carrier
from .models import ShippingRule

logger = logging.getLogger(__name__)
# After a failed quote, the carrier is left alone this long: a page never waits on it twice.
CARRIER_DOWN_SECONDS = 30
DOWN_KEY = "carrier-quote:down"


@dataclass
class SellerPart:
    """One seller's lines of a basket, with their total and shipping charge."""

    seller: object
    lines: list = field(default_factory=list)
    goods: Decimal = Decimal(0)
    grams: int = 0
    shipping: Decimal = Decimal(0)
    # True when the carrier's own fee was not had: the seller's flat fee, shown as an estimate.
    estimated: bool = False

    @property
    def total(self) -> Decimal:
        return self.goods + self.shipping


def _grams(product) -> int:
    """One unit's packed weight: the seller's figure, else a "weight" attribute, else default."""
    if getattr(product, "weight_grams", None):
        return product.weight_grams
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


def _quote_key(sender: str, receiver: str, grams: int, cod: Decimal) -> str:
    return f"carrier-quote:{sender}:{receiver}:{grams}:{int(cod)}"


def carrier_fee(*, sender: str, receiver: str, grams: int, cod: Decimal) -> Decimal | None:
    """The carrier's fee for a parcel (cached), or None when it cannot be had right now."""
    key = _quote_key(sender, receiver, grams, cod)
    cached = cache.get(key)
    if cached is not None:
        return Decimal(cached)
    if cache.get(DOWN_KEY):
        return None
    blank = {"name": "", "phone": "", "address": ""}
    parcel = Parcel(
        sender=Place(commune_code=sender, **blank),
        receiver=Place(commune_code=receiver, **blank),
        grams=grams,
        cod_amount=cod,
        insurance_value=cod,
    )
    try:
        fee = get_carrier().quote(parcel).fee
    except CarrierError as exc:
        logger.warning("carrier quote failed, flat fee charged: %s", exc)
        cache.set(DOWN_KEY, 1, CARRIER_DOWN_SECONDS)
        return None
    cache.set(key, str(fee), settings.CARRIER_QUOTE_CACHE_SECONDS)
    return fee


def _commune_code(destination) -> str:
    if destination is None:
        return ""
    if isinstance(destination, Commune):
        return destination.code
    commune = getattr(destination, "commune", None)  # an address
    return commune.code if commune is not None else ""


def split_by_seller(lines, *, destination=None) -> list[SellerPart]:
    """Group basket lines by seller (in basket order) and price each part's shipping.

    ``destination`` (a commune or an address) lets the carrier quote each part; without
    it, or without a carrier, each seller's own rule prices the part.
    """
    parts: OrderedDict[int, SellerPart] = OrderedDict()
    for line in lines:
        seller = line.product.seller
        part = parts.setdefault(seller.pk, SellerPart(seller=seller))
        part.lines.append(line)
        part.goods += line.line_price_incl_tax_incl_discounts or Decimal(0)
        part.grams += _grams(line.product) * line.quantity
    rules = _rules(lines, list(parts))
    for seller_id, part in parts.items():
        part.shipping = charge(rules.get(seller_id), goods=part.goods, grams=part.grams)
    if parts and get_carrier().live_quotes:
        _quote_parts(list(parts.values()), _commune_code(destination))
    return list(parts.values())


def _rules(lines, seller_ids: list[int]) -> dict:
    """Each seller's shipping rule; read once per loaded basket (a checkout page prices
    the basket for its form and for its summary)."""
    first = lines[0] if lines else None
    descriptor = getattr(type(first), "basket", None)
    basket = first.basket if descriptor is not None and descriptor.is_cached(first) else None
    kept = getattr(basket, "_shipping_rules", None)
    if kept is not None and kept[0] == frozenset(seller_ids):
        return kept[1]
    rules = {r.seller_id: r for r in ShippingRule.objects.filter(seller_id__in=seller_ids)}
    if basket is not None:
        basket._shipping_rules = (frozenset(seller_ids), rules)
    return rules


def _quote_parts(parts: list[SellerPart], receiver: str) -> None:
    """Replace each part's flat fee by the carrier's, or mark it an estimate."""
    senders = dict(
        Commune.objects.filter(pk__in={p.seller.commune_id for p in parts}).values_list(
            "pk", "code"
        )
    )
    for part in parts:
        fee = None
        if receiver:
            fee = carrier_fee(
                sender=senders.get(part.seller.commune_id, ""),
                receiver=receiver,
                grams=part.grams,
                cod=part.goods,
            )
        if fee is None:
            part.estimated = True
        else:
            part.shipping = fee


def basket_lines(basket):
    return list(basket.all_lines())


class PerSellerShipping(methods.Base):
    """The one shipping method: the sum of every seller's own charge.

    The parts priced for the charge are kept (``parts``), so the order's fulfilments
    record exactly the fees the buyer was charged, whatever the carrier says a moment later.
    """

    code = "per-seller"
    name = _("Delivery by each seller")

    def __init__(self, destination=None):
        self.destination = destination
        self.parts: list[SellerPart] | None = None

    def calculate(self, basket):
        self.parts = split_by_seller(basket_lines(basket), destination=self.destination)
        total = sum((p.shipping for p in self.parts), Decimal(0))
        return prices.Price(currency=basket.currency, excl_tax=total, tax=Decimal(0))
