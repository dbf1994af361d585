# syntax=docker/dockerfile:1
# Image for the web (gunicorn), worker and beat (Celery) services of docker-compose.yml.
#   docker build -t cho-lang .
# Runtime configuration comes only from environment variables: see .env.example.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Dependencies: a virtualenv built from the lock file -----------------------------------
FROM ${PYTHON_IMAGE} AS deps

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /build
COPY pyproject.toml requirements.lock ./
# requirements.lock pins every package (runtime and dev extras) to the versions resolved
# from pyproject.toml. The image installs the runtime dependencies only, each at exactly the
# version in the lock: test tools (browsers, fake servers) stay out of production.
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > requirements-runtime.txt \
    && pip install --requirement requirements-runtime.txt --constraint requirements.lock \
    && pip check

# --- Application ------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings.production \
    PORT=8000

# pg_dump/pg_restore for `manage.py backup` and `restore`, matching the PostgreSQL 16 server
# of docker-compose.yml (Debian's own client is 15, which refuses to dump a 16 server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*
ENV PG_BIN_DIR=/usr/lib/postgresql/16/bin

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app

COPY --from=deps /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the app user can read it but not change it.
COPY . .

# Translations whose .mo is not committed (compiled with Babel: no gettext in the image),
# byte-code, then static files.
# collectstatic imports the production settings, which refuse to start without a
# SECRET_KEY: a throwaway value is given to this one command only and is not kept in the
# image's environment.
RUN find . -name '*.po' -path '*/LC_MESSAGES/*' -exec sh -c \
        'for po; do [ -e "${po%.po}.mo" ] || pybabel compile -i "$po" -o "${po%.po}.mo" || exit 1; done' \
        sh {} + \
    && python -m compileall -q . \
    && SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && mkdir -p var/media var/private var/backups \
    && chown -R app:app var/media var/private var/backups

USER app

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=15s --start-period=120s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py", "web"]

ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "marketplace.wsgi:application"]
