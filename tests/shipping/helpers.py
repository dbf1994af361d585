import json

from django.urls import reverse

from marketplace.order.carriers.http_carrier import sign
from marketplace.payments.services import start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import SellerMemberFactory, sellable_product
from tests.shipping.conftest import WEBHOOK_SECRET


def cod_order(quantity=1, weight=700):
    product = sellable_product()
    product.weight_grams = weight
    product.save()
    order = place(basket_with(product, quantity=quantity))
    start_payment(order=order, method="cod")
    return order, order.fulfilments.get(), product


def signed_in(client, seller):
    member = SellerMemberFactory(seller=seller)
    client.force_login(member.user)
    return member.user


def ship(client, part, grams=700):
    return client.post(
        reverse("fulfilment:ship", args=[part.pk]), {"grams": grams, "service": "standard"}
    )


def webhook(client, tracking_code, status, *, secret=WEBHOOK_SECRET, time=""):
    body = json.dumps({"order_code": tracking_code, "status": status, "time": time}).encode()
    return client.post(
        reverse("carrier:webhook"),
        body,
        content_type="application/json",
        headers={"X-Carrier-Signature": sign(body, secret)},
    )
