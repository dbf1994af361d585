"""``manage.py restore BACKUP``: load a backup into a fresh database and empty media folders."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from marketplace.operations import pgtools
from marketplace.operations.backup import BackupError, restore_backup, settings_for_url


class Command(BaseCommand):
    help = (
        "Restore a folder made by `manage.py backup` into a database that holds no tables "
        "yet and into empty media folders, then compare row and file counts with its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder (holding manifest.json).")
        parser.add_argument(
            "--database-url",
            help="Target database (default: this site's DATABASE_URL).",
        )
        parser.add_argument(
            "--create-database",
            action="store_true",
            help="Create the target PostgreSQL database first (its role needs CREATEDB).",
        )
        parser.add_argument("--media-root", help="Default: this site's MEDIA_ROOT.")
        parser.add_argument("--private-root", help="Default: this site's PRIVATE_MEDIA_ROOT.")

    def handle(self, *args, **options):
        url = options["database_url"]
        target = settings_for_url(url) if url else connections["default"].settings_dict
        try:
            if options["create_database"]:
                pgtools.create_database(target)
            mismatches = restore_backup(
                backup=Path(options["backup"]),
                settings_dict=target,
                media_root=Path(options["media_root"] or settings.MEDIA_ROOT),
                private_root=Path(options["private_root"] or settings.PRIVATE_MEDIA_ROOT),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if mismatches:
            for item in mismatches:
                self.stderr.write(f"  {item.what}: backup {item.expected}, restored {item.found}")
            raise CommandError("Restored, but counts differ from the backup's manifest.")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {target['NAME']}: row and file counts match.")
        )
