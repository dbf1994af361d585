"""Data for the load run, and the checks made after it (inside the runner's Django).

``prepare`` loads the demo (sellers, products, stories, the home page), grows the
catalogue with generated products, gives a few "hot" products a small stock so that
buyers race for the last units, indexes everything on the search server and returns the
plan the simulated users follow (URLs, address ids, hot product ids).

``stock_report`` is the oversell check: no stock record allocates more than it holds,
and the allocations equal the quantities of the order lines placed during the run.
"""

from __future__ import annotations

import random
import sys

HOT_PRODUCTS = 8
HOT_STOCK = 12


def prepare(*, catalogue_size: int) -> dict:
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from bench.search import grow_catalogue
    from catalog.search.services import rebuild_index
    from catalog.selectors import public_products

    try:
        call_command("load_demo", verbosity=0)
    except Exception as exc:  # noqa: BLE001 (the generated catalogue still gives a run)
        print(f"… demo data incomplete ({type(exc).__name__}: {exc})", file=sys.stderr)
    grow_catalogue(catalogue_size)
    rebuild_index()
    Category = get_model("catalogue", "Category")
    products = list(
        public_products()
        .filter(stockrecords__num_in_stock__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    rng = random.Random(11)
    hot = sorted(rng.sample(products, HOT_PRODUCTS))
    set_hot_stock(hot)
    urls = {
        p.pk: p.get_absolute_url()
        for p in public_products().filter(pk__in=rng.sample(products, min(400, len(products))))
    }
    hot_urls = {p.pk: p.get_absolute_url() for p in public_products().filter(pk__in=hot)}
    return {
        "products": [[pk, url] for pk, url in urls.items()],
        "hot": [[pk, url] for pk, url in hot_urls.items()],
        "categories": [c.get_absolute_url() for c in Category.objects.all()[:30]]
        or ["/catalogue/"],
        "address": address_ids(),
    }


def set_hot_stock(product_ids: list[int]) -> None:
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    StockRecord.objects.filter(product_id__in=product_ids).update(
        num_in_stock=HOT_STOCK, num_allocated=0
    )


def address_ids() -> dict:
    from marketplace.places.models import Commune

    place = Commune.objects.select_related("province").order_by("pk").first()
    return {"province": place.province_id, "commune": place.pk}


def snapshot() -> dict:
    """What the run's check compares with: allocations now and the last order id."""
    from django.db.models import Max
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    Order = get_model("order", "Order")
    return {
        "allocated": dict(StockRecord.objects.values_list("pk", "num_allocated")),
        "last_order": Order.objects.aggregate(last=Max("pk"))["last"] or 0,
    }


def stock_report(before: dict, hot: list[int]) -> dict:
    """Oversell figures for the stock records that the run's orders touched."""
    from django.db.models import Sum
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    Line = get_model("order", "Line")
    Order = get_model("order", "Order")
    ordered = dict(
        Line.objects.filter(order_id__gt=before["last_order"])
        .values("stockrecord_id")
        .annotate(total=Sum("quantity"))
        .values_list("stockrecord_id", "total")
    )
    records = StockRecord.objects.filter(pk__in=ordered).only(
        "pk", "num_in_stock", "num_allocated", "product_id"
    )
    over = [r.pk for r in records if (r.num_allocated or 0) > (r.num_in_stock or 0)]
    mismatched = [
        r.pk
        for r in records
        if (r.num_allocated or 0) - (before["allocated"].get(r.pk) or 0) != ordered[r.pk]
    ]
    hot_records = StockRecord.objects.filter(product_id__in=hot)
    return {
        "orders_placed_during_run": Order.objects.filter(pk__gt=before["last_order"]).count(),
        "units_ordered": sum(ordered.values()),
        "records_touched": len(ordered),
        "over_allocated": len(over),
        "negative_stock": StockRecord.objects.filter(num_in_stock__lt=0).count(),
        "allocation_mismatches": len(mismatched),
        "hot_units_sold": sum(r.num_allocated or 0 for r in hot_records),
        "hot_units_stock": sum(r.num_in_stock or 0 for r in hot_records),
    }
