"""Report benchmark: one commune's quarter over 100,000 generated orders on PostgreSQL.

    python -m bench.reports [--orders 100000] [--seed 7] [--html report.html]

Starts its own PostgreSQL (the test bed's) on 127.0.0.1, restores the test bed's dump of
the migrated database when there is one (else migrates), bulk-creates a year (2025) of
orders spread over ten communes (the measured commune gets 40% of them), then prints:

1. the time to generate the data;
2. the time to compute the commune's Q3 2025 report (``area_report``: every figure, the
   previous quarter and the 12-month trend), cold then the median of 3 warm runs, with
   its SQL query count;
3. the bytes of the report page (HTML, as commune staff get it) and of its SVG chart.

It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bench.database import log, migrated_database

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNES = 10
SELLERS_PER_COMMUNE = 20
PRODUCTS_PER_SELLER = 5
BATCH = 5000


def _sellers(rng):
    from oscar.core.loading import get_model

    from marketplace.places.models import Commune
    from sellers.models import Seller

    Partner = get_model("partner", "Partner")
    communes = list(Commune.objects.filter(province__name="Tuyên Quang").order_by("code"))
    communes = communes[:COMMUNES]
    count = COMMUNES * SELLERS_PER_COMMUNE
    partners = Partner.objects.bulk_create(
        [Partner(name=f"Bench {n}", code=f"bench-{n}") for n in range(count)]
    )
    sellers = Seller.objects.bulk_create(
        Seller(
            kind=rng.choice(["household", "cooperative"]),
            display_name=f"Cơ sở {n} {communes[n % COMMUNES].name}",
            slug=f"bench-{n}",
            representative_name="Người đại diện",
            phone="+84912000000",
            commune=communes[n % COMMUNES],
            address="Thôn 1",
            status="approved",
            approved_at=datetime(2024, 12, 1, tzinfo=VIETNAM),
            partner=partner,
        )
        for n, partner in enumerate(partners)
    )
    return communes, sellers


def _products(rng, sellers):
    import datetime as dt

    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    OcopCertificate = get_model("catalogue", "OcopCertificate")
    product_class, _ = ProductClass.objects.get_or_create(
        slug="dac-san-ocop", defaults={"name": "Đặc sản OCOP"}
    )
    products = Product.objects.bulk_create(
        Product(
            title=f"Sản phẩm {s.pk}-{i}",
            slug=f"bench-{s.pk}-{i}",
            product_class=product_class,
            seller=s,
            is_public=True,
        )
        for s in sellers
        for i in range(PRODUCTS_PER_SELLER)
    )
    groups = [g for g, _ in OcopCertificate.Group.choices]
    OcopCertificate.objects.bulk_create(
        OcopCertificate(
            product=p,
            stars=rng.choice([3, 3, 4, 4, 5]),
            group=rng.choice(groups),
            level="province",
            decision_number=f"{p.pk}/QĐ",
            issued_on=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(400)),
            expires_on=dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(400)),
            status="verified",
        )
        for p in products[::2]
    )
    by_seller = {}
    for p in products:
        by_seller.setdefault(p.seller_id, []).append(p)
    return by_seller


def _pick_seller(rng, communes_sellers, target):
    # 40% of parts go to the measured commune, the rest spread over the nine others.
    commune = target if rng.random() < 0.4 else rng.randrange(1, COMMUNES)
    return rng.choice(communes_sellers[commune])


def generate(count: int, seed: int) -> tuple:
    """Bulk-create ``count`` orders over 2025 with their lines, parts, payments, refunds."""
    from oscar.core.loading import get_model

    from marketplace.order.models import Fulfilment
    from marketplace.payments.models import PaymentAttempt, Refund

    Order, Line = get_model("order", "Order"), get_model("order", "Line")
    rng = random.Random(seed)
    communes, sellers = _sellers(rng)
    products = _products(rng, sellers)
    by_commune = [[s for s in sellers if s.commune_id == c.pk] for c in communes]
    year_start = datetime(2025, 1, 1, tzinfo=VIETNAM)
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        orders = Order.objects.bulk_create(
            Order(
                number=f"B{first + n:07d}",
                currency="VND",
                total_incl_tax=0,
                total_excl_tax=0,
                shipping_incl_tax=0,
                shipping_excl_tax=0,
                status="pending",
                date_placed=year_start + timedelta(seconds=rng.randrange(365 * 86400)),
            )
            for n in range(size)
        )
        lines, parts, payments, refunds = [], [], [], []
        for order in orders:
            method = rng.choices(["cod", "vietqr", "stripe"], [70, 22, 8])[0]
            chosen = {_pick_seller(rng, by_commune, 0)}
            if rng.random() < 0.1:
                chosen.add(_pick_seller(rng, by_commune, 0))
            for seller in chosen:
                total = Decimal(0)
                for product in rng.sample(products[seller.pk], rng.randint(1, 2)):
                    qty, price = rng.randint(1, 3), Decimal(rng.randrange(30, 400) * 1000)
                    total += qty * price
                    lines.append(_line(Line, order, seller, product, qty, price))
                status = rng.choices(
                    ["delivered", "cancelled", "refused" if method == "cod" else "cancelled",
                     "shipped"],
                    [85, 7, 5, 3],
                )[0]  # fmt: skip
                parts.append(
                    Fulfilment(order=order, seller=seller, status=status, lines_total=total,
                               shipping_charge=Decimal(30000), created_at=order.date_placed)
                )  # fmt: skip
            payments.append(
                PaymentAttempt(order=order, method=method, amount=0, state="succeeded",
                               idempotency_key=f"bench-{order.number}",
                               created_at=order.date_placed)
            )  # fmt: skip
        Line.objects.bulk_create(lines)
        Fulfilment.objects.bulk_create(parts)
        PaymentAttempt.objects.bulk_create(payments)
        for line in rng.sample(lines, len(lines) // 100):  # about 1% of lines refunded
            refunds.append(
                Refund(order=line.order, amount=line.unit_price_incl_tax,
                       lines={str(line.pk): 1},
                       created_at=line.order.date_placed + timedelta(days=rng.randint(1, 20)))
            )  # fmt: skip
        Refund.objects.bulk_create(refunds)
        log(f"{first + size} orders")
    return communes[0]


def _line(Line, order, seller, product, qty, price):
    return Line(
        order=order,
        partner_id=seller.partner_id,
        partner_name=seller.display_name,
        partner_sku=f"SKU-{product.pk}",
        title=product.title,
        product=product,
        quantity=qty,
        line_price_incl_tax=qty * price,
        line_price_excl_tax=qty * price,
        line_price_before_discounts_incl_tax=qty * price,
        line_price_before_discounts_excl_tax=qty * price,
        unit_price_incl_tax=price,
        unit_price_excl_tax=price,
        num_allocated=0,
    )


def measure(commune) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.reports.periods import Period
    from marketplace.reports.report import area_report
    from marketplace.reports.selectors import Scope

    scope, quarter = Scope("commune", commune.pk), Period(2025, 7, 3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = area_report(scope, quarter)
        cold = time.perf_counter() - start
    warm = []
    for _ in range(3):
        start = time.perf_counter()
        area_report(scope, quarter)
        warm.append(time.perf_counter() - start)
    totals = report["totals"]
    print(f"commune {commune.full_name}, {quarter.key}: {totals['orders']:,} orders, "
          f"{totals['items']:,} items, GMV {totals['gmv']:,} đồng, "
          f"{len(report['by_seller'])} sellers")  # fmt: skip
    count = len(queries.captured_queries)
    print(f"compute commune quarter: cold {cold:.2f} s, warm median "
          f"{statistics.median(warm):.2f} s, {count} SQL queries")  # fmt: skip
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
    for query in slowest:
        log(f"{float(query['time']) * 1000:7.0f} ms  {query['sql'][:160]}")


def page_bytes(commune, save_to: str | None) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from sellers.models import CommuneStaff

    user = get_user_model().objects.create_user(phone="+84919999999", password="bench-pass-1")
    CommuneStaff.objects.create(user=user, commune=commune)
    client = Client()
    client.force_login(user)
    url = reverse("commune:reports:page")
    params = {"commune": commune.pk, "period": "2025-Q3"}
    start = time.perf_counter()
    html = client.get(url, params).content  # computes inline (no broker), then renders
    first = time.perf_counter() - start
    start = time.perf_counter()
    html = client.get(url, params).content
    cached = time.perf_counter() - start
    svg = html[html.index(b"<svg") : html.index(b"</svg>") + len(b"</svg>")]
    print(f"report page: first visit (computes) {first:.2f} s, cached {cached * 1000:.0f} ms")
    print(f"report page HTML: {len(html):,} bytes; its SVG chart: {len(svg):,} bytes")
    if save_to:
        with open(save_to, "wb") as handle:
            handle.write(html)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--html", help="also write the report page to this file")
    args = parser.parse_args()

    with migrated_database("bench_reports"):
        start = time.perf_counter()
        commune = generate(args.orders, args.seed)
        print(f"generated {args.orders:,} orders in {time.perf_counter() - start:.1f} s")
        measure(commune)
        page_bytes(commune, args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
