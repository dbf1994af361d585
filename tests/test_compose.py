"""The full-stack files agree with each other and with the settings.

docker-compose.yml, the Dockerfile, docker/ and .env.example are checked by parsing them:
no Docker engine is needed. When a `docker compose` that works without an engine is
installed, its own validation runs too.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
SETTINGS_DIR = ROOT / "marketplace" / "settings"

APP_SERVICES = ("web", "worker", "beat")
ALL_SERVICES = ("postgres", "elasticsearch", "redis", *APP_SERVICES)
NAMED_VOLUMES = {"pgdata", "esdata", "media"}
DURATION = re.compile(r"^\d+(\.\d+)?(us|ms|s|m|h)$")

# `${VAR}`, `${VAR:-default}`, `${VAR:?error}`; `$${VAR}` is escaped for the container shell.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
# env.str("NAME", ...), env.db("NAME"), env("NAME"), the name possibly on the next line.
SETTINGS_VARIABLE = re.compile(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
DOCUMENTED_VARIABLE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def documented():
    return set(DOCUMENTED_VARIABLE.findall(ENV_EXAMPLE.read_text()))


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


# --- services -------------------------------------------------------------------------


def test_the_full_stack_has_every_service(services):
    assert set(ALL_SERVICES) <= set(services)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("postgres", r"^postgres:16([.-]|$)"),
        # Pinned to an exact release, so every machine runs the same search server.
        ("elasticsearch", r"^docker\.elastic\.co/elasticsearch/elasticsearch:8\.\d+\.\d+$"),
        ("redis", r"^redis:7([.-]|$)"),
    ],
)
def test_backing_services_use_the_expected_major_versions(services, name, pattern):
    assert re.match(pattern, services[name]["image"]), services[name]["image"]


def test_app_services_are_built_from_the_project_image(services):
    for name in APP_SERVICES:
        assert services[name].get("build") in (".", {"context": "."}), name
    assert len({services[name].get("image") for name in APP_SERVICES}) == 1


def test_elasticsearch_is_a_single_node_without_security(services):
    env = _environment(services["elasticsearch"])
    assert env["discovery.type"] == "single-node"
    assert str(env["xpack.security.enabled"]).lower() == "false"
    assert "-Xms512m" in env["ES_JAVA_OPTS"] and "-Xmx512m" in env["ES_JAVA_OPTS"]


def test_web_publishes_port_8000(services):
    # "[interface:]host:container", the interface possibly a ${VARIABLE:-default}.
    published = [str(port).rsplit(":", 2)[-2:] for port in services["web"]["ports"]]
    assert ["8000", "8000"] in published


def test_app_commands(services):
    web = " ".join(services["web"]["command"])
    assert web.startswith("gunicorn ") and "marketplace.wsgi:application" in web
    worker = services["worker"]["command"]
    beat = services["beat"]["command"]
    assert worker[0] == "celery" and "--app=marketplace" in worker and "worker" in worker
    assert beat[0] == "celery" and "--app=marketplace" in beat and "beat" in beat


def test_every_service_has_a_healthcheck_and_a_restart_policy(services):
    for name, service in services.items():
        check = service.get("healthcheck")
        assert check and not check.get("disable"), f"{name} has no health check"
        test = check["test"]
        if isinstance(test, list):
            assert test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, name
        for key in ("interval", "timeout", "start_period"):
            if key in check:
                assert DURATION.match(str(check[key])), (name, key, check[key])
        assert service.get("restart") in ("always", "unless-stopped", "on-failure"), name


def test_health_checks_probe_what_matters(services):
    def text(name):
        test = services[name]["healthcheck"]["test"]
        return " ".join(test) if isinstance(test, list) else test

    assert "pg_isready" in text("postgres")
    assert "_cluster/health" in text("elasticsearch")
    assert "redis-cli" in text("redis") and "ping" in text("redis")
    assert "healthcheck.py web" in text("web")
    assert "/healthz" in (ROOT / "docker" / "healthcheck.py").read_text()
    assert "inspect ping" in text("worker")


@pytest.mark.parametrize(
    ("name", "needs"),
    [
        ("web", {"postgres", "redis", "elasticsearch"}),
        ("worker", {"postgres", "redis", "elasticsearch"}),
        ("beat", {"postgres", "redis"}),
    ],
)
def test_app_services_wait_for_healthy_backing_services(services, name, needs):
    deps = _depends_on(services[name])
    for dependency in needs:
        assert deps.get(dependency) == "service_healthy", (name, dependency)


def test_depends_on_names_services_with_valid_conditions(services):
    conditions = {"service_started", "service_healthy", "service_completed_successfully"}
    for name, service in services.items():
        for dependency, condition in _depends_on(service).items():
            assert dependency in services, (name, dependency)
            assert condition in conditions, (name, condition)


def test_named_volumes_are_declared_and_used(compose, services):
    declared = set(compose.get("volumes") or {})
    assert declared >= NAMED_VOLUMES
    for name, service in services.items():
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume["source"]
            if not source.startswith((".", "/", "~")):
                assert source in declared, (name, source)

    def mounts(name):
        return {str(v).split(":", 1)[0] for v in services[name].get("volumes") or []}

    assert "pgdata" in mounts("postgres")
    assert "esdata" in mounts("elasticsearch")
    assert "media" in mounts("web") and "media" in mounts("worker")


def test_top_level_keys_are_known(compose):
    known = {"name", "services", "volumes", "networks", "configs", "secrets"}
    assert {key for key in compose if not key.startswith("x-")} <= known


# --- environment ----------------------------------------------------------------------


def test_app_services_share_the_production_environment(services):
    envs = {name: _environment(services[name]) for name in APP_SERVICES}
    shared = set.intersection(*(set(env) for env in envs.values()))
    for key in (
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "ELASTICSEARCH_URL",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SERVE_MEDIA",
    ):
        assert key in shared, key
        assert len({str(env[key]) for env in envs.values()}) == 1, key
    env = envs["web"]
    assert env["DJANGO_SETTINGS_MODULE"] == "marketplace.settings.production"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "compose must refuse to start"
    assert (
        env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    )
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-false}"
    assert env["SERVE_MEDIA"] == "${SERVE_MEDIA:-true}"


def test_only_web_runs_migrations(services):
    assert str(_environment(services["web"]).get("RUN_MIGRATIONS")) == "1"
    for name in ("worker", "beat"):
        assert str(_environment(services[name]).get("RUN_MIGRATIONS", "0")) != "1", name


def test_every_compose_variable_is_documented(services, documented):
    used = set(COMPOSE_VARIABLE.findall(COMPOSE_FILE.read_text()))
    # Valueless entries pass a variable from the shell or .env straight through.
    for service in services.values():
        used |= {key for key, value in _environment(service).items() if value is None}
    assert used, "no variable found: the pattern is broken"
    assert sorted(used - documented) == []


def test_every_settings_variable_is_documented(documented):
    read = set()
    for path in SETTINGS_DIR.glob("*.py"):
        read |= set(SETTINGS_VARIABLE.findall(path.read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "SEARCH_BACKEND"} <= read, "the pattern is broken"
    assert sorted(read - documented) == []


def test_env_example_holds_no_secret_values():
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(
            r"^#?\s*(SECRET_KEY|\w*PASSWORD|\w*TOKEN|STRIPE_\w*(?:KEY|SECRET)\w*)=(.*)$", line
        )
        if match and match[2]:
            assert "change-me" in match[2], line


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


# --- docker compose's own validation, when it is installed -------------------------------


def _compose_command():
    docker = shutil.which("docker")
    candidates = ([[docker, "compose"]] if docker else []) + (
        [[shutil.which("docker-compose")]] if shutil.which("docker-compose") else []
    )
    for command in candidates:
        try:
            probe = subprocess.run([*command, "version"], capture_output=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return command
    return None


def test_docker_compose_accepts_the_file(tmp_path):
    command = _compose_command()
    if command is None:
        pytest.skip("no docker compose CLI here (the file is checked by the tests above)")
    env = _script_env(tmp_path, SECRET_KEY="compose-config-check-only")
    result = subprocess.run(
        [*command, "--file", str(COMPOSE_FILE), "config", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    refused = subprocess.run(
        [*command, "--file", str(COMPOSE_FILE), "--env-file", os.devnull, "config", "--quiet"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "SECRET_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
