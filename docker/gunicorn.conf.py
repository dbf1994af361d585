"""Gunicorn settings for the container image; the knobs come from the environment.

Scale one container with GUNICORN_WORKERS (processes) and GUNICORN_THREADS; scale out by
running more containers behind a load balancer (web nodes keep no local state).

Each process serves its requests in threads: most of a request's time is spent waiting
for PostgreSQL, Redis or the search server, and a thread waiting leaves the CPU to the
others. One process per CPU with ten threads each served the most shoppers, with the
shortest waits, in the load run (``python -m bench.load``: two CPUs, 6, 10 and 16 threads
tried). Every thread keeps its own database connection (``DB_CONN_MAX_AGE``): a container
holds up to processes × threads of them.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "10"))
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
