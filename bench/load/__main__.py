"""Load run: 200 shoppers for 5 minutes against gunicorn + PostgreSQL + Redis + OpenSearch.

    python -m bench.load [--users 200] [--minutes 5] [--products 2000] [--workers 2]
                         [--threads 10] [--processes 2] [--think 3-8] [--no-worker]

Everything runs on 127.0.0.1 and is stopped at the end, whatever happens: a throw-away
PostgreSQL (the test bed's), Redis, an OpenSearch node, gunicorn serving the site with the
production settings (DEBUG off, page cache and sessions in Redis; the same server
settings as ``bench.theme``), a Celery worker taking the tasks pages queue (notifications,
search index updates), as in production (``--no-worker``: tasks run inside the page that
queued them), and locust (headless, in ``--processes`` independent processes, the users
shared between them) with the scenario in ``locustfile.py``.

Before the shoppers come, the machine settles as it would before a site takes traffic
after a bulk import: the database is vacuumed and analysed and checkpointed, the index
refreshed, and the run waits (a minute and a half at most) until the machine is quiet, so
the figures are not those of the import's after-work. The shoppers then arrive at
``--spawn-rate`` per second; every figure (requests, rates, latencies, page cache, CPU
time) is counted from the moment all of them are shopping, for ``--minutes``: the run
measures ``--users`` shoppers at once, not the ramp up to them. The run stops itself
after the ramp and ``--minutes``; a hard timeout kills it if it does not.

Prints requests, failures and p50/p95 per endpoint, the CPU time the load generator, the
site, the task worker, PostgreSQL, Redis and OpenSearch each used, and how much stayed idle
(the generator shares the machine's CPUs with the site: its share says how much of the
machine the figures leave to the site), what the page cache answered for each endpoint,
the site's CPU time per request by kind of page (``gunicorn_hooks.py``), the database
connections opened and the statements PostgreSQL spent most time on
(``pg_stat_statements``, counted from the start of the load), then the oversell check (no stock
record allocates more than it holds; allocations equal the units of the orders placed)
and what ``manage.py audit_consistency`` finds (stock, ledger, payouts, reports, files).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Users finish the purchase they are in the middle of (so orders match what was counted).
STOP_TIMEOUT = 150
HARD_TIMEOUT_MARGIN = STOP_TIMEOUT + 120


STATEMENT_STATS_CONFIG = (
    "shared_preload_libraries = 'pg_stat_statements'\n"
    "pg_stat_statements.track = top\n"
    "pg_stat_statements.max = 2000\n"
)
TOP_STATEMENTS = 12
# The machine counts as quiet, ready for the run, when its CPUs are this busy at most.
QUIET_PERCENT = 15
SETTLE_SECONDS = 90


def log(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # runs every `finally`, so no server is left behind


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--products", type=int, default=2000, help="catalogue size")
    # Two processes of ten threads served the most shoppers with the shortest waits on two
    # CPUs (6 and 16 threads: fewer requests, longer waits; three processes of four, two
    # of eight once, at an earlier state of the site: fewer too). Most of a request's time
    # is spent waiting for the database, the cache or the search server: a waiting thread
    # leaves the CPU to the others. The container's default too (docker/gunicorn.conf.py).
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=10, help="threads per gunicorn process")
    parser.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="no Celery worker: tasks run inside the request that queued them",
    )
    parser.add_argument(
        "--processes", type=int, default=2, help="locust processes generating the load"
    )
    parser.add_argument(
        "--think",
        default="3-8",
        help="seconds a shopper reads a page before the next click, as min-max",
    )
    return parser.parse_args()


def site_env(database_url: str, search_url: str, redis_url: str, media: Path) -> dict[str, str]:
    """The site's environment: production settings on loopback with real services."""
    from bench.theme import server_env

    return {
        **server_env(database_url, redis_url, media),
        "ELASTICSEARCH_URL": search_url,
        "ELASTICSEARCH_INDEX_PREFIX": "load",
        # Per-address limits stay on: each simulated shopper has an address of its own,
        # passed on by the reverse proxy the site runs behind in production.
        "RATE_LIMITS_ENABLED": "true",
        "SECURITY_PROXY_HOPS": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def sms_env(sms_port: int) -> dict[str, str]:
    """The site texts its one-time codes to the load generator's SMS gateway."""
    return {
        "SMS_BACKEND": "marketplace.notifications.sms.HttpBackend",
        "SMS_HTTP_URL": f"http://127.0.0.1:{sms_port}/sms",
        "SMS_HTTP_TOKEN": "load-run",
    }


def start_services(stack: ExitStack):
    from tests.services.redis import RedisServer
    from tests.services.search import SearchServer
    from tests.testbed import snapshot
    from tests.testbed.__main__ import make_root
    from tests.testbed.postgres import PostgresServer, ensure_bindir

    root = make_root()
    stack.callback(shutil.rmtree, root, ignore_errors=True)
    bindir = ensure_bindir()
    # Which statements the database spends its time on (printed after the run).
    database = PostgresServer(bindir, root, extra_config=STATEMENT_STATS_CONFIG)
    stack.callback(database.stop)
    database.start()
    search = SearchServer()
    stack.callback(search.stop)
    search.start()
    redis = RedisServer()
    stack.callback(redis.stop)
    redis.start()
    url = database.url
    dump = snapshot.snapshot_path()
    if dump and dump.exists():
        # The test bed's dump of a freshly migrated database saves ≈40 s of migrations.
        snapshot.restore(dump, bindir, database.url, "load")
        url = database.url.rpartition("/")[0] + "/load"
    return root, database, search, redis, url


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def start_gunicorn(stack: ExitStack, env: dict, args, root: Path) -> tuple[str, int]:
    from tests.services.base import http_answers, kill_group
    from tests.services.ports import free_port

    port = free_port()
    log_file = open(root / "gunicorn.log", "wb")  # noqa: SIM115 (closed by the stack)
    stack.callback(log_file.close)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--timeout", "60", "--keep-alive", "30",
         "--no-control-socket", "-c", str(Path(__file__).with_name("gunicorn_hooks.py"))],
        cwd=ROOT, env=env | {"LOAD_CPU_DIR": str(cpu_dir(root))}, stdout=log_file,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    stack.callback(kill_group, process.pid, 10, process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a busy machine boots workers slowly
    while not http_answers(url + "/healthz", timeout=2):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("gunicorn did not start:\n" + (root / "gunicorn.log").read_text())
        time.sleep(0.3)
    return url, process.pid


def cpu_dir(root: Path) -> Path:
    """Where the site's workers write their CPU time per kind of page (``gunicorn_hooks``)."""
    folder = root / "cpu"
    folder.mkdir(exist_ok=True)
    return folder


def cpu_by_kind(root: Path, url: str | None = None) -> dict[str, list[float]]:
    """Requests and CPU seconds per kind of page, over the site's workers so far; with
    ``url``, after asking for a few pages so every worker writes what it has."""
    if url is not None:
        from tests.services.base import http_answers

        time.sleep(2.5)  # workers write at most every 2 s
        for _ in range(20):
            http_answers(url + "/healthz", timeout=2)
        time.sleep(0.5)
    totals: dict[str, list[float]] = {}
    for path in cpu_dir(root).glob("cpu-*.json"):
        for name, (count, seconds) in json.loads(path.read_text()).items():
            total = totals.setdefault(name, [0, 0.0])
            total[0] += count
            total[1] += seconds
    return totals


def print_cpu_by_kind(before: dict, after: dict, site_seconds: float) -> None:
    """The site's CPU time per request, by kind of page (the threads' own CPU time)."""
    rows, collections = [], []
    for name, (count, seconds) in after.items():
        count -= before.get(name, [0, 0.0])[0]
        seconds -= before.get(name, [0, 0.0])[1]
        if count > 0:
            (collections if name.startswith("gc ") else rows).append((seconds, name, count))
    if not rows:
        return
    print(
        "\nSite CPU by kind of page (each request's thread CPU time; the rest of the "
        f"site's {site_seconds:.0f} s is the server's own work and waiting threads):"
    )
    print(f"  {'page':34} {'requests':>9} {'CPU ms each':>12} {'CPU s':>7} {'share':>6}")
    for seconds, name, count in sorted(rows, reverse=True):
        print(
            f"  {name:34} {count:>9} {1000 * seconds / count:>12.1f} {seconds:>7.1f} "
            f"{100 * seconds / site_seconds:>5.0f}%"
        )
    if collections:
        # Inside the requests' CPU above; while a pass runs, the whole process waits.
        print("  garbage collection (in the times above; each pass stops its process):")
        for seconds, name, count in sorted(collections, key=lambda row: row[1]):
            print(
                f"    {name:32} {count:>9} {1000 * seconds / count:>12.1f} {seconds:>7.1f} "
                f"{100 * seconds / site_seconds:>5.0f}%"
            )


def start_worker(stack: ExitStack, env: dict, root: Path) -> int:
    """A Celery worker on the run's Redis, as ``docker compose`` runs one."""
    from tests.services.base import kill_group

    log_file = open(root / "worker.log", "wb")  # noqa: SIM115 (closed by the stack)
    stack.callback(log_file.close)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--loglevel", "WARNING",
         "--pool", "threads", "--concurrency", "4", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    stack.callback(kill_group, process.pid, 10, process)
    time.sleep(3)
    if process.poll() is not None:
        raise SystemExit("the Celery worker did not start:\n" + (root / "worker.log").read_text())
    return process.pid


def drop_setup_tasks(redis_url: str) -> int:
    """Drop the index work that loading the data queued: ``plan.prepare`` rebuilt the
    search rows and the index from the database afterwards, so it is already done, and
    left queued the worker would redo it during the run (every product of every seller
    the demo loader saved). How many tasks were dropped."""
    import redis

    from catalog.search.models import PendingIndex

    client = redis.Redis.from_url(redis_url)
    queued = client.llen("celery")
    client.delete("celery")
    PendingIndex.objects.all().delete()
    return queued


def drain_tasks(redis_url: str, seconds: float = 120) -> int:
    """Wait until the worker has taken every queued task; how many were left, if any."""
    import redis

    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + seconds
    while (left := client.llen("celery")) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # the last ones taken finish
    return left


def settle(database, name: str, search_url: str) -> float:
    """Leave the machine as a site finds it before it takes traffic after a bulk import:
    the tables vacuumed and analysed (else autovacuum does it during the run), the
    database checkpointed, the index refreshed; then wait until the CPUs are quiet. How
    busy they were, in percent, when the wait ended."""
    import urllib.request

    import psutil

    database.superuser_sql(name, "VACUUM (ANALYZE);\nCHECKPOINT;", timeout=600)
    refresh = urllib.request.Request(search_url + "/_refresh", method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    opener.open(refresh, timeout=60).close()
    deadline = time.monotonic() + SETTLE_SECONDS
    busy = psutil.cpu_percent(interval=3)
    while busy > QUIET_PERCENT and time.monotonic() < deadline:
        busy = psutil.cpu_percent(interval=3)
    return busy


def ramp_seconds(args) -> int:
    """How long the shoppers take to arrive, all of them, at ``--spawn-rate`` per second."""
    return math.ceil(args.users / args.spawn_rate)


def run_locust(
    stack: ExitStack, env: dict, args, url: str, root: Path, on_ramped
) -> tuple[list[Path], float]:
    """Run the shoppers in ``--processes`` independent locust processes, each with its
    share of the users; the prefixes of their result files and the processes' CPU time
    from when every shopper has arrived (``on_ramped`` is called then).

    Each process counts its figures from the moment its users are all spawned
    (``--reset-stats``) and runs ``--minutes`` after that.

    Independent processes rather than locust's master and workers: nothing to coordinate,
    so a process starved of CPU for a while cannot stop the others (a worker quits when it
    misses its master's heartbeats for a minute), and each one's latency histogram is
    merged exactly afterwards (``merged_rows``).
    """
    from tests.services.base import kill_group

    ramp = ramp_seconds(args)
    seconds = int(args.minutes * 60) + ramp
    shares = [args.users // args.processes + (i < args.users % args.processes)
              for i in range(args.processes)]  # fmt: skip
    processes, prefixes = [], []
    for number, users in enumerate(shares):
        if not users:
            continue
        prefix = root / f"locust{number}"
        process = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
             "--headless", "--host", url, "--users", str(users),
             "--spawn-rate", str(args.spawn_rate * users / args.users),
             "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT),
             "--reset-stats", "--csv", str(prefix), "--json-file", str(prefix), "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "LOAD_PROCESS": str(number),
                           "LOAD_CACHE_FILE": f"{prefix}_cache.json",
                           "LOAD_ORDERS_FILE": f"{prefix}_orders.json"}, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=open(f"{prefix}.log", "wb"),  # noqa: SIM115
        )  # fmt: skip
        stack.callback(kill_group, process.pid, 10, process)
        processes.append(process)
        prefixes.append(prefix)
    # Their CPU time is read while they run (they are not reaped into our own usage).
    used: dict[int, float] = {}
    started = time.monotonic()
    deadline = started + seconds + HARD_TIMEOUT_MARGIN
    ramped: dict[int, float] | None = None
    while any(process.poll() is None for process in processes):
        if time.monotonic() > deadline:
            log("locust overran its hard timeout; stopped")
            break
        for process in processes:
            used.update(tree_cpu_seconds(process.pid))
        if ramped is None and time.monotonic() - started >= ramp:
            ramped = dict(used)
            on_ramped()
        time.sleep(1)
    return prefixes, sum(used.values()) - sum((ramped or {}).values())


def percentile(histogram: dict[int, int], fraction: float) -> int:
    """The response time (ms, as locust rounds it) under which ``fraction`` of them fall."""
    total = sum(histogram.values())
    if not total:
        return 0
    seen = 0
    for ms in sorted(histogram):
        seen += histogram[ms]
        if seen >= fraction * total:
            return ms
    return max(histogram)


def _tally() -> dict:
    return {"requests": 0, "failures": 0, "times": Counter(), "start": None, "last": None}


def _add(tally: dict, requests, failures, times, start, last) -> None:
    tally["requests"] += requests
    tally["failures"] += failures
    tally["times"].update(times)
    tally["start"] = start if tally["start"] is None else min(tally["start"], start)
    if last is not None:
        tally["last"] = last if tally["last"] is None else max(tally["last"], last)


def merged_rows(prefixes: list[Path]) -> list[dict]:
    """Each endpoint's figures over every locust process: counts added, latency histograms
    merged (so the percentiles are those of all requests), rates over the whole run."""
    entries: dict[str, dict] = {}
    for prefix in prefixes:
        path = Path(f"{prefix}.json")
        for entry in json.loads(path.read_text()) if path.exists() else []:
            times = {int(float(ms)): n for ms, n in entry["response_times"].items()}
            _add(
                entries.setdefault(entry["name"], _tally()),
                entry["num_requests"],
                entry["num_failures"],
                times,
                entry["start_time"],
                entry["last_request_timestamp"],
            )
    total = _tally()
    for row in entries.values():
        _add(total, **row)
    seconds = (total["last"] or 0) - (total["start"] or 0)
    rows = [_as_row(name, entries[name], seconds) for name in sorted(entries)]
    return [*rows, _as_row("TOTAL", total, seconds)] if rows else []


def _as_row(name: str, row: dict, seconds: float) -> dict:
    """An endpoint's figures; its rate over the whole run (``seconds``)."""
    return {
        "name": name,
        "requests": row["requests"],
        "failures": row["failures"],
        "p50": percentile(row["times"], 0.50),
        "p95": percentile(row["times"], 0.95),
        "rate": row["requests"] / seconds if seconds > 0 else 0.0,
    }


def tree_cpu_seconds(pid: int, reaped: bool = False) -> dict[int, float]:
    """CPU time (user + system) of each live process in the tree under ``pid`` (with the
    children each has reaped, when ``reaped``)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    found = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        found[process.pid] = times.user + times.system
        if reaped:
            found[process.pid] += times.children_user + times.children_system
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children, alive ones included."""
    return sum(tree_cpu_seconds(pid, reaped=True).values())


def idle_seconds() -> float:
    """The machine's idle CPU time so far, all CPUs together."""
    import psutil

    return psutil.cpu_times().idle


def print_table(rows: list[dict]) -> dict:
    header = ("endpoint", "requests", "failures", "p50 ms", "p95 ms", "req/s")
    print("{:40} {:>9} {:>9} {:>8} {:>8} {:>7}".format(*header))
    for row in rows:
        print(
            f"{row['name']:40} {row['requests']:>9} {row['failures']:>9} "
            f"{row['p50']:>8} {row['p95']:>8} {row['rate']:>7.1f}"
        )
    return rows[-1] if rows else {}


def page_cache_counts(prefixes: list[Path]) -> dict[str, Counter]:
    """What the page cache answered for each endpoint's pages, over every locust process."""
    counts: dict[str, Counter] = {}
    for prefix in prefixes:
        path = Path(f"{prefix}_cache.json")
        found = json.loads(path.read_text()) if path.exists() else {}
        for name, answers in found.items():
            counts.setdefault(name, Counter()).update(answers)
    return counts


def print_page_cache(counts: dict[str, Counter]) -> None:
    """Served from the page cache ("hit"), rendered and kept ("miss"), or rendered for the
    visitor alone (a page of their own, a search asked once, a visitor with a session)."""
    if not counts:
        return
    print("\nPage cache, pages answered 200:")
    print(f"  {'endpoint':38} {'pages':>7} {'hit':>7} {'miss':>7} {'not kept':>9} {'hit %':>6}")
    for name in sorted(counts):
        answers = counts[name]
        pages = sum(answers.values())
        hits, misses = answers.get("hit", 0), answers.get("miss", 0)
        print(
            f"  {name:38} {pages:>7} {hits:>7} {misses:>7} {pages - hits - misses:>9} "
            f"{100 * hits / pages:>6.1f}"
        )


def orders_seen(prefixes: list[Path]) -> int:
    """The orders the shoppers saw placed over the whole run, ramp included (the request
    figures count only from when all had arrived), over every locust process."""
    paths = [Path(f"{prefix}_orders.json") for prefix in prefixes]
    return sum(json.loads(path.read_text()) for path in paths if path.exists())


def print_failures(prefixes: list[Path]) -> None:
    counted: dict[tuple[str, str, str], int] = {}
    for prefix in prefixes:
        path = Path(f"{prefix}_failures.csv")
        for row in csv.DictReader(path.open()) if path.exists() else []:
            key = (row["Method"], row["Name"], row["Error"][:160])
            counted[key] = counted.get(key, 0) + int(row["Occurrences"])
    if counted:
        print("\nFailures:")
    for (method, name, error), occurrences in counted.items():
        print(f"  {occurrences:>5} × {method} {name}: {error}")


def reset_statement_stats(database, name: str) -> int:
    """Statement statistics from zero; returns the connections opened so far."""
    database.superuser_sql(
        name,
        "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;\nSELECT pg_stat_statements_reset();",
    )
    return sessions_opened(database, name)


def sessions_opened(database, name: str) -> int:
    """Connections to the database since the server started (each is a new server process)."""
    found = database.superuser_sql(
        name, f"SELECT sessions FROM pg_stat_database WHERE datname = '{name}';"
    ).strip()
    return int(found or 0)


def print_statement_stats(database, name: str, sessions_before: int) -> None:
    """The statements PostgreSQL spent the most time on during the run, and the
    connections opened meanwhile (each costs the server a process and the site a login)."""
    rows = database.superuser_sql(
        name,
        "SELECT round(total_exec_time)::int, calls, round(mean_exec_time::numeric, 2), "
        "left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
        f"ORDER BY total_exec_time DESC LIMIT {TOP_STATEMENTS};",
    )
    total = database.superuser_sql(
        name, "SELECT round(sum(total_exec_time))::int, sum(calls) FROM pg_stat_statements;"
    ).strip()
    spent, calls = (total.split("|") + ["", ""])[:2]
    opened = sessions_opened(database, name) - sessions_before
    print(
        f"\nPostgreSQL: {opened} connections opened, {calls} statements, {spent} ms "
        "executing them; the most costly:"
    )
    print(f"  {'total ms':>9} {'calls':>8} {'mean ms':>8}  statement")
    for row in rows.strip().splitlines():
        ms, count, mean, query = row.split("|", 3)
        print(f"  {ms:>9} {count:>8} {mean:>8}  {query}")


def print_server_errors(path: Path, shown: int = 3) -> None:
    """The first few distinct tracebacks of the site's log."""
    blocks, current = [], None
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("Traceback"):
            current = [line]
            blocks.append(current)
        elif current is not None:
            current.append(line)
            if not line.startswith(" "):
                current = None
    timeouts = path.read_text(errors="replace").count("WORKER TIMEOUT")
    print(f"\nGunicorn workers killed for exceeding the 60 s timeout: {timeouts}")
    distinct = {block[-1]: block for block in blocks}
    print(f"\nServer log: {len(blocks)} tracebacks, {len(distinct)} distinct; the first:")
    for block in list(distinct.values())[:shown]:
        print("\n".join(block[-12:]))


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    args = parse_args()
    from tests.services.ports import free_port

    with ExitStack() as stack:
        log("starting PostgreSQL and the search server")
        root, database, search, redis, database_url = start_services(stack)
        sms_port = free_port()
        env = site_env(database_url, search.url, redis.url, root / "media")
        if args.worker:
            env |= {"CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_BROKER_URL": redis.url}
        log("migrating and loading the demo and a generated catalogue")
        setup_django(env)
        from bench.load import plan

        started = time.monotonic()
        steps = plan.prepare(catalogue_size=args.products)
        before = plan.snapshot()
        if args.worker:
            dropped = drop_setup_tasks(redis.url)
            log(f"{dropped} index tasks queued while loading dropped (the index was rebuilt)")
        log(f"data ready in {time.monotonic() - started:.0f} s")
        (root / "plan.json").write_text(json.dumps(steps))
        from django.db import connections

        connections.close_all()
        database_name = database_url.rpartition("/")[2]
        log("settling: database vacuumed, analysed and checkpointed, index refreshed")
        settled = time.monotonic()
        busy = settle(database, database_name, search.url)
        log(
            f"settled in {time.monotonic() - settled:.0f} s; machine {busy:.0f}% busy before "
            "the shoppers come"
        )
        env.update(sms_env(sms_port))
        from bench.load import sms

        gateway = sms.start(sms_port)
        stack.callback(gateway.shutdown)
        from bench.theme import collect_static

        collect_static(env)
        url, site_pid = start_gunicorn(stack, env, args, root)
        worker_pid = start_worker(stack, env, root) if args.worker else None
        log(
            f"{args.users} users for {args.minutes:g} min against {url} "
            f"(after {ramp_seconds(args)} s for them all to arrive)"
        )
        locust_env = {
            **env,
            "LOAD_PLAN": str(root / "plan.json"),
            "LOAD_SMS_PORT": str(sms_port),
            "LOAD_THINK": args.think,
        }
        services = {
            "PostgreSQL": database.postmaster_pid(),
            "Redis": redis.pid,
            "OpenSearch": search.pid,
        }
        at_ramp: dict = {}

        def on_ramped() -> None:
            """Every shopper has arrived: the run's counters start from here."""
            at_ramp["kinds"] = cpu_by_kind(root, url)  # (waits for the workers' counts)
            at_ramp["sessions"] = reset_statement_stats(database, database_name)
            at_ramp["load"] = os.getloadavg()[0]
            at_ramp["services"] = {name: cpu_seconds(pid) for name, pid in services.items() if pid}
            at_ramp["idle"] = idle_seconds()
            at_ramp["site"] = cpu_seconds(site_pid)
            at_ramp["site workers"] = tree_cpu_seconds(site_pid)
            at_ramp["worker"] = cpu_seconds(worker_pid) if worker_pid else 0.0
            at_ramp["wall"] = time.monotonic()

        prefixes, generator = run_locust(stack, locust_env, args, url, root, on_ramped)
        if not at_ramp:
            print("the shoppers stopped before they had all arrived; nothing was measured")
            return 1
        wall = time.monotonic() - at_ramp["wall"]
        site = cpu_seconds(site_pid) - at_ramp["site"]
        per_worker = sorted(
            (seconds - at_ramp["site workers"].get(pid, 0.0)
             for pid, seconds in tree_cpu_seconds(site_pid).items() if pid != site_pid),
            reverse=True,
        )  # fmt: skip
        idle = idle_seconds() - at_ramp["idle"]
        used_by = {
            name: cpu_seconds(services[name]) - seconds
            for name, seconds in at_ramp["services"].items()
        }
        left = drain_tasks(redis.url) if worker_pid else 0
        worker = cpu_seconds(worker_pid) - at_ramp["worker"] if worker_pid else 0.0
        machine = wall * (os.cpu_count() or 1)
        print(
            f"\nLoad run: {args.users} users reading each page {args.think} s, "
            f"{args.minutes:g} min, gunicorn {args.workers}×"
            f"{args.threads} threads, production settings, PostgreSQL {database.version}, Redis, "
            f"OpenSearch, {args.products} products; locust in {args.processes} processes on the "
            f"same {os.cpu_count()} CPUs; machine load average {at_ramp['load']:.1f} when all had "
            f"arrived, {os.getloadavg()[1]:.1f} over the last 5 min.\n"
            f"CPU time over {wall:.0f} s ({machine:.0f} CPU-seconds on the machine): load "
            f"generator {generator:.0f} s ({100 * generator / machine:.0f}%), site (gunicorn) "
            f"{site:.0f} s ({100 * site / machine:.0f}%; its processes "
            + ", ".join(f"{seconds:.0f}" for seconds in per_worker)
            + " s), "
            + (
                f"task worker {worker:.0f} s ({100 * worker / machine:.0f}%, {left} tasks "
                "still queued after the run)"
                if worker_pid
                else "no task worker (tasks ran inside the pages)"
            )
            + "; "
            + ", ".join(
                f"{name} {seconds:.0f} s ({100 * seconds / machine:.0f}%)"
                for name, seconds in used_by.items()
            )
            + f"; idle {idle:.0f} s ({100 * idle / machine:.0f}%).\n"
        )
        rows = merged_rows(prefixes)
        if not rows:
            print("locust wrote no statistics; its logs:")
            for prefix in prefixes:
                print(Path(f"{prefix}.log").read_text())
            return 1
        total = print_table(rows)
        print_page_cache(page_cache_counts(prefixes))
        print_cpu_by_kind(at_ramp["kinds"], cpu_by_kind(root, url), site)
        print_statement_stats(database, database_name, at_ramp["sessions"])
        report = plan.stock_report(before, [pk for pk, _ in steps["hot"]])
        report["orders_seen_by_buyers"] = orders_seen(prefixes)
        print("\nOversell check:")
        for key, value in report.items():
            print(f"  {key:26} {value}")
        oversold = report["over_allocated"] or report["negative_stock"]
        errors = int(total.get("failures", 1))
        if errors:
            print_failures(prefixes)
            print_server_errors(root / "gunicorn.log")
        from marketplace.operations import consistency

        differences = consistency.run()
        print("\nData consistency (manage.py audit_consistency):")
        for difference in differences:
            print(f"  {difference}")
        print(f"  {len(differences)} difference(s)" if differences else "  all agrees")
        print(f"\nResult: {errors} failed requests, {'OVERSOLD' if oversold else 'no oversell'}")
        return 1 if oversold or differences else 0


if __name__ == "__main__":
    sys.exit(main())
