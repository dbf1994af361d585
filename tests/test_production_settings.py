"""Production settings: safe by default, loud when misconfigured.

Each check runs in a subprocess with ``marketplace.settings.production`` and an
environment cleaned of every variable the settings read, so neither the test database
nor the developer's shell can change the outcome. No PostgreSQL or network is needed.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLE = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
CHECK_ID = re.compile(r"\((\w+\.[A-Z]\d+)\)")

# Warnings that only appear when a deployment hands the job to its reverse proxy; each is
# explained in marketplace/settings/production.py.
PROXY_WARNINGS = {
    "SECURE_SSL_REDIRECT": "security.W008",  # the proxy redirects HTTP to HTTPS
    "SECURE_HSTS_SECONDS": "security.W004",  # the proxy sends Strict-Transport-Security
}


def _settings_variables() -> set[str]:
    names = set()
    for path in (ROOT / "marketplace" / "settings").glob("*.py"):
        names |= set(SETTINGS_VARIABLE.findall(path.read_text()))
    return names


def _env(tmp_path, **overrides) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests (tests/conftest.py) and would
    # rightly fail the deployment check.
    drop = _settings_variables() | {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.com",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _deploy_check(tmp_path, **overrides) -> tuple[subprocess.CompletedProcess, set[str]]:
    result = _run(["manage.py", "check", "--deploy"], _env(tmp_path, **overrides))
    return result, set(CHECK_ID.findall(result.stdout + result.stderr))


def _settings(tmp_path, **overrides) -> dict:
    names = ["DEBUG", "SITE_URL", "WAGTAILADMIN_BASE_URL", "SERVE_MEDIA"]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = _run(["-c", code], _env(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# Starting Django takes seconds: each environment below is loaded once for the module.
@pytest.fixture(scope="module")
def defaults(tmp_path_factory):
    """Production settings with only the required variables, and a stray DEBUG=1."""
    return _settings(
        tmp_path_factory.mktemp("defaults"), DEBUG="1", ALLOWED_HOSTS=".example.com,cholang.vn"
    )


@pytest.fixture(scope="module")
def overridden(tmp_path_factory):
    return _settings(
        tmp_path_factory.mktemp("overridden"), SITE_URL="https://cholang.vn/", SERVE_MEDIA="true"
    )


def test_deploy_check_is_clean_with_the_defaults(tmp_path):
    result, issues = _deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert issues == set()
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_handing_tls_to_the_proxy_raises_only_the_documented_warnings(tmp_path):
    result, issues = _deploy_check(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")
    assert result.returncode == 0, result.stderr
    assert issues == set(PROXY_WARNINGS.values())
    production = (ROOT / "marketplace" / "settings" / "production.py").read_text()
    for setting, check in PROXY_WARNINGS.items():
        assert setting in production and check in production


def test_missing_secret_key_stops_startup_with_a_clear_message(tmp_path):
    for missing in (None, ""):
        result = _run(["-c", "import django; django.setup()"], _env(tmp_path, SECRET_KEY=missing))
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_stops_startup_with_a_clear_message(tmp_path):
    result = _run(["-c", "import django; django.setup()"], _env(tmp_path, ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_debug_stays_off_even_when_the_environment_asks_for_it(defaults):
    assert defaults["DEBUG"] is False


def test_site_url_defaults_to_https_on_the_first_allowed_host(defaults, overridden):
    assert defaults["SITE_URL"] == "https://example.com"
    assert defaults["WAGTAILADMIN_BASE_URL"] == "https://example.com"
    assert overridden["SITE_URL"] == overridden["WAGTAILADMIN_BASE_URL"] == "https://cholang.vn"


def test_media_is_served_by_django_only_when_asked(defaults, overridden):
    assert defaults["SERVE_MEDIA"] is False
    assert overridden["SERVE_MEDIA"] is True


def _security_settings(tmp_path) -> dict:
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "MIDDLEWARE",
        "AUTHENTICATION_BACKENDS",
        "RATE_LIMITS_ENABLED",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = _run(["-c", code], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cookies_hsts_and_protections_are_on_in_production(tmp_path):
    values = _security_settings(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["RATE_LIMITS_ENABLED"] is True
    middleware = values["MIDDLEWARE"]
    assert "marketplace.security.csp.SecurityHeadersMiddleware" in middleware
    assert "marketplace.security.ratelimit.RateLimitMiddleware" in middleware
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert values["AUTHENTICATION_BACKENDS"][0] == "marketplace.security.lockout.LockoutBackend"
