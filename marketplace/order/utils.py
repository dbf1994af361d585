"""Order placement: stock is locked and checked before Oscar writes the order.

Oscar allocates stock with an unconditional ``F()`` update, so two buyers of the last
unit could both succeed. Here the stock records are locked (``SELECT … FOR UPDATE``, in
primary-key order so concurrent placements cannot deadlock) and re-checked inside the
same transaction that writes the order; the losers get a clear "sold out" message.
"""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order import exceptions
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator as OscarOrderNumberGenerator
from oscar.core.loading import get_model

from .models import Fulfilment
from .shipping import split_by_seller

StockRecord = get_model("partner", "StockRecord")


class OrderNumberGenerator(OscarOrderNumberGenerator):
    pass


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, total, shipping_method, shipping_charge, **kwargs):
        lines = list(basket.all_lines())
        with transaction.atomic():
            self.lock_and_check_stock(lines)
            order = super().place_order(basket, total, shipping_method, shipping_charge, **kwargs)
            self.create_fulfilments(order, lines)
        return order

    def lock_and_check_stock(self, lines) -> None:
        """Raise ``UnableToPlaceOrder`` naming every product that no longer has enough stock."""
        wanted = defaultdict(int)
        titles = {}
        for line in lines:
            if line.stockrecord_id and line.product.get_product_class().track_stock:
                wanted[line.stockrecord_id] += line.quantity
                titles[line.stockrecord_id] = line.product.get_title()
        records = StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        short = [
            titles[record.pk]
            for record in records
            if (record.num_in_stock or 0) - (record.num_allocated or 0) < wanted[record.pk]
        ]
        if short:
            raise exceptions.UnableToPlaceOrder(
                _(
                    "Sold out: %(products)s. Please remove it from your basket "
                    "or lower the quantity."
                )
                % {"products": ", ".join(short)}
            )

    def create_fulfilments(self, order, lines) -> None:
        Fulfilment.objects.bulk_create(
            Fulfilment(
                order=order,
                seller=part.seller,
                lines_total=part.goods,
                shipping_charge=part.shipping,
            )
            for part in split_by_seller(lines)
        )
