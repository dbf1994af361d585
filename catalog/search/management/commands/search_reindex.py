"""Rebuild the product search index (and Wagtail's story index) without downtime.

    manage.py search_reindex [--chunk-size N] [--no-stories]

Products are loaded into a new index in bulk while searches keep using the old one;
the alias then moves to the new index in one atomic step and the old index is deleted.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.search import services
from catalog.search.backends import get_backend

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the product search index into a new index and swap the alias atomically."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=1000)
        parser.add_argument(
            "--no-stories", action="store_true", help="Skip Wagtail's story page index."
        )

    def handle(self, *args, chunk_size, no_stories, **options):
        backend = get_backend()
        started = time.monotonic()
        show = self._progress(started) if options["verbosity"] else None
        count = services.rebuild_index(progress=show, chunk_size=chunk_size)
        elapsed = time.monotonic() - started
        if options["verbosity"]:
            self.stdout.write("")
        rate = count / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{backend.name}: {count} products indexed in {elapsed:.1f} s ({rate:.0f} docs/s)"
            )
        )
        if not no_stories:
            # "update_index" is haystack's command here (it comes first in INSTALLED_APPS).
            call_command("wagtail_update_index", verbosity=max(0, options["verbosity"] - 1))

    def _progress(self, started):
        def show(done, total):
            filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
            rate = done / max(time.monotonic() - started, 1e-6)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total} ({rate:.0f}/s)", ending="")
            self.stdout.flush()

        return show
