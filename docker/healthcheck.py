"""Container health checks, with the standard library only (no curl in the image).

``python docker/healthcheck.py web``  GET /healthz on the local gunicorn (the database
answers); ``python docker/healthcheck.py beat``  the Celery broker is reachable.
Exit status 0 means healthy.
"""

import os
import sys
import urllib.request
from urllib.parse import urlsplit


def _host_header() -> str:
    """A name Django accepts: the first concrete entry of ALLOWED_HOSTS."""
    for entry in os.environ.get("ALLOWED_HOSTS", "").split(","):
        name = entry.strip().lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def check_web() -> bool:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": _host_header()}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (fixed URL)
        return response.status == 200


def check_beat() -> bool:
    from kombu import Connection

    url = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
    if not urlsplit(url).scheme:
        raise RuntimeError("CELERY_BROKER_URL is not set")
    with Connection(url, connect_timeout=5) as connection:
        connection.ensure_connection(max_retries=1)
    return True


CHECKS = {"web": check_web, "beat": check_beat}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in CHECKS:
        print(f"usage: healthcheck.py {{{'|'.join(CHECKS)}}}", file=sys.stderr)
        return 2
    try:
        healthy = CHECKS[argv[1]]()
    except Exception as exc:  # any failure means unhealthy; say why in `docker inspect`
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
