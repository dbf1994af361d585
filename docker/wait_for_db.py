"""Wait until the PostgreSQL server named by DATABASE_URL accepts connections.

Compose already orders start-up on health checks; this covers other orchestrators and a
database that restarts. Other database engines (the embedded SQLite) need no wait.
"""

import os
import sys
import time

import environ
import psycopg


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return 0
    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        return 0
    timeout = float(os.environ.get("DB_WAIT_TIMEOUT", "60"))
    deadline = time.monotonic() + timeout
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": config.get("NAME") or None,
        "connect_timeout": 3,
        **config.get("OPTIONS", {}),
    }
    while True:
        try:
            psycopg.connect(**params).close()
            return 0
        except psycopg.OperationalError as exc:
            if time.monotonic() >= deadline:
                print(f"Database still unreachable after {timeout:.0f} s: {exc}", file=sys.stderr)
                return 1
            print("Waiting for the database...", file=sys.stderr, flush=True)
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
