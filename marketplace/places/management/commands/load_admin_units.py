"""Re-load Vietnam's provinces and communes from the data file (safe to run repeatedly)."""

import time

from django.core.management.base import BaseCommand, CommandError

from marketplace.places.admin_units import DATA_FILE, AdminUnitDataError, load_admin_units


class Command(BaseCommand):
    help = (
        "Create or update provinces and communes from the administrative-unit data file, "
        "matching rows by code. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=None,
            help=f"JSON data file to load (default: {DATA_FILE.name} in marketplace/places/data).",
        )
        parser.add_argument("--database", default="default", help="Database alias to load into.")

    def handle(self, *args, path=None, database="default", **options):
        started = time.perf_counter()
        try:
            summary = load_admin_units(path=path, using=database)
        except (OSError, AdminUnitDataError) as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Dataset {summary.version} (effective {summary.effective_date:%Y-%m-%d}): "
            f"{summary.province_count} provinces, {summary.commune_count} communes "
            f"in {elapsed:.2f} s."
        )
        self.stdout.write(
            f"Provinces: {summary.provinces_created} created, "
            f"{summary.provinces_updated} updated. "
            f"Communes: {summary.communes_created} created, "
            f"{summary.communes_updated} updated."
        )
        if summary.communes_stale:
            self.stdout.write(
                self.style.WARNING(
                    f"{summary.communes_stale} communes from an older dataset are not in "
                    f"{summary.version}; they were kept because records may refer to them."
                )
            )
        self.stdout.write(self.style.SUCCESS("Administrative units are up to date."))
