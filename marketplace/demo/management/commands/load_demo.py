"""``manage.py load_demo``: fill the marketplace with realistic, repeatable demo data."""

import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.demo import data
from marketplace.demo.applications import load_applications
from marketplace.demo.bank_demo import load_bank_transactions
from marketplace.demo.direct_demo import load_direct_transfers
from marketplace.demo.loader import load_demo
from marketplace.demo.orders import load_orders
from marketplace.demo.remittance_demo import load_remittances
from marketplace.demo.shops import DemoDataError


@contextmanager
def _quiet_task_logs(verbosity: int):
    """Page publishing logs several task lines per page; keep them for ``-v 2`` only."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    levels = [logger.level for logger in loggers]
    if verbosity < 2:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load demo sellers, OCOP products, stories and demo accounts. Safe to run again: "
        "existing demo objects are updated, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with production settings (it resets the demo accounts' passwords).",
        )

    def handle(self, *args, **options):
        module = getattr(settings, "SETTINGS_MODULE", None) or ""
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo data with production settings: it creates a superuser "
                "with a published password. Pass --allow-production to do it anyway."
            )
        started = time.monotonic()
        try:
            with _quiet_task_logs(options["verbosity"]):
                summary = load_demo()
                self.stdout.write(f"  {load_applications()}")
                self.stdout.write(f"  {load_orders()} demo orders written (0: already there).")
                written = load_bank_transactions()
                self.stdout.write(
                    f"  {written} demo bank notifications written (0: already there)."
                )
                lines = load_remittances()
                self.stdout.write(
                    f"  {lines} lines of a demo COD remittance statement (0: already there)."
                )
                invoices = load_direct_transfers()
                self.stdout.write(
                    f"  {invoices} demo commission invoice for a shop paid directly "
                    "(0: already there)."
                )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {elapsed:.1f} s."))
        self.stdout.write(
            f"  {summary.sellers} approved sellers in {summary.provinces} provinces, "
            f"{summary.products} public products, {summary.stories} stories "
            f"({summary.pictures_drawn} pictures drawn this run)."
        )
        self.stdout.write(f"  Open {data.SITE_URL}")
        self._accounts_table(summary.accounts)

    def _accounts_table(self, rows: list[dict]) -> None:
        header = ("Vai trò", "Đăng nhập (SĐT / email)", "Mật khẩu")
        lines = [(row["role"], row["login"], data.DEMO_PASSWORD) for row in rows]
        widths = [max(len(line[i]) for line in [header, *lines]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Demo accounts: DEMO ONLY, never use these passwords for real.")
        )
        for line in [header, tuple("-" * w for w in widths), *lines]:
            self.stdout.write(
                "  " + "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
            )
