"""``manage.py backup``: the database, uploaded files and a manifest, in one folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.operations.backup import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or a copy of SQLite), MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT into a new folder with a manifest of row and file counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "backups"),
            help="Folder that receives the new backup folder (default: var/backups).",
        )

    def handle(self, *args, **options):
        try:
            target = create_backup(output_dir=Path(options["output_dir"]))
            manifest = read_manifest(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
        for key, count in manifest["rows"].items():
            self.stdout.write(f"  {key:28} {count:>9} rows")
        for name, count in manifest["files"].items():
            self.stdout.write(f"  {name:28} {count:>9} files")
        self.stdout.write(str(target))
