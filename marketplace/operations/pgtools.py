"""PostgreSQL's own tools (pg_dump, pg_restore) and a direct connection, for backups.

Connection details go to the tools through ``PG*`` environment variables, so the
password never appears in a process list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from psycopg import sql

DEBIAN_ROOT = Path("/usr/lib/postgresql")
TIMEOUT_SECONDS = 6 * 3600


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def program(name: str) -> str:
    """Path of a PostgreSQL client program: ``PG_BIN_DIR``, then the newest Debian one."""
    folders = [Path(os.environ["PG_BIN_DIR"])] if os.environ.get("PG_BIN_DIR") else []
    versions = [p for p in DEBIAN_ROOT.glob("*/bin") if p.parent.name.isdigit()]
    folders += sorted(versions, key=lambda p: int(p.parent.name), reverse=True)
    for folder in folders:
        if os.access(folder / name, os.X_OK):
            return str(folder / name)
    if found := shutil.which(name):
        return found
    raise BackupError(f"{name} was not found: install the PostgreSQL client or set PG_BIN_DIR.")


def _env(settings_dict: dict) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _run(args: list[str], settings_dict: dict) -> None:
    result = subprocess.run(  # noqa: S603 (fixed programs, arguments from settings)
        args, env=_env(settings_dict), capture_output=True, text=True, timeout=TIMEOUT_SECONDS
    )
    if result.returncode:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def dump(settings_dict: dict, path: Path) -> None:
    """A consistent snapshot of the whole database in pg_dump's custom format."""
    _run([program("pg_dump"), "--format=custom", "--no-owner", "--no-acl",
          "--file", str(path)], settings_dict)  # fmt: skip


def connect(settings_dict: dict, dbname: str | None = None) -> psycopg.Connection:
    return psycopg.connect(
        dbname=dbname or settings_dict["NAME"],
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        connect_timeout=10,
    )


def has_tables(settings_dict: dict) -> bool:
    with connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname NOT IN "
            "('pg_catalog', 'information_schema'))"
        )
        return cursor.fetchone()[0]


def create_database(settings_dict: dict) -> None:
    """CREATE DATABASE for the target (its role needs CREATEDB)."""
    with connect(settings_dict, dbname="postgres") as conn:
        conn.autocommit = True
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_dict["NAME"])))


def restore(settings_dict: dict, path: Path) -> None:
    """Load a custom-format dump into the (empty) target database, in one transaction."""
    if has_tables(settings_dict):
        raise BackupError(
            f"Database {settings_dict['NAME']} already holds tables; restore into a fresh one."
        )
    _run([program("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
          "--single-transaction", "--dbname", settings_dict["NAME"], str(path)],
         settings_dict)  # fmt: skip
