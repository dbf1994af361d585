"""Skips are visible, few and explained; with ``CI=true`` a missing service is a failure.

On a developer's machine a service whose program cannot be had here (no root to install
it, say) skips the tests that need it. In CI that would turn a broken test bed into a
green run, so ``CI=true`` makes the same situation fail the test, and any skip that is
not in ``ALLOWED`` below fails the run (``.ci/run``). The summary always lists skips.
"""

from __future__ import annotations

import os

import pytest

# Node-id prefix → why skipping there is fine even in CI. Keep this short.
ALLOWED: dict[str, str] = {}


def ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def start_or_skip(service):
    """Start a launcher; when its program cannot be had here, skip (fail under CI)."""
    from tests.services.errors import ServiceUnavailable

    try:
        return service.start()
    except ServiceUnavailable as exc:
        if ci():
            pytest.fail(f"CI=true and a service is unavailable: {exc}", pytrace=False)
        pytest.skip(str(exc))


def allowed_reason(nodeid: str) -> str | None:
    for prefix, reason in ALLOWED.items():
        if nodeid.startswith(prefix):
            return reason
    return None


def skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class SkipLedger:
    """Collects the run's skips (a pytest plugin registered by tests/conftest.py)."""

    def __init__(self):
        self.skips: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report):
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skips.append((report.nodeid, skip_reason(report)))

    def unexplained(self) -> list[tuple[str, str]]:
        return [(nodeid, why) for nodeid, why in self.skips if allowed_reason(nodeid) is None]

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if ci() and self.unexplained() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        unexplained = self.unexplained()
        terminalreporter.write_line(
            f"skips: {len(self.skips)} ({len(self.skips) - len(unexplained)} allowed)"
        )
        for nodeid, why in self.skips:
            allowed = allowed_reason(nodeid)
            mark = f"allowed: {allowed}" if allowed else "NOT ALLOWED in CI"
            terminalreporter.write_line(f"  skipped {nodeid}: {why} [{mark}]")
        if ci() and unexplained:
            terminalreporter.write_line(
                f"CI=true: {len(unexplained)} skip(s) outside tests/skips.py ALLOWED fail the run",
                red=True,
            )
