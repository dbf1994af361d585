"""A throw-away PostgreSQL server in a temp folder, on 127.0.0.1 and a free port.

Durability is switched off (fsync, synchronous_commit, full_page_writes): the data dies
with the run. PostgreSQL refuses to run as root, so as root every server program runs as
the ``postgres`` system user, created if needed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.services.apt import apt_install
from tests.services.base import group_alive
from tests.services.errors import ServiceError, ServiceUnavailable
from tests.services.ports import HOST, free_port

SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres", "psql", "pg_dump", "pg_restore")
DEBIAN_ROOT = Path("/usr/lib/postgresql")
SYSTEM_USER = "postgres"
SUPERUSER = "postgres"
TEST_ROLE = "cholang"
TEST_DATABASE = "cholang"
START_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 15
PORT_ATTEMPTS = 3

SERVER_CONFIG = f"""
# Test bed: reachable only from this machine, durability off for speed.
listen_addresses = '{HOST}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
"""


def find_bindir() -> Path | None:
    """Folder holding initdb, pg_ctl and postgres: PATH first, then Debian's versions."""
    candidates = []
    if on_path := shutil.which("pg_ctl"):
        candidates.append(Path(on_path).resolve().parent)
    versions = [p for p in DEBIAN_ROOT.glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda p: int(p.parent.name), reverse=True)
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in SERVER_PROGRAMS):
            return folder
    return None


def ensure_bindir() -> Path:
    """The server programs' folder, installing Debian's ``postgresql`` if root."""
    if folder := find_bindir():
        return folder
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServiceUnavailable(
            "PostgreSQL server programs (initdb, pg_ctl, postgres, psql) were not found. Install "
            "them (Debian/Ubuntu: apt-get install postgresql) or put their folder on PATH."
        )
    apt_install("postgresql")
    if folder := find_bindir():
        return folder
    raise ServiceError("installed 'postgresql' but found no initdb/pg_ctl/postgres/psql")


def ensure_system_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        pass
    subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home",
         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return pwd.getpwnam(SYSTEM_USER)


class PostgresServer:
    """One server under ``root``: ``start()`` (initdb, start, role and database), ``stop()``."""

    def __init__(self, bindir: Path, root: Path, extra_config: str = "") -> None:
        self.bindir = bindir
        self.extra_config = extra_config
        self.root = root
        self.data = root / "data"
        self.run_dir = root / "run"
        self.log = self.run_dir / "postgres.log"
        self.port: int | None = None
        self.password = secrets.token_hex(16)
        self.version = ""
        self.startup_seconds: float | None = None
        self._as_root = os.geteuid() == 0
        self._postmaster_pid: int | None = None

    @property
    def url(self) -> str:
        return f"postgres://{TEST_ROLE}:{self.password}@{HOST}:{self.port}/{TEST_DATABASE}"

    def start(self) -> PostgresServer:
        started = time.monotonic()
        self.run_dir.mkdir()
        if self._as_root:
            user = ensure_system_user()
            for path in (self.root, self.run_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--no-locale",
            "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256",
            timeout=120,
        )  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(SERVER_CONFIG + f"unix_socket_directories = '{self.run_dir}'\n")
            conf.write(self.extra_config)
        self._start_on_free_port()
        self._create_role_and_database()
        self.startup_seconds = time.monotonic() - started
        return self

    def postmaster_pid(self) -> int | None:
        """The server's main process (its backends are its children)."""
        if self._postmaster_pid is None:
            self._postmaster_pid = self._read_postmaster_pid()
        return self._postmaster_pid

    def stop(self) -> None:
        """Stop at once (the data is thrown away); kill the server if it does not stop."""
        if self._postmaster_pid is None:
            self._postmaster_pid = self._read_postmaster_pid()
        if self._postmaster_pid is None:
            return
        with contextlib.suppress(ServiceError):
            self._run(
                "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w",
                "-t", str(STOP_TIMEOUT_SECONDS), "stop",
                timeout=STOP_TIMEOUT_SECONDS + 5,
            )  # fmt: skip
        # The postmaster leads its own session: kill its group if anything is left.
        if group_alive(self._postmaster_pid):
            os.killpg(self._postmaster_pid, signal.SIGKILL)
        self._postmaster_pid = None

    def _start_on_free_port(self) -> None:
        for attempt in range(1, PORT_ATTEMPTS + 1):
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                    "-t", str(START_TIMEOUT_SECONDS), "-o", f"-p {self.port}", "start",
                    timeout=START_TIMEOUT_SECONDS + 10,
                )  # fmt: skip
            except ServiceError:
                log = self.log_tail()
                if "already in use" in log and attempt < PORT_ATTEMPTS:
                    continue
                raise ServiceError(f"PostgreSQL did not start; server log:\n{log}") from None
            self._postmaster_pid = self._read_postmaster_pid()
            return

    def _read_postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _create_role_and_database(self) -> None:
        # CREATEDB: pytest-django creates test_<name> next to this database. The script
        # goes through stdin so the password never shows in the process list.
        script = (
            f"CREATE ROLE {TEST_ROLE} LOGIN CREATEDB PASSWORD '{self.password}';\n"
            f"CREATE DATABASE {TEST_DATABASE} OWNER {TEST_ROLE};\n"
            "SHOW server_version;\n"
        )
        output = self._run(
            "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
            "-h", str(self.run_dir), "-p", str(self.port), "-U", SUPERUSER, "-d", "postgres",
            timeout=30, stdin_text=script,
        )  # fmt: skip
        self.version = output.strip().splitlines()[-1] if output.strip() else ""

    def superuser_sql(self, database: str, script: str, timeout: float = 60) -> str:
        """Run ``script`` as the superuser in ``database``; its rows, ``|``-separated."""
        return self._run(
            "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
            "-h", str(self.run_dir), "-p", str(self.port), "-U", SUPERUSER, "-d", database,
            timeout=timeout, stdin_text=script,
        )  # fmt: skip

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def _run(self, program: str, *args: str, timeout: float, stdin_text: str = "") -> str:
        command = [str(self.bindir / program), *args]
        if self._as_root:
            if shutil.which("runuser"):
                command = ["runuser", "-u", SYSTEM_USER, "--", *command]
            else:
                command = ["su", "-s", "/bin/sh", SYSTEM_USER, "-c", shlex.join(command)]
        try:
            result = subprocess.run(
                command,
                cwd=self.root,  # the postgres user may not be allowed into the caller's cwd
                input=stdin_text,
                capture_output=True,
                text=True,
                timeout=timeout,
                start_new_session=True,  # Ctrl-C goes to pytest, not to the server
            )
        except subprocess.TimeoutExpired as exc:
            raise ServiceError(f"{program} took longer than {timeout} s") from exc
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise ServiceError(f"{program} failed ({result.returncode}): {output}")
        return result.stdout
