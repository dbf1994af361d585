"""Dates that agree with the demo's fourteen months of sales.

Seller rows and products are created when the demo is loaded, so without this step a
commune report would show revenue for months in which no shop was open and nothing was
listed. Each demo shop applied, was approved and listed its products in the weeks before
the first demo sales; a shop approved later in real use (dates after the opening) is
left alone, so loading the demo twice changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from sellers.models import Seller

from . import data
from .orders_data import MONTHS

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def opening_day(today: datetime.date | None = None) -> datetime.datetime:
    """A month before the first day of the demo's oldest month of sales."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - (len(MONTHS) - 1), 12)
    first_sales_month = datetime.date(year, month + 1, 1)
    opening = first_sales_month - datetime.timedelta(days=30)
    return timezone.make_aware(datetime.datetime.combine(opening, datetime.time(8)))


@transaction.atomic
def date_shops_before_sales() -> int:
    """Date each approved demo shop's application, approval and listings before the first
    sales (one shop a day, in the order of the demo data); returns how many were dated."""
    opening = opening_day()
    dated = 0
    slugs = [spec["slug"] for spec in data.SELLERS]
    sellers = {s.slug: s for s in Seller.objects.filter(slug__in=slugs, approved_at__isnull=False)}
    for n, slug in enumerate(slugs):
        seller = sellers.get(slug)
        if seller is None or seller.approved_at <= opening + datetime.timedelta(days=len(slugs)):
            continue  # not approved, or already dated
        approved = opening + datetime.timedelta(days=n)
        Seller.objects.filter(pk=seller.pk).update(
            submitted_at=approved - datetime.timedelta(days=6), approved_at=approved
        )
        listed = approved + datetime.timedelta(days=1)
        products = Product.objects.filter(seller=seller, date_created__gt=listed)
        ids = list(products.values_list("pk", flat=True))
        products.update(date_created=listed)
        StockRecord.objects.filter(product_id__in=ids, date_created__gt=listed).update(
            date_created=listed
        )
        dated += 1
    return dated
