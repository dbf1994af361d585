"""Search benchmark: indexing rate, query latency and relevance, Elasticsearch vs database.

    python -m bench.search [--sizes 10000,100000] [--runs 30] [--budget-minutes 40]

Starts its own PostgreSQL (the test bed's) and an OpenSearch node (the search server
the tests use) on 127.0.0.1, migrates a fresh database, then:

1. loads the relevance catalogue of ``tests/search`` and prints the pass rate of the
   shared relevance cases on each backend;
2. for each size, bulk-creates generated products up to that size, rebuilds the index
   (``search_reindex``'s code path: new index, bulk load, alias swap) and prints the
   indexing rate, then p50/p95 latency of a plain, a fuzzy accent-less and a faceted
   query through ``catalog.search.selectors.search_products`` (query + database
   hydration of the result page + facets), on Elasticsearch and on the database
   backend (the fallback).

It prints figures and never fails on a number. A size whose estimated time exceeds
what is left of the budget is skipped, and the output says so.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import sys
import time

QUERIES = {
    "plain": {"text": "chè shan tuyết"},
    "fuzzy": {"text": "mat ong rungg tay bac"},
    "faceted": {"text": "mien dong", "min_stars": 3, "price": (0, 100_000), "sort": "price-asc"},
}
ES = "catalog.search.backends.elasticsearch.ElasticsearchBackend"
DB = "catalog.search.backends.database.DatabaseBackend"


def log(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def services():
    """PostgreSQL and OpenSearch for the run; both stopped whatever happens."""
    from tests.services.search import SearchServer
    from tests.testbed.__main__ import make_root
    from tests.testbed.postgres import PostgresServer, ensure_bindir

    root = make_root()
    database = PostgresServer(ensure_bindir(), root)
    search = SearchServer()
    try:
        database.start()
        search.start()
        yield database, search
    finally:
        search.stop()
        database.stop()
        shutil.rmtree(root, ignore_errors=True)


def setup_django(database_url: str, search_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.ELASTICSEARCH_URL = search_url
    settings.ELASTICSEARCH_INDEX_PREFIX = "bench"
    from catalog.search import connection

    # Pages give the search server 3 s before falling back to the database; the
    # in-memory test server can take longer on 100,000 documents, and the benchmark
    # must time the server itself, not the fallback.
    connection.REQUEST_TIMEOUT_SECONDS = 60
    from django.core.management import call_command

    log("migrating a fresh database")
    call_command("migrate", verbosity=0)


def use(backend: str) -> None:
    from django.conf import settings

    settings.MARKETPLACE_SEARCH_BACKEND = backend


def latencies(runs: int) -> dict:
    """p50/p95 milliseconds per query kind, through the search selector."""
    from catalog.search.backends import SearchQuery
    from catalog.search.selectors import search_products

    figures = {}
    for name, params in QUERIES.items():
        query = SearchQuery(**params)
        search_products(query)  # warm-up: caches, connections, speller vocabulary
        timings, degraded = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = search_products(query)
            timings.append((time.perf_counter() - started) * 1000)
            degraded += result.degraded
        if degraded:
            log(f"{name}: {degraded} of {runs} answers came from the database fallback")
        figures[name] = (
            statistics.median(timings),
            statistics.quantiles(timings, n=20)[-1],
            result.total,
        )
        log(f"{name}: p50 {figures[name][0]:.0f} ms, p95 {figures[name][1]:.0f} ms")
    return figures


def relevance() -> dict:
    from catalog.search import services as search_services
    from catalog.search.backends import SearchQuery
    from catalog.search.selectors import search_products
    from tests.search.catalogue import load_catalogue
    from tests.search.relevance import evaluate, report

    log("loading the relevance catalogue")
    load_catalogue()
    rates = {}
    for name, backend in (("elasticsearch", ES), ("database", DB)):
        use(backend)
        search_services.rebuild_index()
        outcomes = evaluate(
            lambda q: [p.title for p in search_products(SearchQuery(text=q)).products]
        )
        rates[name] = (sum(o.passed for o in outcomes), len(outcomes), report(outcomes))
    return rates


# --- generated catalogue ------------------------------------------------------------

KINDS = [
    ("Chè Shan Tuyết", "Búp chè hái trên đồi chè cổ thụ, sao tay trên chảo gang"),
    ("Trà xanh", "Chè búp sao sấy thủ công, nước xanh, vị chát dịu"),
    ("Mật ong rừng", "Mật ong khai thác từ tổ ong rừng tự nhiên, sánh và thơm"),
    ("Mật ong bạc hà", "Ong nuôi giữa nương hoa bạc hà trên cao nguyên đá"),
    ("Miến dong", "Sợi miến làm từ tinh bột củ dong riềng, phơi nắng tự nhiên"),
    ("Gạo nếp cái hoa vàng", "Gạo nếp hạt tròn, dẻo thơm, xay theo từng đợt"),
    ("Gạo Séng Cù", "Gạo hạt dài trồng trên ruộng bậc thang"),
    ("Nước mắm", "Nước mắm ủ chượp cá cơm trong thùng gỗ"),
    ("Cà phê Robusta", "Hạt chín đỏ hái tay, rang mộc"),
    ("Chuối sấy dẻo", "Chuối chín cắt lát, sấy ở nhiệt độ thấp"),
    ("Bưởi Diễn", "Bưởi chín cây, tép mọng, ngọt thanh"),
    ("Cam sành", "Cam chín cây, vỏ mỏng, mọng nước"),
    ("Măng khô", "Măng rừng luộc rồi phơi khô trên gác bếp"),
    ("Thịt trâu gác bếp", "Thịt trâu tẩm mắc khén, hun khói trên bếp củi"),
    ("Tương ớt", "Tương ớt lên men theo cách truyền thống, cay nồng"),
    ("Rượu ngô men lá", "Rượu ngô nấu bằng men lá của người Mông"),
    ("Nấm hương rừng", "Nấm hương mọc trên thân gỗ mục, phơi khô"),
    ("Hạt điều rang muối", "Hạt điều loại to, rang củi, bóc vỏ lụa"),
    ("Khăn thổ cẩm", "Khăn dệt tay từ sợi bông nhuộm màu tự nhiên"),
    ("Tỏi cô đơn", "Tỏi một nhánh trồng trên cát, thơm nồng"),
]
QUALIFIERS = ["", "búp", "cổ thụ", "hữu cơ", "loại 1", "thượng hạng", "truyền thống", "đặc biệt"]
PACKS = ["hộp 100 g", "gói 500 g", "túi 1 kg", "chai 500 ml", "hũ 250 g", "thùng 5 kg"]
PER_SELLER = 50


def _sellers(rng, count, start):
    from oscar.core.loading import get_model

    from marketplace.places.models import Commune
    from sellers.models import Seller

    Partner = get_model("partner", "Partner")
    communes = list(Commune.objects.select_related("province").order_by("?")[:400])
    partners = Partner.objects.bulk_create(
        [Partner(name=f"Bench {start + n}", code=f"bench-{start + n}") for n in range(count)]
    )
    return Seller.objects.bulk_create(
        [
            Seller(
                kind=rng.choice(["household", "cooperative"]),
                display_name=f"HTX {rng.choice(KINDS)[0]} {communes[n % len(communes)].name}",
                slug=f"bench-seller-{start + n}",
                representative_name="Người đại diện",
                phone="+84912000000",
                commune=communes[n % len(communes)],
                address=f"Thôn {n % 97}",
                status="suspended" if n % 20 == 0 else "approved",
                partner=partner,
            )
            for n, partner in enumerate(partners)
        ]
    )


def _products(rng, sellers, count, start, product_class):
    from oscar.core.loading import get_model

    from marketplace.text import fold

    Product = get_model("catalogue", "Product")
    rows = []
    for n in range(count):
        seller = sellers[n // PER_SELLER]
        kind, description = rng.choice(KINDS)
        title = " ".join(
            filter(
                None, [kind, rng.choice(QUALIFIERS), seller.commune.name, "–", rng.choice(PACKS)]
            )
        )
        text = f"{description}. Sản phẩm của {seller.display_name}, mã {start + n}."
        rows.append(
            Product(
                title=title,
                slug=f"bench-{start + n}",
                description=text,
                product_class=product_class,
                seller=seller,
                structure="standalone",
                is_public=True,
                # As Product.save computes it (bulk_create does not call save).
                search_text=fold(f"{title} {text} {seller.display_name}"),
            )
        )
    return Product.objects.bulk_create(rows, batch_size=2000)


def _stock_and_certificates(rng, products, start) -> None:
    import datetime
    from decimal import Decimal

    from oscar.core.loading import get_model

    from catalog.models import OcopCertificate, add_months

    StockRecord = get_model("partner", "StockRecord")
    today = datetime.date.today()
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=p,
                partner_id=p.seller.partner_id,
                partner_sku=f"B{start + n}",
                price=Decimal(rng.randrange(15, 600) * 1000),
                price_currency="VND",
                num_in_stock=0 if n % 25 == 0 else rng.randrange(1, 200),
            )
            for n, p in enumerate(products)
        ],
        batch_size=2000,
    )
    certificates = []
    for n, product in enumerate(products):
        if n % 3:
            continue
        issued = today - datetime.timedelta(days=rng.randrange(30, 1400))
        certificates.append(
            OcopCertificate(
                product=product,
                stars=rng.choice([3, 3, 4, 4, 5]),
                group="food",
                level="province",
                decision_number=f"{start + n}/QĐ-UBND",
                issued_on=issued,
                expires_on=add_months(issued, OcopCertificate.VALIDITY_MONTHS),
                status="pending" if n % 30 == 0 else "verified",
            )
        )
    OcopCertificate.objects.bulk_create(certificates, batch_size=2000)


def grow_catalogue(size: int) -> int:
    """Add generated products until the catalogue has ``size``; returns how many."""
    import random

    from django.db import connection, transaction
    from oscar.core.loading import get_model

    from catalog.search.services import updates_muted

    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    start = Product.objects.count()
    need = max(0, size - start)
    rng = random.Random(size)
    product_class, _ = ProductClass.objects.get_or_create(
        slug="dac-san-ocop", defaults={"name": "Đặc sản OCOP", "track_stock": True}
    )
    with transaction.atomic(), updates_muted():
        for chunk in range(0, need, 10_000):
            count = min(10_000, need - chunk)
            sellers = _sellers(rng, -(-count // PER_SELLER), start + chunk)
            products = _products(rng, sellers, count, start + chunk, product_class)
            _stock_and_certificates(rng, products, start + chunk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return need


# --- run ------------------------------------------------------------------------------


def _stop_on_sigterm(signum, frame):
    # The default SIGTERM handler would skip `finally`, leaving the servers running.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget-minutes", type=float, default=40)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    deadline = time.monotonic() + args.budget_minutes * 60
    with services() as (database, search):
        setup_django(database.url, search.url)
        # Figures are printed as soon as they are measured: a run stopped early (time
        # budget, a signal) still leaves every completed row on stdout.
        print_relevance(relevance(), database.version)
        print_header(args.runs)
        generate_rate = index_rate = None
        for size in sizes:
            if generate_rate and index_rate:
                estimate = size / generate_rate + size / index_rate + 120
                if time.monotonic() + estimate > deadline:
                    print(f"{size:>9,} skipped: estimated {estimate / 60:.0f} min, "
                          "over the time budget", flush=True)  # fmt: skip
                    continue
            log(f"generating products up to {size:,}")
            started = time.monotonic()
            made = grow_catalogue(size)
            generate_rate = made / max(time.monotonic() - started, 1e-6) if made else None
            row = measure(size, args.runs)
            print_row(row)
            index_rate = row["rate"]
        print_engine(search)
    return 0


def print_engine(search) -> None:
    """The search node's start-up time and resident memory at the end of the run."""
    rss = "unknown"
    with contextlib.suppress(OSError, TypeError):
        status = open(f"/proc/{search.pid}/status").read()  # noqa: PTH123, SIM115
        kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        rss = f"{kib / 1024:.0f} MiB"
    print(f"search node: started in {search.startup_seconds:.1f} s, resident memory {rss}",
          flush=True)  # fmt: skip


def measure(size: int, runs: int) -> dict:
    from catalog.search import rows
    from catalog.search.backends import get_backend

    use(ES)
    log(f"rebuilding the database search rows for {size:,} products")
    started = time.monotonic()
    rows.rebuild()
    rows_seconds = time.monotonic() - started
    log(f"rebuilding the Elasticsearch index for {size:,} products")
    started = time.monotonic()
    # search_reindex rebuilds both; the engine's part is timed on its own.
    indexed = get_backend().reindex(chunk_size=2000)
    seconds = time.monotonic() - started
    assert get_backend().name == "elasticsearch"
    log(f"timing queries on Elasticsearch ({runs} runs each)")
    es = latencies(runs)
    took = server_time(min(runs, 10))
    use(DB)
    log(f"timing queries on the database backend ({runs} runs each)")
    db = latencies(runs)
    return {"size": size, "indexed": indexed, "seconds": seconds, "rate": indexed / seconds,
            "rows_seconds": rows_seconds, "es": es, "db": db, "took": took}  # fmt: skip


def server_time(runs: int) -> dict:
    """Median time the search server itself reports ("took", ms) per query kind."""
    from catalog.search.backends import SearchQuery
    from catalog.search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend()
    return {
        name: statistics.median(backend.raw_search(SearchQuery(**params)).took for _ in range(runs))
        for name, params in QUERIES.items()
    }


def print_relevance(rates, pg_version) -> None:
    print()
    print("Search benchmark — OpenSearch 2.19 (single node) and PostgreSQL "
          f"{pg_version.split()[0] if pg_version else ''}, {os.cpu_count()} CPU(s)")  # fmt: skip
    for name, (passed, total, _) in rates.items():
        print(f"relevance {name:13} {passed}/{total} cases ({passed / total:.0%})")
    for name, (passed, total, text) in rates.items():
        if passed < total:
            print(f"  {name} misses:\n{text}")
    sys.stdout.flush()


def print_header(runs) -> None:
    print(f"latency: ms through search_products (query + page of {24} cards + facets), "
          f"{runs} runs after one warm-up; totals are result counts")  # fmt: skip
    print("reindex s: the engine's new index, bulk load and alias swap; for the database,"
          " the set-based rebuild of its search rows")  # fmt: skip
    header = f"{'products':>9} {'backend':13} {'index docs/s':>12} {'reindex s':>9}"
    for name in QUERIES:
        header += f" {name + ' p50/p95':>20}"
    print(header, flush=True)


def print_row(row) -> None:
    for backend in ("es", "db"):
        line = f"{row['size']:>9,} {'elasticsearch' if backend == 'es' else 'database':13}"
        if backend == "es":
            line += f" {row['rate']:>12,.0f} {row['seconds']:>9.1f}"
        else:
            line += f" {'—':>12} {row['rows_seconds']:>9.1f}"
        for name in QUERIES:
            p50, p95, total = row[backend][name]
            line += f" {f'{p50:.0f}/{p95:.0f} ({total})':>20}"
        print(line)
    took = ", ".join(f"{name} {ms:.0f}" for name, ms in row["took"].items())
    print(f"{row['size']:>9,} search server's own time (median ms): {took}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
