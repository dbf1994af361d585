"""A dump of the freshly migrated test database, reused while no migration changes.

Applying the ~330 migrations takes most of a short test run. The first run dumps the
test database right after pytest-django has migrated it (see ``tests/conftest.py``);
later runs restore that dump into a new server and pass ``--reuse-db``, so Django only
checks that nothing is left to apply. The key covers every migration file of the project
and the dependency lock (third-party migrations), so any change means a new dump.
Set ``TESTBED_SNAPSHOTS=off`` to always migrate from scratch.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", ".git", "node_modules", "var"}
KEEP = 3  # dumps of other keys kept, for switching between branches


def cache_dir() -> Path | None:
    if os.environ.get("TESTBED_SNAPSHOTS", "").lower() in {"0", "off", "no", "false"}:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cholang-testbed"


def migrations_key() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "requirements.lock"]
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        if Path(folder).name == "migrations":
            files += [Path(folder) / n for n in sorted(names) if n.endswith(".py")]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:20]


def snapshot_path() -> Path | None:
    folder = cache_dir()
    return folder / f"{migrations_key()}.dump" if folder else None


def restore(path: Path, bindir: Path, url: str, database: str) -> None:
    """Create ``database`` on the server at ``url`` from the dump at ``path``."""
    server = url.rpartition("/")[0]
    subprocess.run(
        [str(bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url,
         "-c", f'CREATE DATABASE "{database}"'],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    subprocess.run(
        [str(bindir / "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
         "-d", f"{server}/{database}", str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def dump(bindir: Path, url: str, path: Path) -> None:
    """Write the database at ``url`` to ``path`` atomically; keep only recent dumps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    subprocess.run(
        [str(bindir / "pg_dump"), "-Fc", "-Z1", "-d", url, "-f", str(partial)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    partial.replace(path)
    older = sorted(path.parent.glob("*.dump"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in older[KEEP:]:
        stale.unlink(missing_ok=True)
