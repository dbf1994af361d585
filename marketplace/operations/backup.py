"""Backups of the database and uploaded files, and restoring them into a fresh install.

A backup is one folder:

- ``database.dump``: ``pg_dump --format=custom`` (PostgreSQL), or ``database.sqlite3``
  (the embedded SQLite demo), made with the database online;
- ``media.tar.gz``: every file under ``MEDIA_ROOT`` (product photos, story images);
- ``private.tar.gz``: every file under ``PRIVATE_MEDIA_ROOT`` (ID papers, certificate
  scans: keep the backup as private as the server);
- ``manifest.json``: when, from which migrations, the row count of the key tables, the
  number of files in each archive and the SHA-256 of every file of the backup.

``restore`` refuses a database that already holds tables, checks every checksum before
it writes anything, and afterwards compares the restored row and file counts with the
manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import sqlite3
import tarfile
from dataclasses import dataclass
from pathlib import Path

import environ
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from . import pgtools
from .pgtools import BackupError

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# Tables whose row counts are recorded and compared after a restore (app label, model).
KEY_MODELS = (
    ("users", "User"),
    ("sellers", "Seller"),
    ("places", "Commune"),
    ("catalogue", "Product"),
    ("catalogue", "ProductImage"),
    ("catalogue", "OcopCertificate"),
    ("partner", "StockRecord"),
    ("order", "Order"),
    ("order", "Line"),
    ("order", "Fulfilment"),
    ("payments", "PaymentAttempt"),
    ("ledger", "LedgerEntry"),
    ("audit", "AuditEvent"),
    ("wagtailcore", "Page"),
    ("wagtailimages", "Image"),
)
ARCHIVES = {"media.tar.gz": "MEDIA_ROOT", "private.tar.gz": "PRIVATE_MEDIA_ROOT"}


@dataclass(frozen=True)
class Mismatch:
    what: str
    expected: int
    found: int


# --- what to count ------------------------------------------------------------------------


def key_tables() -> dict[str, str]:
    """``{"app.Model": table}`` for the key models installed here."""
    tables = {}
    for label, name in KEY_MODELS:
        try:
            model = apps.get_model(label, name)
        except LookupError:
            continue
        tables[f"{label}.{name}"] = model._meta.db_table
    return tables


def _count_rows(cursor, tables: dict[str, str], quote) -> dict[str, int]:
    counts = {}
    for key, table in tables.items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (model tables)
        counts[key] = cursor.fetchone()[0]
    return counts


def count_rows(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return _count_rows(cursor, key_tables(), connection.ops.quote_name)


def count_files(folder: Path) -> int:
    """Regular files under ``folder``; links (Oscar's "no photo" link) are not data."""
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- backup -------------------------------------------------------------------------------


def _engine(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _dump_database(target: Path, settings_dict: dict) -> str:
    if _engine(settings_dict) == "postgresql":
        name = "database.dump"
        pgtools.dump(settings_dict, target / name)
    else:
        name = "database.sqlite3"
        source = sqlite3.connect(settings_dict["NAME"])
        copy = sqlite3.connect(target / name)
        with copy:
            source.backup(copy)  # consistent even while the site writes
        copy.close()
        source.close()
    return name


def _archive(folder: Path, archive: Path) -> int:
    files = 0
    with tarfile.open(archive, "w:gz") as tar:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
                    files += 1
    return files


def create_backup(*, output_dir: Path, alias: str = "default") -> Path:
    """Write a new backup folder under ``output_dir``; returns its path."""
    settings_dict = connections[alias].settings_dict
    if "django_migrations" not in connections[alias].introspection.table_names():
        raise BackupError(f"Database {settings_dict['NAME']} holds no site yet (run migrate).")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(output_dir) / f"cholang-{stamp}"
    if target.exists():
        raise BackupError(f"{target} already exists; wait a second and run again.")
    target.mkdir(parents=True)
    try:
        counts_before = count_rows(alias)
        database_file = _dump_database(target, settings_dict)
        files = {
            name: _archive(Path(getattr(settings, setting)), target / name)
            for name, setting in ARCHIVES.items()
        }
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": _engine(settings_dict),
            "database_file": database_file,
            "rows": counts_before,
            "files": files,
            "migrations": latest_migrations(),
            "sha256": {name: sha256(target / name) for name in (database_file, *ARCHIVES)},
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


# --- restore ------------------------------------------------------------------------------


def read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((Path(backup) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{backup} is not a backup folder (no readable {MANIFEST}).") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["sha256"].items():
        path = Path(backup) / name
        if not path.is_file() or sha256(path) != expected:
            raise BackupError(f"{path} is missing or damaged (checksum differs).")
    return manifest


def _extract(archive: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if count_files(folder):
        raise BackupError(f"{folder} already holds files; restore into an empty folder.")
    with tarfile.open(archive, "r:gz") as tar:
        # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
        tar.extractall(folder, filter="data")


def restore_backup(
    *, backup: Path, settings_dict: dict, media_root: Path, private_root: Path
) -> list[Mismatch]:
    """Restore into an empty database and empty media folders; returns count mismatches."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    engine = _engine(settings_dict)
    if engine != manifest["engine"]:
        raise BackupError(f"This backup is {manifest['engine']}; the target is {engine}.")
    roots = {"media.tar.gz": Path(media_root), "private.tar.gz": Path(private_root)}
    for folder in roots.values():
        if count_files(folder):
            raise BackupError(f"{folder} already holds files; restore into an empty folder.")
    database_file = backup / manifest["database_file"]
    if engine == "postgresql":
        pgtools.restore(settings_dict, database_file)
    else:
        target = Path(settings_dict["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"{target} already exists; restore into a fresh database.")
        shutil.copyfile(database_file, target)
    for name, folder in roots.items():
        _extract(backup / name, folder)
    return compare(manifest, settings_dict, roots)


def _target_counts(settings_dict: dict, tables: dict[str, str]) -> dict[str, int]:
    quote = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    if _engine(settings_dict) == "postgresql":
        with pgtools.connect(settings_dict) as conn, conn.cursor() as cursor:
            return _count_rows(cursor, tables, quote)
    conn = sqlite3.connect(settings_dict["NAME"])
    try:
        return _count_rows(conn.cursor(), tables, quote)
    finally:
        conn.close()


def compare(manifest: dict, settings_dict: dict, roots: dict[str, Path]) -> list[Mismatch]:
    tables = {k: v for k, v in key_tables().items() if k in manifest["rows"]}
    found = _target_counts(settings_dict, tables)
    mismatches = [
        Mismatch(f"rows {key}", expected, found.get(key, -1))
        for key, expected in manifest["rows"].items()
        if found.get(key, -1) != expected
    ]
    for name, folder in roots.items():
        expected = manifest["files"].get(name, 0)
        if count_files(folder) != expected:
            mismatches.append(Mismatch(f"files {name}", expected, count_files(folder)))
    return mismatches


def settings_for_url(url: str) -> dict:
    """A ``DATABASES`` entry for a database URL (the restore target)."""
    return environ.Env.db_url_config(url)
