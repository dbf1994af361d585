"""Bank-notification benchmark: the webhook's handling time over a few thousand orders.

    python -m bench.bankfeed [--orders 3000] [--notifications 500] [--seed 7]

Starts its own PostgreSQL (the test bed's) on 127.0.0.1, restores the test bed's dump of
the migrated database when there is one (else migrates), bulk-creates ``--orders`` orders
waiting for a VietQR transfer, then posts ``--notifications`` signed notifications through
Django's whole request stack (middleware, signature check, matching, payment, ledger,
notifications queued on commit): most exact, some short or over, some naming no order,
and every tenth one a replay of an earlier one. Prints the p50/p95/max handling time in
milliseconds, the SQL queries of one exact match, and what became of the notifications.
It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal

from bench.database import bulk_orders, migrated_database

FIRST_NUMBER = 500_000


def generate(count: int, rng) -> list:
    """``count`` orders of one seller's part each, every one waiting for its transfer."""

    from bench.reports import _sellers
    from marketplace.order.models import Fulfilment
    from marketplace.payments.models import PaymentAttempt

    _communes, sellers = _sellers(rng)
    totals = [Decimal(rng.randrange(30, 900) * 1000) for _n in range(count)]
    orders = bulk_orders(totals, first_number=FIRST_NUMBER)
    Fulfilment.objects.bulk_create(
        Fulfilment(
            order=order,
            seller=sellers[n % len(sellers)],
            status="new",
            lines_total=total,
            shipping_charge=Decimal(30000),
        )
        for n, (order, total) in enumerate(zip(orders, totals, strict=True))
    )
    PaymentAttempt.objects.bulk_create(
        PaymentAttempt(
            order=order,
            method="vietqr",
            amount=order.total_incl_tax,
            reference=order.number,
            idempotency_key=f"{order.number}-vietqr-1",
        )
        for order in orders
    )
    return orders


def notifications(orders, count: int, rng) -> list[bytes]:
    from tests.fakebank import FakeBank

    bank = FakeBank()
    targets = rng.sample(orders, count)
    bodies = []
    for n, order in enumerate(targets):
        if n % 10 == 9:
            bodies.append(rng.choice(bodies))  # the service sends one again
            continue
        kind = rng.choices(["exact", "short", "over", "unknown"], [70, 10, 5, 5])[0]
        amount = order.total_incl_tax + {"exact": 0, "short": -10000, "over": 5000}.get(kind, 0)
        memo = "chuyen tien" if kind == "unknown" else f"MBVCB.{n}.CHOLANG{order.number}.CT tu"
        bodies.append(bank.notification(amount=amount, content=memo))
    return bodies


def measure(bodies: list[bytes]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.fakebank import FakeBank

    bank, client = FakeBank(), Client()
    timings, outcomes, queries = [], Counter(), None
    for body in bodies:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = bank.post(client, body)
            timings.append((time.perf_counter() - start) * 1000)
        outcome = response.json()["outcome"]
        outcomes[outcome] += 1
        if outcome == "paid" and queries is None:
            queries = len(captured.captured_queries)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{len(bodies)} notifications handled")
    print(
        f"handling time ms: p50 {statistics.median(timings):.1f}  p95 {p95:.1f}  "
        f"max {timings[-1]:.1f}  (target p95 ≤ 50)"
    )
    print(f"SQL queries for one exact match: {queries}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--notifications", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with migrated_database("bench_bankfeed"):
        from django.conf import settings

        from tests.fakebank import SECRET

        settings.BANK_WEBHOOK_SECRET = SECRET
        settings.DEBUG = False
        rng = random.Random(args.seed)  # noqa: S311 (benchmark data)
        start = time.perf_counter()
        orders = generate(args.orders, rng)
        print(f"generated {args.orders:,} orders in {time.perf_counter() - start:.1f} s")
        measure(notifications(orders, args.notifications, rng))
    return 0


if __name__ == "__main__":
    sys.exit(main())
