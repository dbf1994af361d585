"""Page benchmark: time and SQL queries of the main anonymous pages on the demo data.

    python -m bench [--runs N]

Uses the embedded settings (SQLite in var/, loaded by ``make demo``) and Django's test
client in-process, so it measures the application, not a network. Prints a table; it
never fails on a number.
"""

import argparse
import os
import statistics
import sys
import time


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: template loading, caches
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    return response, timings, len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.test import Client
    from oscar.core.loading import get_model

    from catalog.selectors import public_products

    product = public_products().order_by("pk").first()
    if product is None:
        print("No products: run `make demo` (or manage.py load_demo) first.")
        return 1
    seller = product.seller
    pages = [
        ("home", "/"),
        ("catalogue", "/catalogue/"),
        ("search 'che shan tuyet'", "/search/?q=che+shan+tuyet"),
        ("category", get_model("catalogue", "Category").objects.first().get_absolute_url()),
        ("product", product.get_absolute_url()),
        ("seller", seller.get_absolute_url() if seller else "/"),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':28} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'KB html':>8}")
    for name, url in pages:
        response, timings, queries = measure(client, url, args.runs)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        size = len(response.content) / 1024
        print(
            f"{name:28} {response.status_code:>6} {statistics.median(timings):>8.1f} "
            f"{p95:>8.1f} {queries:>8} {size:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
