"""Theme benchmark: throughput of anonymous pages and Lighthouse scores, in one run.

    python -m bench.theme [--seconds 15] [--rounds 3] [--connections 8] [--lighthouse-runs 3]

Starts its own PostgreSQL (the test bed's) and Redis on 127.0.0.1, fills a database with
the demo data (``manage.py load_demo``), collects the static files as production does
(fingerprinted, gzip and brotli copies) and then, on the same data and server settings
(gunicorn, 2 sync workers, production settings with DEBUG off; ``bench/theme_settings.py``):

1. ``wrk`` against the anonymous product and catalogue pages of our site (theme and page
   cache), of the same views rendered with stock django-oscar templates and no page
   cache, and against a trivial view returning a fixed string (and the product page for
   visitors each carrying their own recently-viewed cookie), and the product and
   catalogue pages for a signed-in buyer with a basket, on the shared pages and on a third
   server with ``PAGE_CACHE_SHARED`` off (their pages rendered for them, as before):
   requests/s and p95 latency, the median of interleaved rounds (the servers run side by
   side, only one is loaded at a time) so that other load on the machine weighs on every
   target alike.
2. Lighthouse 12 (``node_modules``, mobile preset, Debian's Chromium) on our home,
   product and search pages: the median of the runs for performance and accessibility.

It prints figures and never fails on a number. Needs ``wrk`` (Debian) and ``npm ci``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
STATIC_ROOT = ROOT / "var" / "bench" / "static"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
WORKERS = 2
# wrk prints only fixed percentiles; this reports p50/p95 and the error count.
WRK_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""

# Every request as a visitor who viewed other products before: a recently-viewed cookie of
# their own (the page cache must serve them the shared copy).
HISTORY_SCRIPT = (
    WRK_SCRIPT
    + """
request = function()
  wrk.headers["Cookie"] = string.format("oscar_history=[%d,%d]", math.random(1, 1000000),
    math.random(1, 1000000))
  return wrk.format()
end
"""
)


def log(message: str) -> None:
    print(f"[bench.theme] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def services():
    """PostgreSQL and Redis for the run, stopped whatever happens."""
    from tests.services.redis import RedisServer
    from tests.testbed.__main__ import make_root
    from tests.testbed.postgres import PostgresServer, ensure_bindir

    root = make_root()
    bindir = ensure_bindir()
    database = PostgresServer(bindir, root)
    redis = RedisServer()
    try:
        database.start()
        redis.start()
        yield bindir, database, redis, root
    finally:
        redis.stop()
        database.stop()
        shutil.rmtree(root, ignore_errors=True)


def prepare_database(bindir: Path, database) -> str:
    """URL of a migrated database: the test bed's dump when it matches, else migrate."""
    from tests.testbed import snapshot

    path = snapshot.snapshot_path()
    if path is not None and path.exists():
        snapshot.restore(path, bindir, database.url, "bench")
        log(f"migrated database restored from {path.name}")
        return database.url.rpartition("/")[0] + "/bench"
    return database.url


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def static_sources_key() -> str:
    """Changes when any of the project's static files (or the dependency lock) changes."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in {".venv", ".git", "node_modules", "var"})
        if "/static" in folder[len(str(ROOT)) :]:
            for name in sorted(names):
                path = Path(folder) / name
                digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def collect_static(env: dict) -> None:
    """collectstatic as production runs it; skipped when nothing changed since last run."""
    stamp = STATIC_ROOT / ".bench-sources"
    key = static_sources_key()
    if stamp.exists() and stamp.read_text() == key:
        log(f"static files in {STATIC_ROOT.relative_to(ROOT)} are up to date")
        return
    log(f"collecting static files into {STATIC_ROOT.relative_to(ROOT)} (a few minutes)")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    stamp.write_text(key)


TARGETS_SCRIPT = """
import json
from django.urls import reverse
from catalog.selectors import public_products
product = public_products().filter(images__isnull=False).order_by("pk").first()
# A signed-in buyer with two items in the basket: the session cookie wrk sends.
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model
buyer, _ = get_user_model().objects.get_or_create(
    email="bench-buyer@cholang.vn", defaults={"first_name": "Lan", "phone": "+84912999888"})
basket = get_model("basket", "Basket").objects.create(owner=buyer)
basket.strategy = Selector().strategy(user=buyer)
basket.add_product(product, 2)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(buyer.pk)
session[BACKEND_SESSION_KEY] = "marketplace.users.backends.PhoneOrEmailBackend"
session[HASH_SESSION_KEY] = buyer.get_session_auth_hash()
session.create()
print(json.dumps({"product": product.get_absolute_url(), "catalogue": reverse("catalogue:index"),
    "search": reverse("search:search") + "?q=ch%C3%A8", "home": "/",
    "buyer_cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}))
"""


def server_env(database_url: str, redis_url: str, media: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.theme_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Tasks (search indexing of the demo data) run inline, as in the embedded setup.
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "CELERY_BROKER_URL": "memory://",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(STATIC_ROOT),
        "MEDIA_ROOT": str(media),
        # The run's own private files: its consistency check never meets another's.
        "PRIVATE_MEDIA_ROOT": str(media.parent / "private"),
        # Loopback load test: per-address limits would answer 429 after a few requests.
        "RATE_LIMITS_ENABLED": "false",
        "NO_PROXY": "127.0.0.1,localhost",
    }


@contextlib.contextmanager
def gunicorn(env: dict, variant: str):
    from tests.services.ports import free_port

    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "marketplace.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env={**env, "BENCH_VARIANT": variant},
        cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if fetch(f"{base}/healthz") == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"gunicorn ({variant}) did not start")
            time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(url: str, headers: dict | None = None) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers=headers or {})
    with opener.open(request, timeout=30) as response:
        response.read()
        return response.status


def cache_state(url: str) -> str:
    """What the page cache said about a cookie-less request (hit, miss or nothing)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        response.read()
        return response.headers.get("X-Page-Cache") or "not cached"


def wrk(url: str, seconds: int, connections: int, script: Path, warm_up: bool = True) -> dict:
    """Requests/s, p50/p95 ms and errors of one wrk run; ``counts`` too when the script
    prints a ``CACHE hits misses other`` line (page cache answers)."""
    for _ in range(20 if warm_up else 0):  # warm up: templates, connections, the page cache
        fetch(url)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = {row.split()[0]: row.split()[1:] for row in output.splitlines() if row[:1].isupper()}
    requests, duration_us, p50, p95, errors = rows["RESULT"]
    result = {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
        "errors": int(errors),
    }
    if "CACHE" in rows:
        result["counts"] = tuple(int(n) for n in rows["CACHE"])
    return result


def measure_load(urls: dict, args, script: Path, scripts: dict | None = None) -> dict:
    """Median requests/s and latencies of ``args.rounds`` interleaved wrk runs per target.

    ``scripts`` names another wrk script for some targets (else ``script``).
    """
    scripts = scripts or {}
    runs = {target: [] for target in urls}
    seconds = max(1, round(args.seconds / args.rounds))
    for round_number in range(1, args.rounds + 1):
        for target, url in urls.items():
            log(f"wrk {' '.join(target)} ({seconds} s, round {round_number}/{args.rounds})")
            runs[target].append(wrk(url, seconds, args.connections, scripts.get(target, script)))
    load = {}
    for target, results in runs.items():
        load[target] = {
            key: statistics.median(r[key] for r in results)
            for key in ("rps", "p50", "p95", "errors")
        }
        load[target]["cache"] = cache_state(urls[target])
    return load


def lighthouse(url: str, runs: int, folder: Path) -> dict:
    scores = {"performance": [], "accessibility": [], "lcp_ms": [], "bytes": []}
    failures = 0
    for run in range(runs + 2):  # a Chromium that crashes under load gets two retries
        if len(scores["performance"]) == runs:
            break
        report = folder / f"lh-{run}.json"
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility",
             "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage"],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
        )  # fmt: skip
        if result.returncode != 0 or not report.exists():
            failures += 1
            log(f"lighthouse run failed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        data = json.loads(report.read_text())
        scores["performance"].append(data["categories"]["performance"]["score"] * 100)
        scores["accessibility"].append(data["categories"]["accessibility"]["score"] * 100)
        scores["lcp_ms"].append(data["audits"]["largest-contentful-paint"]["numericValue"])
        scores["bytes"].append(data["audits"]["total-byte-weight"]["numericValue"])
    medians = {key: statistics.median(v) if v else float("nan") for key, v in scores.items()}
    medians["runs"] = len(scores["performance"])
    medians["failed"] = failures
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="wrk time per target")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    args = parser.parse_args()
    for program in ("wrk", CHROMIUM, str(LIGHTHOUSE)):
        if not shutil.which(program):
            print(f"missing {program}: apt-get install wrk chromium; npm ci")
            return 1

    with services() as (bindir, database, redis, root):
        env = server_env(prepare_database(bindir, database), redis.url, root / "media")
        log("migrating")
        manage(env, "migrate", "--noinput", "-v", "0")
        log("loading the demo data")
        manage(env, "load_demo", capture=True)
        collect_static(env)
        output = manage(env, "shell", "-c", TARGETS_SCRIPT, capture=True)
        targets = json.loads(next(row for row in output.splitlines() if row.startswith("{")))
        script = root / "p95.lua"
        script.write_text(WRK_SCRIPT)
        buyer = root / "buyer.lua"
        buyer.write_text(WRK_SCRIPT + f'wrk.headers["Cookie"] = "{targets["buyer_cookie"]}"\n')
        private_env = {**env, "PAGE_CACHE_SHARED": "false"}  # as before the shared pages
        with (
            gunicorn(env, "ours") as ours,
            gunicorn(env, "stock") as stock,
            gunicorn(private_env, "ours") as private,
        ):
            # Interleaved rounds: the machine's other load falls on every target alike.
            urls = {
                ("ours", "product"): ours + targets["product"],
                ("ours", "catalogue"): ours + targets["catalogue"],
                ("ours", "product, own history"): ours + targets["product"],
                ("ours", "trivial"): ours + "/bench/trivial",
                ("stock", "product"): stock + targets["product"],
                ("stock", "catalogue"): stock + targets["catalogue"],
                ("ours", "product, buyer+basket"): ours + targets["product"],
                ("ours", "catalogue, buyer+basket"): ours + targets["catalogue"],
                ("unshared", "product, buyer+basket"): private + targets["product"],
                ("unshared", "catalogue, buyer+basket"): private + targets["catalogue"],
            }
            as_buyer = {t: buyer for t in urls if t[1].endswith("buyer+basket")}
            history = root / "history.lua"
            history.write_text(HISTORY_SCRIPT)
            load = measure_load(
                urls, args, script, {("ours", "product, own history"): history, **as_buyer}
            )
            scores = {}
            for name in ("home", "product", "search") if args.lighthouse_runs else ():
                log(f"lighthouse {name} x{args.lighthouse_runs}")
                with tempfile.TemporaryDirectory(dir=root) as folder:
                    scores[name] = lighthouse(
                        ours + targets[name], args.lighthouse_runs, Path(folder)
                    )
    report(load, scores, args)
    return 0


def report(load: dict, scores: dict, args) -> None:
    print(
        f"gunicorn {WORKERS} sync workers, production settings (DEBUG off), PostgreSQL + Redis "
        f"on 127.0.0.1, demo data; wrk -t2 -c{args.connections}, gzip, median of "
        f"{args.rounds} interleaved rounds of {max(1, round(args.seconds / args.rounds))} s"
    )
    print(f"{'target':34} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  page cache")
    for (variant, name), row in load.items():
        print(
            f"{variant + ' ' + name:34} {row['rps']:>9.1f} {row['p50']:>8.1f} "
            f"{row['p95']:>8.1f} {row['errors']:>7.0f}  {row['cache']}"
        )
    trivial = load[("ours", "trivial")]["rps"]
    for name in ("product", "catalogue"):
        ours, stock = load[("ours", name)]["rps"], load[("stock", name)]["rps"]
        print(
            f"{name}: {ours / stock:.1f}x stock Oscar (target >= 5x), "
            f"{100 * ours / trivial:.0f}% of the trivial view (target >= 50%)"
        )
    for name in ("product", "catalogue"):
        shared = load[("ours", f"{name}, buyer+basket")]["rps"]
        unshared = load[("unshared", f"{name}, buyer+basket")]["rps"]
        print(
            f"{name}, signed-in buyer with a basket: {shared / unshared:.1f}x the page rendered "
            "for them (PAGE_CACHE_SHARED off)"
        )
    if scores:
        print(f"Lighthouse 12 mobile, median of {args.lighthouse_runs} runs:")
        print(f"{'page':10} {'perf':>5} {'a11y':>5} {'LCP ms':>7} {'KB':>6} {'runs':>5}")
        for name, row in scores.items():
            print(
                f"{name:10} {row['performance']:>5.0f} {row['accessibility']:>5.0f} "
                f"{row['lcp_ms']:>7.0f} {row['bytes'] / 1024:>6.1f} {row['runs']:>5}"
                + (f" ({row['failed']} crashed, retried)" if row["failed"] else "")
            )


if __name__ == "__main__":
    sys.exit(main())
