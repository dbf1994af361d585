"""Building baskets and placing orders for checkout tests."""

import html
import re
from decimal import Decimal

from oscar.core.loading import get_class, get_model

from tests.factories import commune, sellable_product

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
ShippingAddress = get_model("order", "ShippingAddress")


def basket_with(*products, quantity=1, owner=None):
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, quantity)
    return basket


def address(phone="+84912345678"):
    place = commune("Vĩnh Tuy", "Tuyên Quang")
    return ShippingAddress.objects.create(
        first_name="Chúc",
        last_name="Nguyễn Thị",
        line1="Thôn Tân Lập",
        province=place.province,
        commune=place,
        phone_number=phone,
        country_id="VN",
    )


def place(basket, number=None, phone="+84912345678"):
    from marketplace.order.shipping import PerSellerShipping

    method = PerSellerShipping()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        shipping_address=address(phone),
        order_number=number or str(100000 + basket.pk),
    )


def two_seller_products(price=Decimal("150000")):
    first = sellable_product()
    second = sellable_product()
    return first, second


def confirm_post(client, url, data=None):
    """Submit a money form the way an operator does: the form first, which answers with
    the confirmation page, then that page's own form (same key). Returns both responses."""
    first = client.post(url, data or {})
    assert first.status_code == 200, first.status_code
    page = first.content.decode()
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    confirmed = {}
    for name, value in fields:
        confirmed.setdefault(name, []).append(html.unescape(value))
    confirmed.pop("csrfmiddlewaretoken", None)
    assert confirmed.get("confirmed") == ["1"], "no confirmation page"
    second = client.post(url, confirmed)
    second.form_data = confirmed  # to submit the very same form again
    return first, second
