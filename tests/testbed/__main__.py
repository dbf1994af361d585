"""Run pytest against a fresh PostgreSQL server: ``python -m tests.testbed [pytest args]``.

The server lives in a temp folder on 127.0.0.1 and a free port, so parallel runs do not
meet; it is stopped and the folder deleted whatever happens (failure, Ctrl-C, SIGTERM).
pytest gets ``DATABASE_URL`` and a ``TMPDIR`` inside that folder. The exit code is
pytest's.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.services.errors import ServiceError, ServiceUnavailable
from tests.testbed import snapshot
from tests.testbed.postgres import TEST_DATABASE, PostgresServer, ensure_bindir

PYTEST_GRACE_SECONDS = 30


class Terminated(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


def _raise_terminated(signum, frame):
    raise Terminated(signum)


def make_root() -> Path:
    """A private temp folder; as root, one the ``postgres`` user can reach."""
    base = Path(tempfile.gettempdir())
    if os.geteuid() == 0 and not _reachable_by_others(base):
        base = Path("/tmp")
    return Path(tempfile.mkdtemp(prefix="cholang-testbed-", dir=base))


def _reachable_by_others(folder: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [folder, *folder.parents])


def run_pytest(args: list[str], env: dict[str, str]) -> int:
    process = subprocess.Popen([sys.executable, "-m", "pytest", *args], env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached pytest too: let it finish its own teardown.
        return _wait_or_kill(process, signal.SIGINT)
    except Terminated:
        _wait_or_kill(process, signal.SIGTERM, forward=True)
        raise


def _wait_or_kill(process: subprocess.Popen, signum: int, forward: bool = False) -> int:
    if forward:
        process.send_signal(signum)
    try:
        return process.wait(timeout=PYTEST_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def prepare_database(server: PostgresServer, bindir: Path, env: dict[str, str]) -> list[str]:
    """Restore the migrated test database from a snapshot, or ask pytest to make one.

    Returns the extra pytest arguments.
    """
    path = snapshot.snapshot_path()
    if path is None:
        return []
    if path.exists():
        try:
            snapshot.restore(path, bindir, server.url, f"test_{TEST_DATABASE}")
        except (OSError, subprocess.SubprocessError) as exc:
            print(f"test bed: snapshot not restored ({exc}); migrating", flush=True)
            path.unlink(missing_ok=True)
        else:
            print(f"test bed: migrated database restored from {path.name}", flush=True)
            return ["--reuse-db"]
    env["TESTBED_SNAPSHOT"] = str(path)
    env["TESTBED_PG_BINDIR"] = str(bindir)
    return []


def main(args: list[str]) -> int:
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGHUP, _raise_terminated)
    try:
        bindir = ensure_bindir()
    except (ServiceUnavailable, ServiceError) as exc:
        print(f"test bed: {exc}", file=sys.stderr)
        return 2

    root = make_root()
    server = PostgresServer(bindir, root)
    try:
        server.start()
        print(
            f"test bed: PostgreSQL {server.version} on {server.url.rpartition('@')[2]} "
            f"(from {bindir}, data in {root}), ready in {server.startup_seconds:.2f} s",
            flush=True,
        )
        pytest_tmp = root / "tmp"
        pytest_tmp.mkdir()
        env = {**os.environ, "DATABASE_URL": server.url, "TMPDIR": str(pytest_tmp)}
        args = [*prepare_database(server, bindir, env), *args]
        code = run_pytest(args, env)
    except ServiceError as exc:
        print(f"test bed: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except Terminated as exc:
        code = exc.exit_code
    finally:
        # Signals would interrupt the clean-up itself: it is short and bounded.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
