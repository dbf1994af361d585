"""Demo direct transfers: one shop lets VietQR buyers pay it straight into its own account.

The shop switches the option on through the same service as its settings page; one
order of its goods was paid into its account last month and confirmed by the shop with
one click, and last month's commission invoice lists it (still to pay, or to be taken
off the shop's next payout). Idempotent.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from marketplace.ledger.invoices import issue_invoice
from marketplace.ledger.models import LedgerEntry
from marketplace.order.shipping import PerSellerShipping
from marketplace.payments import services as payments
from marketplace.payments.models import DirectTransfer
from sellers import services as seller_services
from sellers.models import Seller

NUMBER = "DMT000001"
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


def _shop():
    """The first demo shop (by name) with a valid bank account and goods in stock."""
    for seller in Seller.objects.filter(status=Seller.Status.APPROVED).order_by("slug"):
        record = (
            StockRecord.objects.filter(
                partner__seller=seller, num_in_stock__gt=5, product__is_public=True
            )
            .order_by("pk")
            .first()
        )
        if record is not None and seller.has_valid_bank_account and seller.members.exists():
            return seller, record
    return None, None


def _address():
    """A copy of a demo buyer's delivery address."""
    model = ShippingAddress.objects.filter(order__number__startswith="DM").order_by("pk").first()
    if model is None:
        return None
    model.pk = None
    model.id = None
    model.save()
    return model


def _last_month_moment() -> datetime.datetime:
    first = timezone.localdate().replace(day=1)
    day = first - datetime.timedelta(days=10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 15)))


def load_direct_transfers() -> int:
    """Write the demo's direct transfer once; returns how many invoices it issued."""
    if Order.objects.filter(number=NUMBER).exists():
        return 0
    seller, record = _shop()
    address = _address() if seller else None
    if seller is None or address is None:
        return 0
    with transaction.atomic():
        member = seller.members.select_related("user").first().user
        context = SimpleNamespace(seller=seller, actor=member, acting_as_helper=False)
        seller_services.set_direct_transfers(context=context, on=True)
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(record.product, 2)
        method = PerSellerShipping()
        shipping = method.calculate(basket)
        order = OrderCreator().place_order(
            basket=basket,
            total=OrderTotalCalculator().calculate(basket, shipping),
            shipping_method=method,
            shipping_charge=shipping,
            shipping_address=address,
            order_number=NUMBER,
        )
        attempt = payments.start_payment(order=order, method="vietqr")
        transfer = DirectTransfer.objects.get(attempt=attempt)
        payments.confirm_direct(transfer=transfer, actor=member, via=DirectTransfer.Via.SELLER)
        # Placed, paid and booked last month, like the other demo orders' own timestamps.
        moment = _last_month_moment()
        Order.objects.filter(pk=order.pk).update(date_placed=moment)
        attempt.__class__.objects.filter(pk=attempt.pk).update(created_at=moment)
        DirectTransfer.objects.filter(pk=transfer.pk).update(
            created_at=moment, received_at=moment + datetime.timedelta(minutes=12)
        )
        LedgerEntry.objects.filter(order=order).update(created_at=moment)
        invoice = issue_invoice(seller=seller, month=moment.date(), actor=None)
    return 1 if invoice else 0
