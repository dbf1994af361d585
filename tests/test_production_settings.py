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


# What a real deployment sets instead of the demo's made-up values
# (marketplace/operations/guards.py).
REAL_VALUES = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_ACCOUNT_NUMBER": "1023456789",
    "VIETQR_ACCOUNT_NAME": "CONG TY CHO LANG",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "SMS_BACKEND": "marketplace.notifications.sms.HttpBackend",
    "SMS_HTTP_URL": "https://sms.example.com/send",
    "SMS_HTTP_TOKEN": "token",
}
# The demo's values, and the variable each refusal must name.
DEMO_VALUES = {
    "VIETQR_ACCOUNT_NUMBER": ("0000123456789", "ops.E103"),
    "EMAIL_URL": (None, "ops.E104"),  # unset: the console backend
    "SMS_BACKEND": ("marketplace.notifications.sms.ConsoleBackend", "ops.E105"),
    "STRIPE_SECRET_KEY": ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "ops.E107"),
    "STRIPE_PUBLISHABLE_KEY": ("pk_test_TYooMQauvdEDq54NiTphI7jx", "ops.E108"),
    "STRIPE_WEBHOOK_SECRET": (None, "ops.E109"),  # unset while card payments are on
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
        **REAL_VALUES,
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


# --- demo and test values ---------------------------------------------------------------


def _demo_env(tmp_path) -> dict:
    return _env(tmp_path, **{name: value for name, (value, _id) in DEMO_VALUES.items()})


def test_deploy_check_lists_every_demo_setting_at_once_naming_its_variable(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], _demo_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert set(CHECK_ID.findall(output)) == {check for _value, check in DEMO_VALUES.values()}
    for variable in DEMO_VALUES:
        assert f"{variable}: " in output, variable
    assert "0000123456789 is the demo account" in output


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VIETQR_ACCOUNT_NUMBER", "0000123456789"),
        ("SMS_BACKEND", "marketplace.notifications.sms.ConsoleBackend"),
        ("EMAIL_URL", None),
        ("STRIPE_SECRET_KEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
    ],
)
def test_each_demo_setting_alone_fails_the_deploy_check(tmp_path, variable, value):
    result, issues = _deploy_check(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert DEMO_VALUES[variable][1] in issues


def test_a_stripe_key_without_its_webhook_secret_is_refused(tmp_path):
    result, issues = _deploy_check(
        tmp_path, STRIPE_SECRET_KEY="sk_live_x", STRIPE_WEBHOOK_SECRET=""
    )
    assert result.returncode != 0
    assert issues == {"ops.E109"}
    result, issues = _deploy_check(
        tmp_path, STRIPE_SECRET_KEY="sk_live_x", STRIPE_WEBHOOK_SECRET="whsec_x"
    )
    assert result.returncode == 0 and issues == set()


START = {
    "web (WSGI)": "import marketplace.wsgi",
    "web (ASGI)": "import marketplace.asgi",
    "worker": (
        "import django; django.setup(); from celery import signals; "
        "from marketplace.celery import app; signals.worker_init.send(sender=None)"
    ),
    "beat": (
        "import django; django.setup(); from celery import signals; "
        "from marketplace.celery import app; signals.beat_init.send(sender=None)"
    ),
}


@pytest.mark.parametrize("process", sorted(START))
def test_serving_processes_refuse_to_start_with_demo_settings(tmp_path, process):
    refused = _run(["-c", START[process]], _demo_env(tmp_path))
    assert refused.returncode != 0
    assert "Production refuses to start with demo or test settings" in refused.stderr
    for variable in DEMO_VALUES:
        assert f"{variable}: " in refused.stderr, variable
    started = _run(["-c", f"{START[process]}; print('started')"], _env(tmp_path))
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().endswith("started")


def test_production_does_not_install_or_import_the_demo_loader(tmp_path):
    code = (
        "import sys, django; django.setup(); from django.apps import apps; "
        "import marketplace.urls, marketplace.wsgi; "
        "print(apps.is_installed('marketplace.demo'), "
        "any(m.startswith('marketplace.demo') for m in sys.modules))"
    )
    result = _run(["-c", code], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"
    result = _run(["manage.py", "load_demo"], _env(tmp_path))
    assert result.returncode != 0 and "Unknown command: 'load_demo'" in result.stderr


def test_the_deploy_check_knows_every_demo_account_that_has_an_email():
    from marketplace.demo import data
    from marketplace.operations.guards import DEMO_EMAILS, DEMO_PASSWORD

    assert {a["email"] for a in data.ACCOUNTS if a.get("email")} <= set(DEMO_EMAILS)
    assert data.DEMO_PASSWORD == DEMO_PASSWORD
