"""Live page benchmark: bytes per pin update, bytes and queries of a live page load.

    python -m bench.live [--runs N]

Uses the embedded settings and the demo data (``make demo``), in-process with Django's
test client. The demo's upcoming live is started and a product pinned inside a
transaction that is rolled back at the end, so the database is left as it was. Prints:

- the pin JSON viewers poll: body and header bytes of a changed pin, and of the
  ``304 Not Modified`` answer when nothing changed;
- the live page: HTML bytes (raw and gzipped, as sent), every same-site asset it
  references (stylesheets, scripts, images; gzipped where text), and the total;
- the SQL queries and time of one live page render (p50 over ``--runs``);
- the same for the replay page of the ended demo live (chapters).

It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ASSET = re.compile(r'(?:href|src)="(/(?:static|media)/[^"]+)"')
TEXT_SUFFIXES = (".css", ".js", ".svg", ".json")


def header_bytes(response) -> int:
    """Bytes of the status line and headers as an HTTP/1.1 server would send them."""
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{name}: {value}" for name, value in response.items()]
    return len("\r\n".join(lines).encode()) + 4


def asset_bytes(url: str) -> int:
    """Bytes on the wire for a same-site asset: gzipped for text, as stored otherwise."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?")[0]
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        file = Path(found) if found else None
    else:
        file = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
    if file is None or not file.exists():
        return 0
    data = file.read_bytes()
    return len(gzip.compress(data, 6)) if path.endswith(TEXT_SUFFIXES) else len(data)


def page_weight(client, url: str) -> dict:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    assets = sorted(set(ASSET.findall(html.decode())))
    sizes = {asset: asset_bytes(asset) for asset in assets}
    sent = len(body) + header_bytes(response)
    return {
        "status": response.status_code,
        "html_raw": len(html),
        "html_sent": sent,
        "assets": sizes,
        "total": sent + sum(sizes.values()),
    }


def timed(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(timings), queries


def start_demo_live():
    """The demo's upcoming live, moved to now, started, with its first product pinned."""
    from django.utils import timezone

    from livestream import services
    from livestream.models import LiveSession

    live = (
        LiveSession.objects.filter(status=LiveSession.Status.SCHEDULED)
        .select_related("seller")
        .order_by("starts_at")
        .first()
    )
    if live is None:
        return None
    actor = live.seller.members.first().user
    now = timezone.now()
    details = services.LiveDetails(
        title=live.title,
        description=live.description,
        platform=live.platform,
        stream_url=live.stream_url,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    services.update_live(live=live, actor=actor, details=details)
    services.start_live(live=live, actor=actor)
    items = list(live.items.filter(shown=True).order_by("sort"))
    services.pin_product(live=live, item_id=items[0].pk, actor=actor)
    return live, actor, items


def report_pin(client, live, actor, items) -> None:
    from django.urls import reverse

    from livestream import services

    url = reverse("livestream:pin", args=[live.pk])
    first = client.get(url)
    services.pin_product(live=live, item_id=items[-1].pk, actor=actor)
    changed = client.get(url)
    same = client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"])
    print("pin update (JSON polled by viewers)")
    for name, response in (
        ("first poll", first),
        ("after a new pin", changed),
        ("no change", same),
    ):
        body = len(response.content)
        print(
            f"  {name:18} status {response.status_code}  body {body:>4} B  "
            f"headers {header_bytes(response):>4} B  total {body + header_bytes(response):>4} B"
        )
    print(f"  body: {changed.content.decode()}")


def report_page(client, name: str, url: str, runs: int) -> None:
    weight = page_weight(client, url)
    p50, queries = timed(client, url, runs)
    print(f"{name}: {url} (status {weight['status']})")
    print(f"  HTML {weight['html_raw']:,} B raw, {weight['html_sent']:,} B sent (gzip + headers)")
    for asset, size in weight["assets"].items():
        print(f"  asset {asset}: {size:,} B")
    print(f"  total page load: {weight['total']:,} B in {1 + len(weight['assets'])} requests")
    print(f"  SQL queries: {queries}   render p50: {p50:.1f} ms over {runs} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client

    from livestream.models import LiveSession

    client = Client(HTTP_HOST="127.0.0.1")
    with transaction.atomic():
        started = start_demo_live()
        if started is None:
            print("No scheduled live: run `make demo` (or manage.py load_demo) first.")
            return 1
        live, actor, items = started
        report_pin(client, live, actor, items)
        report_page(
            client, "live page (running, pinned product)", live.get_absolute_url(), args.runs
        )
        ended = LiveSession.objects.filter(status=LiveSession.Status.ENDED).first()
        if ended is not None:
            report_page(client, "replay page (chapters)", ended.get_absolute_url(), args.runs)
        transaction.set_rollback(True)  # leave the demo data as it was
    return 0


if __name__ == "__main__":
    sys.exit(main())
