#!/bin/sh
# Entrypoint of every container built from the project image (web, worker, beat and
# one-off `docker compose run` commands): wait for the database, apply migrations when
# RUN_MIGRATIONS=1 (the web service only), then become the given command so that it
# receives the container's signals directly.
set -eu

here=$(dirname "$0")

python "$here/wait_for_db.py"

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    python "$here/migrate.py"
fi

exec "$@"
