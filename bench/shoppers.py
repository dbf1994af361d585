"""Every shopper fast: pages as a signed-in buyer with a basket, and the page cache under orders.

    python -m bench.shoppers [--products 10000] [--seconds 10] [--rounds 2] [--connections 8]
                             [--orders-per-second 5] [--orders-seconds 40]

Starts its own PostgreSQL, Redis and OpenSearch on 127.0.0.1 (the test bed's), loads the
demo data, grows the catalogue to ``--products`` generated products, indexes them, and
serves the site with gunicorn (2 sync workers, production settings, DEBUG off; the same
server settings as ``bench.theme``). Then:

1. ``wrk`` against each page as a signed-in buyer with two items in the basket (their
   header rendered for them on the shared page): product, catalogue, category, basket and
   search; the anonymous product page; a trivial view (the ceiling); and the product page
   rendered with django-oscar's stock templates and no page cache (``BENCH_VARIANT=stock``),
   so the ratio is visible. Median of interleaved rounds.
2. Orders: signed-in buyers (phone proven, so cash on delivery needs no code) buy random
   products through the real checkout (basket, address, place order) at
   ``--orders-per-second``, while ``wrk`` browses product and catalogue pages as the
   buyer with a basket. Printed: the page cache's hit ratio of that browsing, the orders
   placed, and the staleness check: right after each order, the product's page must show
   the stock that order left (a page showing the stock from before the order is stale).

It prints figures and never fails on a number. Needs ``wrk`` (Debian).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import secrets
import shutil
import signal
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.theme import (
    WRK_SCRIPT,
    collect_static,
    fetch,
    gunicorn,
    log,
    manage,
    prepare_database,
    server_env,
    services,
    wrk,
)

PRODUCT_URLS = 400
BUYERS = 40

SETUP_SCRIPT = """
import json, random
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model
from bench.search import grow_catalogue
from catalog.search.services import rebuild_index
from catalog.selectors import public_products
from marketplace.places.models import Commune

SIZE = {size}
grow_catalogue(SIZE)
rebuild_index()
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")
on_sale = list(public_products().filter(stockrecords__num_in_stock__gt=0).order_by("pk")
               .values_list("pk", flat=True).distinct())
rng = random.Random(7)
chosen = rng.sample(on_sale, min({product_urls}, len(on_sale)))
# Enough stock that the run sells without selling out: every order changes a stock line.
StockRecord.objects.filter(product_id__in=chosen).update(num_in_stock=10000, num_allocated=0)
products = [[p.pk, p.get_absolute_url()] for p in public_products().filter(pk__in=chosen)]
product = public_products().filter(images__isnull=False).order_by("pk").first()
category = Category.objects.filter(is_public=True).order_by("depth", "pk").first()
place = Commune.objects.select_related("province").order_by("pk").first()


def session_for(user):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "marketplace.users.backends.PhoneOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


User = get_user_model()
buyer, _ = User.objects.get_or_create(
    email="bench-buyer@cholang.vn", defaults={{"first_name": "Lan", "phone": "+84912999888"}})
basket = get_model("basket", "Basket").objects.create(owner=buyer)
basket.strategy = Selector().strategy(user=buyer)
basket.add_product(product, 2)
buyers = []
for n in range({buyers}):
    phone = f"+8491300{{n:04d}}"
    user, _ = User.objects.get_or_create(
        email=f"bench-order-{{n}}@cholang.vn",
        defaults={{"first_name": "Chúc", "last_name": "Nguyễn Thị", "phone": phone}})
    user.phone = phone
    user.phone_verified_at = timezone.now()
    user.save()
    buyers.append({{"cookie": session_for(user), "phone": "0" + phone[3:]}})
print(json.dumps({{
    "product": product.get_absolute_url(),
    "catalogue": reverse("catalogue:index"),
    "category": category.get_absolute_url(),
    "basket": reverse("basket:summary"),
    "search": reverse("search:search") + "?q=mat+ong",
    "products": products,
    "buyer_cookie": f"{{settings.SESSION_COOKIE_NAME}}={{session_for(buyer)}}",
    "buyers": buyers,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "address": {{"province": place.province_id, "commune": place.pk}},
}}))
"""

# Counts what the page cache said about each response, over all wrk threads.
HIT_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip"
local threads = {}
local paths = {PATHS}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; misses = 0; other = 0; errors5 = 0 end
request = function()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
response = function(status, headers, body)
  local state = headers["X-Page-Cache"]
  if status >= 500 then errors5 = errors5 + 1 end
  if state == "hit" then hits = hits + 1 elseif state == "miss" then misses = misses + 1
  else other = other + 1 end
end
done = function(summary, latency, requests)
  local h, m, o, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits"); m = m + t:get("misses"); o = o + t:get("other")
    e = e + t:get("errors5")
  end
  io.write(string.format("RESULT %d %d %.3f %.3f %d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, e))
  io.write(string.format("CACHE %d %d %d\\n", h, m, o))
end
"""
AVAILABILITY = re.compile(r'class="[^"]*\bavailability\b[^"]*">([^<]*)<')
NUMBER = re.compile(r"\d[\d.]*")


@contextlib.contextmanager
def search_engine():
    """An OpenSearch node for the run (PostgreSQL and Redis: ``bench.theme.services``)."""
    from tests.services.search import SearchServer

    search = SearchServer()
    try:
        started = time.monotonic()
        search.start()
        log(f"search engine green in {time.monotonic() - started:.1f} s")
        yield search
    finally:
        search.stop()


class Shopper:
    """A signed-in buyer placing cash-on-delivery orders through the site's checkout."""

    def __init__(self, base: str, buyer: dict, session_cookie: str, address: dict):
        self.base, self.buyer, self.address = base, buyer, address
        self.csrf = secrets.token_hex(16)  # a CSRF secret of our own, sent as cookie and header
        self.cookies = f"{session_cookie}={buyer['cookie']}; csrftoken={self.csrf}"
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def _send(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Cookie", self.cookies)
        if body is not None:
            request.add_header("X-CSRFToken", self.csrf)
        try:
            with self.opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def buy(self, product_id: int) -> bool:
        status, location, _ = self._send(f"/basket/add/{product_id}/", {"quantity": 1})
        if status != 302:
            return False
        address = {
            "last_name": "Nguyễn Thị",
            "first_name": "Chúc",
            "phone_number": self.buyer["phone"],
            "province": self.address["province"],
            "commune": self.address["commune"],
            "line1": "Thôn Tân Lập",
            "line2": "",
            "notes": "",
        }
        status, _, _ = self._send("/checkout/shipping-address/", address)
        if status != 302:
            return False
        status, location, _ = self._send(
            "/checkout/preview/", {"action": "place_order", "method": "cod"}
        )
        return status == 302 and "thank-you" in location


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def stock_shown(base: str, url: str) -> int | None:
    """The number of units a visitor with no cookies sees on the product page."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(base + url, timeout=30) as response:
        found = AVAILABILITY.search(response.read().decode())
    if not found:
        return None
    number = NUMBER.search(found.group(1))
    return int(number.group().replace(".", "")) if number else 0


def order_stream(base: str, targets: dict, rate: float, stop: threading.Event, tally: dict):
    """Orders at ``rate`` per second, each followed by the staleness check of its product."""
    import random

    rng = random.Random(3)
    lock = threading.Lock()
    busy: set[int] = set()
    shoppers = [
        Shopper(base, buyer, targets["session_cookie"], targets["address"])
        for buyer in targets["buyers"]
    ]

    def one(shopper: Shopper, product_id: int, url: str) -> None:
        try:
            before = stock_shown(base, url)
            placed = shopper.buy(product_id)
            after = stock_shown(base, url) if placed else None
        except OSError:
            placed, before, after = False, None, None
        with lock:
            busy.discard(product_id)
            tally["orders" if placed else "failed"] += 1
            if placed and before is not None and after is not None:
                tally["checked"] += 1
                if after != before - 1:
                    tally["stale"] += 1

    threads = []
    started = time.monotonic()
    n = 0
    while not stop.is_set():
        due = started + n / rate
        if time.monotonic() < due:
            time.sleep(min(0.05, due - time.monotonic()))
            continue
        product_id, url = rng.choice(targets["products"])
        with lock:
            if product_id in busy:  # two orders of one product at once: no clean check
                continue
            busy.add(product_id)
        shopper = shoppers[n % len(shoppers)]
        thread = threading.Thread(target=one, args=(shopper, product_id, url), daemon=True)
        thread.start()
        threads.append(thread)
        n += 1
    for thread in threads:
        thread.join(timeout=60)
    tally["seconds"] = time.monotonic() - started


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # runs every `finally`, so no server is left behind


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per target")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--orders-per-second", type=float, default=5)
    parser.add_argument("--orders-seconds", type=int, default=40)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("missing wrk: apt-get install wrk")
        return 1
    with services() as (bindir, database, redis, root), search_engine() as search:
        env = server_env(prepare_database(bindir, database), redis.url, root / "media")
        env |= {
            "ELASTICSEARCH_URL": search.url,
            "ELASTICSEARCH_INDEX_PREFIX": "bench",
            # The e-mails and texts of the orders stay in memory (not printed by the server).
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SMS_BACKEND": "marketplace.notifications.sms.MemoryBackend",
        }
        log("migrating")
        manage(env, "migrate", "--noinput", "-v", "0")
        log("loading the demo data")
        manage(env, "load_demo", capture=True)
        log(f"growing the catalogue to {args.products:,} products and indexing them")
        started = time.monotonic()
        script = SETUP_SCRIPT.format(size=args.products, product_urls=PRODUCT_URLS, buyers=BUYERS)
        output = manage(env, "shell", "-c", script, capture=True)
        targets = json.loads(next(row for row in output.splitlines() if row.startswith("{")))
        log(f"catalogue ready in {time.monotonic() - started:.0f} s")
        collect_static(env)
        plain = root / "p95.lua"
        plain.write_text(WRK_SCRIPT)
        buyer = root / "buyer.lua"
        buyer.write_text(WRK_SCRIPT + f'wrk.headers["Cookie"] = "{targets["buyer_cookie"]}"\n')
        with gunicorn(env, "ours") as ours, gunicorn(env, "stock") as stock:
            urls = {
                "buyer+basket product": (ours + targets["product"], buyer),
                "buyer+basket catalogue": (ours + targets["catalogue"], buyer),
                "buyer+basket category": (ours + targets["category"], buyer),
                "buyer+basket basket": (ours + targets["basket"], buyer),
                "buyer+basket search 'mat ong'": (ours + targets["search"], buyer),
                "anonymous product": (ours + targets["product"], plain),
                "trivial view": (ours + "/bench/trivial", plain),
                "stock Oscar product (no cache)": (stock + targets["product"], plain),
            }
            load = measure(urls, args)
            orders = under_orders(ours, targets, args, root)
    report(load, orders, args)
    return 0


def measure(urls: dict, args) -> dict:
    runs = {name: [] for name in urls}
    seconds = max(1, round(args.seconds / args.rounds))
    for round_number in range(1, args.rounds + 1):
        for name, (url, script) in urls.items():
            log(f"wrk {name} ({seconds} s, round {round_number}/{args.rounds})")
            runs[name].append(wrk(url, seconds, args.connections, script))
    return {
        name: {k: statistics.median(r[k] for r in results) for k in ("rps", "p50", "p95", "errors")}
        for name, results in runs.items()
    }


def under_orders(base: str, targets: dict, args, root: Path) -> dict:
    """Browse as the buyer with a basket while orders come in; the cache's hit ratio."""
    paths = [url for _, url in targets["products"]]
    paths += [targets["catalogue"], targets["catalogue"] + "?page=2", targets["category"]]
    paths += [targets["catalogue"] + "?sort=price-asc", targets["catalogue"] + "?page=3"]
    lua = "{" + ",".join(json.dumps(p) for p in paths) + "}"
    script = root / "orders.lua"
    script.write_text(
        HIT_SCRIPT.replace("{PATHS}", lua)
        + f'wrk.headers["Cookie"] = "{targets["buyer_cookie"]}"\n'
    )
    for path in paths:  # every page in the cache before the clock starts
        fetch(base + path)
    log("browsing with no orders")
    quiet = wrk(base + "/", args.orders_seconds // 2, args.connections, script, warm_up=False)
    tally = {"orders": 0, "failed": 0, "checked": 0, "stale": 0, "seconds": 0.0}
    stop = threading.Event()
    log(f"browsing while {args.orders_per_second:g} orders/s come in")
    stream = threading.Thread(
        target=order_stream, args=(base, targets, args.orders_per_second, stop, tally)
    )
    stream.start()
    try:
        busy = wrk(base + "/", args.orders_seconds, args.connections, script, warm_up=False)
    finally:
        stop.set()
        stream.join()
    return {"quiet": quiet, "orders": busy, "tally": tally}


def report(load: dict, orders: dict, args) -> None:
    print(
        f"{args.products:,} products; gunicorn 2 sync workers, production settings (DEBUG off), "
        f"PostgreSQL + Redis + OpenSearch on 127.0.0.1; wrk -t2 -c{args.connections}, gzip, "
        f"median of {args.rounds} interleaved rounds of "
        f"{max(1, round(args.seconds / args.rounds))} s"
    )
    print(f"{'target':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, row in load.items():
        print(
            f"{name:34} {row['rps']:>9.1f} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['errors']:>7.0f}"
        )
    trivial = load["trivial view"]["rps"]
    stock = load["stock Oscar product (no cache)"]["rps"]
    print(
        f"anonymous product: {100 * load['anonymous product']['rps'] / trivial:.0f}% of the "
        f"trivial view; buyer+basket product: {load['buyer+basket product']['rps'] / stock:.1f}x "
        "the stock Oscar render"
    )
    print("Browsing product and catalogue pages as the buyer with a basket:")
    print(
        f"{'phase':26} {'req/s':>8} {'p95 ms':>8} {'5xx':>5} {'hits':>7} {'misses':>7} {'hit %':>6}"
    )
    for phase in ("quiet", "orders"):
        row = orders[phase]
        hits, misses, other = row["counts"]
        total = hits + misses + other
        label = "no orders" if phase == "quiet" else f"{args.orders_per_second:g} orders/s"
        print(
            f"{label:26} {row['rps']:>8.1f} {row['p95']:>8.1f} {row['errors']:>5} {hits:>7} "
            f"{misses:>7} {100 * hits / max(1, total):>6.1f}"
        )
    tally = orders["tally"]
    rate = tally["orders"] / max(1.0, tally["seconds"])
    print(
        f"orders placed: {tally['orders']} ({rate:.1f}/s), not placed: {tally['failed']}; "
        f"product page checked right after the order: {tally['checked']}, "
        f"showing the stock from before it: {tally['stale']}"
    )


if __name__ == "__main__":
    sys.exit(main())
