"""Headless Chromium (Debian's package) driven by Playwright's sync API, local only.

Playwright's own browser downloads are never used: Debian's ``chromium`` is installed on
demand when running as root. Every context made here aborts requests to any host other
than 127.0.0.1/localhost and records what it saw, so a page test proves nothing left the
machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.services.apt import ensure_program
from tests.services.base import STARTUP_TIMES, pid_alive
from tests.services.errors import ServiceError

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}
LAUNCH_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 5.0


def chromium_binary() -> str:
    return ensure_program("/usr/bin/chromium", "chromium", package="chromium")


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class GuardedContext:
    """A browser context plus the URLs it requested and the ones it was refused."""

    context: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def _route(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def close(self) -> None:
        self.context.close()


class Browser:
    """Start/stop object and context manager for one Chromium under Playwright."""

    name = "browser"

    def __init__(self, playwright=None) -> None:
        # Playwright allows one sync driver per thread: a second browser in the same
        # process must share it (and then leaves stopping it to its owner).
        self.playwright = playwright
        self._owns_playwright = playwright is None
        self.browser = None
        self.startup_seconds: float | None = None
        self.pids: set[int] = set()

    def start(self) -> Browser:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        executable = chromium_binary()
        started = time.monotonic()
        before = _descendants(os.getpid())
        try:
            if self.playwright is None:
                self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=executable,
                args=CHROMIUM_ARGS,
                headless=True,
                timeout=LAUNCH_TIMEOUT_SECONDS * 1000,
                # pytest handles Ctrl-C; the browser is closed by stop().
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except PlaywrightError as exc:
            self.pids = _descendants(os.getpid()) - before
            self.stop()
            raise ServiceError(f"Chromium did not start: {exc}") from exc
        # Driver and browser processes, to prove (and force) they are gone on stop.
        self.pids = _descendants(os.getpid()) - before
        self.startup_seconds = time.monotonic() - started
        STARTUP_TIMES.setdefault(self.name, []).append(self.startup_seconds)
        return self

    def new_context(self, **options) -> GuardedContext:
        options.setdefault("service_workers", "block")
        guarded = GuardedContext(self.browser.new_context(**options))
        guarded.context.on("request", lambda request: guarded.requests.append(request.url))
        guarded.context.route("**/*", guarded._route)
        return guarded

    def stop(self) -> None:
        """Close the browser and driver; kill any of their processes left behind."""
        try:
            if self.browser is not None:
                self.browser.close()
        except Exception:  # a crashed browser must not stop the clean-up
            pass
        finally:
            self.browser = None
            if self.playwright is not None and self._owns_playwright:
                self.playwright.stop()
            self.playwright = None
        _reap(self.pids, STOP_TIMEOUT_SECONDS)

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _descendants(root: int) -> set[int]:
    """Every process below ``root``, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    pending = [root]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def _reap(pids: set[int], grace: float) -> None:
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(pid_alive(pid) for pid in pids):
        time.sleep(0.05)
    for pid in pids:
        if pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
