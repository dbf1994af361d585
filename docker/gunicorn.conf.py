"""Gunicorn settings for the container image; the knobs come from the environment.

Scale one container with GUNICORN_WORKERS (processes) and GUNICORN_THREADS; scale out by
running more containers behind a load balancer (web nodes keep no local state).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in a dependency cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on a memory file system: a container's overlay disk can stall it.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (per-container tmpfs, not shared)
# Replicas are managed by the orchestrator; no control socket in the home directory.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
