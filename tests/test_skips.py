"""Nothing is skipped silently: the summary lists skips, and CI fails on unexplained ones."""

from __future__ import annotations

import pytest

from tests.services.errors import ServiceUnavailable
from tests.skips import start_or_skip

pytest_plugins = ["pytester"]

INNER_CONFTEST = """
from tests.skips import SkipLedger


def pytest_configure(config):
    config.pluginmanager.register(SkipLedger(), "cholang-skips")
"""
INNER_TESTS = """
import pytest


def test_runs():
    assert True


def test_needs_a_service():
    pytest.skip("redis-server is not installed")
"""


class Missing:
    def start(self):
        raise ServiceUnavailable("redis-server is not installed and this user cannot install it")


def _run(pytester, monkeypatch, ci):
    from pathlib import Path

    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    return pytester.runpytest_subprocess("-p", "no:django", "-p", "no:cacheprovider")


def test_a_skip_is_listed_in_the_summary_and_passes_outside_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, ci="")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "skips: 1 (0 allowed)",
            "*skipped test_inner.py::test_needs_a_service: redis-server is not installed*",
        ]
    )


def test_an_unexplained_skip_fails_a_ci_run(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, ci="true")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*1 skip(s) outside tests/skips.py ALLOWED fail the run*"])


def test_an_allowed_skip_passes_a_ci_run(pytester, monkeypatch):
    pytester.makeconftest(
        INNER_CONFTEST
        + '\nimport tests.skips\ntests.skips.ALLOWED["test_inner.py::"] = "explained here"\n'
    )
    pytester.makepyfile(test_inner=INNER_TESTS)
    monkeypatch.setenv("CI", "true")
    from pathlib import Path

    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    result = pytester.runpytest_subprocess("-p", "no:django", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["skips: 1 (1 allowed)"])


def test_a_missing_service_skips_on_a_laptop(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="redis-server is not installed"):
        start_or_skip(Missing())


def test_a_missing_service_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and a service is unavailable"):
        start_or_skip(Missing())
