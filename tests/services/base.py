"""A server process on 127.0.0.1: started in its own process group, stopped as a group.

Subclasses say how to build the command line and how to tell the service answers; this
class picks the port, keeps the log in a private temp folder (for the error message when
start-up fails), bounds every wait, and removes the folder when the service stops.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.services.errors import ServiceError
from tests.services.ports import HOST, free_port

# Seconds each service took to answer, by name, for the end-of-run summary.
STARTUP_TIMES: dict[str, list[float]] = {}

# Requests to our own services must never go through a proxy from the environment.
no_proxy_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_answers(url: str, timeout: float = 1.0) -> bool:
    """True once the URL gives any HTTP response (error statuses included)."""
    try:
        with no_proxy_opener.open(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def pid_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def group_alive(pgid: int) -> bool:
    """True while any process of the process group exists (zombies included)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_group(pgid: int, grace: float, leader: subprocess.Popen | None = None) -> None:
    """SIGTERM the whole group, then SIGKILL whatever is left after ``grace`` seconds.

    ``leader`` is our child heading the group: it is reaped as it exits, else its zombie
    would keep the group alive.
    """
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if leader is not None:
                leader.poll()
            if not group_alive(pgid):
                return
            time.sleep(0.02)


class ManagedProcess:
    """Start/stop object and context manager for one service process."""

    name = "service"
    startup_timeout = 20.0
    stop_timeout = 5.0
    port_attempts = 3

    def __init__(self) -> None:
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None
        self._tmpdir: Path | None = None
        self._log = None

    # --- for subclasses ------------------------------------------------------------------

    def command(self, port: int) -> list[str]:
        raise NotImplementedError

    def is_ready(self) -> bool:
        raise NotImplementedError

    def cwd(self) -> str | None:
        return None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # --- lifecycle -----------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> ManagedProcess:
        if self.process is not None:
            raise ServiceError(f"{self.name} is already running")
        started = time.monotonic()
        for attempt in range(1, self.port_attempts + 1):
            try:
                self._launch(free_port())
                ready = self._wait_until_ready()
            except BaseException:
                self.stop()
                raise
            if ready:
                self.startup_seconds = time.monotonic() - started
                STARTUP_TIMES.setdefault(self.name, []).append(self.startup_seconds)
                return self
            tail = self.log_tail()
            timed_out = self.process.poll() is None
            self.stop()
            if not timed_out and _port_clash(tail) and attempt < self.port_attempts:
                continue  # someone took the port between choosing and binding it
            reason = (
                f"did not answer within {self.startup_timeout:g} s"
                if timed_out
                else "exited during start-up"
            )
            raise ServiceError(f"{self.name} {reason} (port {self.port}); log tail:\n{tail}")
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the whole process group and remove the temp folder; safe to call twice."""
        if self.process is not None:
            kill_group(self.process.pid, self.stop_timeout, leader=self.process)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=self.stop_timeout)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> ManagedProcess:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def log_tail(self, lines: int = 30) -> str:
        if self._tmpdir is None:
            return ""
        try:
            text = (self._tmpdir / "service.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    @property
    def tmpdir(self) -> Path:
        """The service's private folder, removed on stop."""
        if self._tmpdir is None:
            self._tmpdir = Path(tempfile.mkdtemp(prefix=f"cholang-{self.name}-"))
        return self._tmpdir

    def _launch(self, port: int) -> None:
        self.port = port
        self._log = open(self.tmpdir / "service.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.command(port),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=self.cwd(),
            # Own process group: stop() can kill helpers the service forks, and Ctrl-C in
            # the terminal reaches pytest rather than the service.
            start_new_session=True,
        )

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if self.is_ready():
                return True
            time.sleep(0.05)
        return False


def _port_clash(log: str) -> bool:
    text = log.lower()
    return "address already in use" in text or "address in use" in text
