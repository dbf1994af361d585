"""Oscar's back-in-stock alerts, not looked for when a save can only have lowered stock.

Oscar looks for a product's alerts after every save of one of its stock records: three
queries on each line of each order. Allocating an order's stock only makes less of the
product available, so nobody can have been waiting for that; any other save (a restock,
a cancelled order giving units back, the seller's form) still looks, as Oscar does.
"""

from django.conf import settings
from django.db.models.signals import post_save
from oscar.apps.customer.alerts import receivers as oscar_alerts
from oscar.core.loading import get_model

from marketplace.order.utils import stock_only_falls


def send_product_alerts(sender, instance, created=False, raw=False, **kwargs):
    if raw or stock_only_falls():
        return
    oscar_alerts.send_product_alerts(sender, instance, created, raw=raw, **kwargs)


def connect() -> None:
    if not settings.OSCAR_EAGER_ALERTS:
        return
    StockRecord = get_model("partner", "StockRecord")
    post_save.disconnect(oscar_alerts.send_product_alerts, sender=StockRecord)
    post_save.connect(send_product_alerts, sender=StockRecord, dispatch_uid="customer-alerts")
