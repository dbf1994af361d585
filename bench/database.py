"""A migrated PostgreSQL of its own for a bench that runs Django in-process.

``with migrated_database("bench_x"):`` starts the test bed's PostgreSQL on 127.0.0.1 in a
temporary folder, restores its migrated dump (or migrates from scratch), sets Django up
with the test settings, applies any newer migration, and stops and removes everything
afterwards, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys


def log(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def migrated_database(name: str):
    from tests.testbed import snapshot
    from tests.testbed.__main__ import make_root
    from tests.testbed.postgres import PostgresServer, ensure_bindir

    root = make_root()
    bindir = ensure_bindir()
    server = PostgresServer(bindir, root)
    try:
        server.start()
        os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.test"
        path = snapshot.snapshot_path()
        if path is not None and path.exists():
            snapshot.restore(path, bindir, server.url, name)
            os.environ["DATABASE_URL"] = server.url.rpartition("/")[0] + f"/{name}"
            log(f"migrated database restored from {path.name}; applying newer migrations")
        else:
            os.environ["DATABASE_URL"] = server.url
            log("migrating a fresh database (no test bed dump found)")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield server
    finally:
        from django.db import connections

        connections.close_all()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def bulk_orders(totals, *, first_number: int, batch_size: int = 5000) -> list:
    """Placed orders of these goods totals (30,000 ₫ shipping each), numbered from
    ``first_number``, written in batches: the orders a money bench works on."""
    from django.utils import timezone
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    now = timezone.now()
    return Order.objects.bulk_create(
        (
            Order(
                number=str(first_number + n),
                currency="VND",
                total_incl_tax=total + 30000,
                total_excl_tax=total + 30000,
                shipping_incl_tax=30000,
                shipping_excl_tax=30000,
                status="pending",
                date_placed=now,
            )
            for n, total in enumerate(totals)
        ),
        batch_size=batch_size,
    )
