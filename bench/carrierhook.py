"""Carrier webhook benchmark: a parcel status update's handling time over a few thousand
shipments.

    python -m bench.carrierhook [--shipments 3000] [--webhooks 1000] [--seed 7]

Starts its own PostgreSQL (the test bed's) on 127.0.0.1, restores the test bed's dump of
the migrated database when there is one (else migrates), bulk-creates ``--shipments``
parcels booked with the carrier and waiting for pickup (order, line with its reserved
stock, seller's part, payment: most cash on delivery, some paid by transfer), then posts
``--webhooks`` signed status webhooks through Django's whole request stack (middleware,
signature check, the step recorded, the order part moved, stock consumed or put back,
the sale booked at delivery, the buyer notified on commit): each parcel's steps in the
carrier's own words (picked up, in transit, delivered; some COD parcels refused and
returned), every tenth webhook a replay of an earlier one, and the whole stream shuffled,
so steps also arrive late and out of order. Prints the p50/p95/max handling time in
milliseconds, the SQL queries per webhook (median per step applied, and the most), and
what became of the webhooks. It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal

from bench.database import bulk_orders, migrated_database
from bench.reports import _products, _sellers

FIRST_NUMBER = 800_000
SECRET = "bench-carrier-secret"  # noqa: S105 (the benchmark's own webhook secret)


def generate(count: int, rng) -> list:
    """``count`` parcels waiting for pickup, each an order part of one seller's line."""
    from oscar.core.loading import get_model

    from catalog.search import rows
    from marketplace.order.models import Fulfilment, Shipment
    from marketplace.payments.models import PaymentAttempt

    Line = get_model("order", "Line")
    StockRecord = get_model("partner", "StockRecord")
    _communes, sellers = _sellers(rng)
    products = _products(rng, sellers)
    records = {
        record.product_id: record
        for record in StockRecord.objects.bulk_create(
            StockRecord(
                product=product,
                partner_id=seller.partner_id,
                partner_sku=f"SKU-{product.pk}",
                price=Decimal(rng.randrange(30, 400) * 1000),
                price_currency="VND",
                num_in_stock=count * 3,
                num_allocated=count * 3,  # what the orders below hold
            )
            for seller in sellers
            for product in products[seller.pk]
        )
    }
    chosen = [rng.choice(sellers) for _n in range(count)]
    picks = [rng.choice(products[seller.pk]) for seller in chosen]
    quantities = [rng.randint(1, 3) for _n in range(count)]
    totals = [records[p.pk].price * q for p, q in zip(picks, quantities, strict=True)]
    cod = [rng.random() < 0.7 for _n in range(count)]
    orders = bulk_orders(totals, first_number=FIRST_NUMBER, batch_size=2000)
    Line.objects.bulk_create(
        (
            Line(
                order=order,
                partner_id=seller.partner_id,
                partner_name=seller.display_name,
                partner_sku=f"SKU-{product.pk}",
                stockrecord=records[product.pk],
                title=product.title,
                product=product,
                quantity=qty,
                line_price_incl_tax=total,
                line_price_excl_tax=total,
                line_price_before_discounts_incl_tax=total,
                line_price_before_discounts_excl_tax=total,
                unit_price_incl_tax=records[product.pk].price,
                unit_price_excl_tax=records[product.pk].price,
                num_allocated=qty,
            )
            for order, seller, product, qty, total in zip(
                orders, chosen, picks, quantities, totals, strict=True
            )
        ),
        batch_size=2000,
    )
    parts = Fulfilment.objects.bulk_create(
        (
            Fulfilment(
                order=order,
                seller=seller,
                status="packed",
                lines_total=total,
                shipping_charge=Decimal(30000),
            )
            for order, seller, total in zip(orders, chosen, totals, strict=True)
        ),
        batch_size=2000,
    )
    PaymentAttempt.objects.bulk_create(
        (
            PaymentAttempt(
                order=order,
                method="cod" if by_cash else "vietqr",
                amount=order.total_incl_tax,
                state="pending" if by_cash else "succeeded",
                reference="" if by_cash else order.number,
                idempotency_key=f"{order.number}-1",
            )
            for order, by_cash in zip(orders, cod, strict=True)
        ),
        batch_size=2000,
    )
    rows.rebuild()  # the products are searchable, as every product on sale is
    return Shipment.objects.bulk_create(
        (
            Shipment(
                fulfilment=part,
                carrier="carrier",
                client_code=f"{part.order.number}-{part.pk}-1",
                tracking_code=f"GHW{n:07d}",
                status="created",
                grams=700 * qty,
                cod_amount=part.lines_total + part.shipping_charge if by_cash else 0,
                fee=Decimal(27000),
            )
            for n, (part, qty, by_cash) in enumerate(zip(parts, quantities, cod, strict=True))
        ),
        batch_size=2000,
    )


def webhooks(shipments, count: int, rng) -> list[tuple[str, bytes]]:
    """``count`` signed bodies (with the step each names), shuffled, one in ten a replay."""
    fresh = count - count // 10
    steps = []
    for shipment in rng.sample(shipments, min(len(shipments), fresh // 3 + 1)):
        refused = shipment.cod_amount and rng.random() < 0.15
        path = ["picked", "transporting", "return", "returned"] if refused else [
            "picked", "transporting", "delivered"
        ]  # fmt: skip
        steps += [(shipment.tracking_code, status) for status in path]
    steps = steps[:fresh]
    rng.shuffle(steps)
    bodies = []
    for n, (code, status) in enumerate(steps):
        body = json.dumps(
            {"order_code": code, "status": status, "time": "", "event_id": f"ev-{n}"}
        ).encode()
        bodies.append((status, body))
        if n % 9 == 8:
            bodies.append(rng.choice(bodies))  # the carrier sends one again
    return bodies


def measure(bodies: list[tuple[str, bytes]]) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from marketplace.order.carriers.http_carrier import sign

    client, url = Client(), reverse("carrier:webhook")
    timings, outcomes, queries = [], Counter(), defaultdict(list)
    most = 0
    executed = [0]

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    for status, body in bodies:
        executed[0] = 0
        with connection.execute_wrapper(count):
            start = time.perf_counter()
            response = client.post(
                url,
                body,
                content_type="application/json",
                headers={"X-Carrier-Signature": sign(body, SECRET)},
            )
            timings.append((time.perf_counter() - start) * 1000)
        outcome = response.content.decode()
        outcomes[outcome] += 1
        if outcome == "applied":
            queries[status].append(executed[0])
        most = max(most, executed[0])
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    print(f"{len(bodies)} webhooks handled")
    print(
        f"handling time ms: p50 {statistics.median(timings):.1f}  p95 {p95:.1f}  "
        f"max {timings[-1]:.1f}  (target p95 ≤ 50)"
    )
    print(
        "SQL queries per step applied (median): "
        + ", ".join(f"{s} {statistics.median(q):.0f}" for s, q in sorted(queries.items()))
        + f"; most for one webhook {most}"
    )
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipments", type=int, default=3000)
    parser.add_argument("--webhooks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with migrated_database("bench_carrierhook"):
        from django.conf import settings

        settings.CARRIER_WEBHOOK_SECRET = SECRET
        settings.DEBUG = False
        rng = random.Random(args.seed)  # noqa: S311 (benchmark data)
        start = time.perf_counter()
        shipments = generate(args.shipments, rng)
        print(f"generated {args.shipments:,} shipments in {time.perf_counter() - start:.1f} s")
        measure(webhooks(shipments, args.webhooks, rng))
    return 0


if __name__ == "__main__":
    sys.exit(main())
