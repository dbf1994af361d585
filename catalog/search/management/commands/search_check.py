"""``manage.py search_check [--fix]``: does the search index say what the database says?"""

import sys

from django.core.management.base import BaseCommand, CommandError

from catalog.search import services
from catalog.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: products whose indexed price, stock or "
        "seller status differ, searchable products missing from the index, and entries of "
        "products no longer searchable. Exit status 1 when something differs, unless --fix "
        "re-sent those products (only those: no full rebuild)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Re-index (or remove) the products that differ."
        )
        parser.add_argument(
            "--show", type=int, default=20, help="How many products to list per kind (20)."
        )

    def handle(self, *args, fix=False, show=20, **options):
        if not get_backend().has_external_index:
            raise CommandError(
                "The search backend is the database itself: there is no index to check."
            )
        found = services.drift()
        self.stdout.write(
            f"{found.in_database} searchable products in the database, "
            f"{found.in_index} entries in the index."
        )
        changed = sorted({pk for pk, *_ in found.changed})
        self.stdout.write(
            f"Differ: {len(changed)}, missing from the index: {len(found.missing)}, "
            f"no longer searchable but indexed: {len(found.extra)}."
        )
        for pk, name, indexed, actual in found.changed[:show]:
            self.stdout.write(
                f"  product {pk}: {name} is {indexed!r} in the index, {actual!r} in the database"
            )
        for label, ids in (("missing", found.missing), ("extra", found.extra)):
            if ids:
                listed = ", ".join(map(str, ids[:show])) + (" …" if len(ids) > show else "")
                self.stdout.write(f"  {label}: {listed}")
        if not found.product_ids:
            self.stdout.write(self.style.SUCCESS("The index agrees with the database."))
            return
        if not fix:
            self.stderr.write("Run with --fix to re-send these products.")
            sys.exit(1)
        sent = services.fix_drift(found)
        self.stdout.write(self.style.SUCCESS(f"Re-sent {sent} products to the index."))
