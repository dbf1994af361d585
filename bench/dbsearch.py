"""Database search benchmark: the search-row backend against the previous one, same run.

    python -m bench.dbsearch [--sizes 10000,100000] [--runs 30] [--before-runs 5]
                             [--before REF]

Starts its own PostgreSQL (the test bed's) on 127.0.0.1, migrates a fresh database, and
for each size grows the generated catalogue of ``bench.search``, rebuilds the search
rows (``search_reindex``'s set-based statement; timed) and times the plain, fuzzy
accent-less and faceted queries of ``bench.search`` through
``catalog.search.selectors.search_products`` (query + page of 24 cards + facets) on:

- ``after``: ``catalog.search.backends.database.DatabaseBackend`` (search rows);
- ``before``: the database backend as it was at ``--before`` (a git revision, default
  ``main``), loaded from git into this process; it reads the live catalogue tables.

Both see the same database, so the ratio compares code, not machines. Relevance cases
are counted on both first. It prints figures and never fails on a number.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

AFTER = "catalog.search.backends.database.DatabaseBackend"
BEFORE_MODULE = "catalog.search.backends.database_before"
BEFORE = f"{BEFORE_MODULE}.DatabaseBackend"


def log(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def load_before(ref: str) -> None:
    """Import the backend module of ``ref`` as ``BEFORE_MODULE`` (same package, old code)."""
    source = subprocess.run(
        ["git", "show", f"{ref}:catalog/search/backends/database.py"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader(BEFORE_MODULE, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "catalog.search.backends"
    sys.modules[BEFORE_MODULE] = module
    exec(compile(source, f"{ref}:database.py", "exec"), module.__dict__)  # noqa: S102


def latencies(runs: int) -> dict:
    from catalog.search.backends import SearchQuery
    from catalog.search.selectors import search_products

    from .search import QUERIES

    figures = {}
    for name, params in QUERIES.items():
        query = SearchQuery(**params)
        search_products(query)  # warm-up
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            result = search_products(query)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1] if runs > 1 else timings[0]
        figures[name] = (statistics.median(timings), p95, result.total)
        log(f"{name}: p50 {figures[name][0]:.0f} ms, p95 {p95:.0f} ms ({result.total})")
    return figures


def relevance(backend: str) -> tuple[int, int, str]:
    from catalog.search.backends import SearchQuery
    from catalog.search.selectors import search_products
    from tests.search.relevance import evaluate, report

    use(backend)
    outcomes = evaluate(lambda q: [p.title for p in search_products(SearchQuery(text=q)).products])
    return sum(o.passed for o in outcomes), len(outcomes), report(outcomes)


def use(backend: str) -> None:
    """Search with ``backend``: configured, and as the database backend the selectors
    fall back to (a backend without an index of its own is reached through that name)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from catalog.search import selectors

    settings.MARKETPLACE_SEARCH_BACKEND = backend
    selectors.DatabaseBackend = import_string(backend)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    log("migrating a fresh database")
    call_command("migrate", verbosity=0)


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # run `finally`: stop PostgreSQL


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--before-runs", type=int, default=5)
    parser.add_argument("--before", default="main")
    args = parser.parse_args()
    from tests.testbed.__main__ import make_root
    from tests.testbed.postgres import PostgresServer, ensure_bindir

    root = make_root()
    database = PostgresServer(ensure_bindir(), root)
    try:
        database.start()
        setup_django(database.url)
        load_before(args.before)
        run(args, database.version)
    finally:
        database.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


def run(args, pg_version: str) -> None:
    from catalog.search import rows
    from tests.search.catalogue import load_catalogue

    from .search import QUERIES, grow_catalogue

    load_catalogue()
    rows.rebuild()
    print(f"\nDatabase search — PostgreSQL {pg_version.split()[0]}, {os.cpu_count()} CPU(s); "
          f"before = {args.before}")  # fmt: skip
    for label, backend in (("before", BEFORE), ("after", AFTER)):
        passed, total, text = relevance(backend)
        print(f"relevance {label:6} {passed}/{total}")
        if passed < total:
            print(text)
    print(f"latency ms p50/p95 (result count) through search_products; after: {args.runs} "
          f"runs, before: {args.before_runs} runs, each after one warm-up")  # fmt: skip
    print(f"{'products':>9} {'rows s':>7} {'':6}" + "".join(f" {q:>22}" for q in QUERIES))
    for size in (int(s) for s in args.sizes.split(",")):
        log(f"generating products up to {size:,}")
        grow_catalogue(size)
        started = time.monotonic()
        count = rows.rebuild()
        seconds = time.monotonic() - started
        log(f"{count:,} rows rebuilt in {seconds:.1f} s")
        use(AFTER)
        after = latencies(args.runs)
        use(BEFORE)
        before = latencies(args.before_runs)
        for label, figures in (("before", before), ("after", after)):
            rebuilt = f"{seconds:7.1f}" if label == "after" else f"{'—':>7}"
            cells = "".join(
                f" {f'{p50:.0f}/{p95:.0f} ({n})':>22}" for p50, p95, n in figures.values()
            )
            print(f"{size:>9,} {rebuilt} {label:6}{cells}")
        ratios = "".join(f" {_ratio(before[q], after[q]):>22}" for q in QUERIES)
        print(f"{size:>9,} {'':7} {'ratio':6}{ratios}", flush=True)


def _ratio(before, after) -> str:
    return f"p50 ×{before[0] / after[0]:.1f}, p95 ×{before[1] / after[1]:.1f}"


if __name__ == "__main__":
    sys.exit(main())
