"""COD remittance benchmark: reconciling a carrier's statement against many order parts.

    python -m bench.remittance [--parts 100000] [--lines 10000] [--seed 7]

Starts its own PostgreSQL (the test bed's) on 127.0.0.1, restores the test bed's dump of
the migrated database when there is one (else migrates), bulk-creates ``--parts`` order
parts whose cash-on-delivery parcels the carrier delivered, then reconciles a statement of
``--lines`` lines: most exact, some short or over, some found only by our client order
code, some for parcels still on their way, some unknown, and some listed twice. The
statement is read from the carrier's CSV file as an operator would upload it, then
matched and credited to the sellers' ledgers in one transaction. Prints the time of each
step, the SQL queries, and what became of the lines; importing the same statement again
is timed too (it changes nothing). It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from decimal import Decimal

from bench.database import bulk_orders, log, migrated_database

FIRST_NUMBER = 700_000


def generate(count: int, rng) -> list:
    """``count`` order parts, one seller's each, their COD parcels delivered by the carrier."""
    from django.utils import timezone

    from bench.reports import _sellers
    from marketplace.order.models import Fulfilment, Shipment

    now = timezone.now()
    _communes, sellers = _sellers(rng)
    totals = [Decimal(rng.randrange(30, 900) * 1000) for _n in range(count)]
    orders = bulk_orders(totals, first_number=FIRST_NUMBER)
    parts = Fulfilment.objects.bulk_create(
        (
            Fulfilment(
                order=order,
                seller=sellers[n % len(sellers)],
                status="delivered" if n % 20 else "shipped",
                lines_total=total,
                shipping_charge=Decimal(30000),
                cash_collected_at=now,
            )
            for n, (order, total) in enumerate(zip(orders, totals, strict=True))
        ),
        batch_size=5000,
    )
    return Shipment.objects.bulk_create(
        (
            Shipment(
                fulfilment=part,
                carrier="carrier",
                client_code=f"{part.order.number}-{part.pk}-1",
                tracking_code=f"GHB{n:07d}",
                status="delivered" if n % 20 else "in_transit",
                grams=700,
                cod_amount=part.lines_total + part.shipping_charge,
                fee=Decimal(27000),
            )
            for n, part in enumerate(parts)
        ),
        batch_size=5000,
    )


def statement_csv(shipments, count: int, rng) -> tuple[bytes, Counter]:
    """The carrier's export of a statement of ``count`` lines, and what each line is."""
    kinds: Counter = Counter()
    rows = ["Mã vận đơn,Mã đơn khách hàng,Tiền thu hộ,Phí vận chuyển,Phí thu hộ"]
    chosen = rng.sample(shipments, count)
    for n, shipment in enumerate(chosen):
        kind = rng.choices(
            ["exact", "short", "over", "client code", "unknown", "twice"], [85, 4, 2, 4, 3, 2]
        )[0]
        if kind == "twice" and n:
            shipment = chosen[n - 1]
        code, cod = shipment.tracking_code, int(shipment.cod_amount)
        if kind == "short":
            cod -= 10000
        elif kind == "over":
            cod += 5000
        elif kind == "client code":  # the carrier re-issued its code: ours still finds it
            code = f"GHR{n:07d}"
        elif kind == "unknown":
            code = f"GHX{n:07d}"
        kinds[kind] += 1
        client = "" if kind == "unknown" else shipment.client_code
        amount = f"{cod:,}".replace(",", ".")  # as Vietnamese spreadsheets write it
        rows.append(f"{code},{client},{amount},22.000,{cod // 100}")
    return ("\n".join(rows) + "\n").encode(), kinds


def measure(data: bytes) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.ledger.models import LedgerEntry
    from marketplace.order import remittance
    from marketplace.order.carriers import statement_file
    from marketplace.order.models import RemittanceLine

    start = time.perf_counter()
    lines = statement_file.read(data)
    read = time.perf_counter() - start
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        imported = remittance.import_statement(
            carrier="carrier", reference="BENCH-1", lines=lines, source="file"
        )
        matched = time.perf_counter() - start
    statement = imported.statement
    print(f"statement of {len(lines):,} lines read from CSV in {read:.2f} s")
    print(
        f"matched and credited in {matched:.2f} s, {len(captured.captured_queries)} SQL "
        f"queries; total {read + matched:.2f} s (target ≤ 10 s)"
    )
    problems = Counter(
        RemittanceLine.objects.filter(statement=statement).values_list("problem", flat=True)
    )
    print(
        f"credited {statement.credited_count:,}; queued: "
        + ", ".join(f"{k} {v}" for k, v in sorted(problems.items()) if k)
    )
    print(f"ledger entries written: {LedgerEntry.objects.count():,}")
    start = time.perf_counter()
    again = remittance.import_statement(
        carrier="carrier", reference="BENCH-1", lines=lines, source="file"
    )
    print(
        f"the same statement again: {'nothing changed' if not again.new else 'IMPORTED TWICE'} "
        f"in {(time.perf_counter() - start) * 1000:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with migrated_database("bench_remittance"):
        from django.conf import settings

        settings.DEBUG = False
        rng = random.Random(args.seed)  # noqa: S311 (benchmark data)
        start = time.perf_counter()
        shipments = generate(args.parts, rng)
        elapsed = time.perf_counter() - start
        log(f"generated {args.parts:,} COD order parts and their parcels in {elapsed:.1f} s")
        data, kinds = statement_csv(shipments, min(args.lines, args.parts), rng)
        print(
            f"{args.parts:,} order parts; statement lines: "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        )
        measure(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
