"""Gunicorn settings of the load run: the CPU time each request took in the site's threads.

Passed with ``-c``. Each worker adds up, per kind of page (``kind``), the CPU time of the
thread that served the request (``time.thread_time``: Python, templates, the database
driver; not the time spent waiting for the database or the cache), and writes its totals
to ``LOAD_CPU_DIR`` every few seconds, for the runner's report. It also adds up the
garbage collector's passes, by generation (``gc genN``: how many, and the seconds they
held the process), since a full pass stops every thread of the process.
"""

from __future__ import annotations

import gc
import json
import os
import re
import threading
import time
from pathlib import Path

_started = threading.local()
_totals: dict[str, list[float]] = {}
_lock = threading.Lock()
_written = [0.0]
WRITE_EVERY_SECONDS = 2.0

KINDS = (
    (re.compile(r"^/$"), "home"),
    (re.compile(r"^/catalogue/$"), "catalogue"),
    (re.compile(r"^/catalogue/category/"), "category"),
    (re.compile(r"^/catalogue/[^/]+_\d+/$"), "product"),
    (re.compile(r"^/search/"), "search"),
    (re.compile(r"^/basket/add/"), "basket add"),
    (re.compile(r"^/checkout/shipping-address/$"), "checkout address"),
    (re.compile(r"^/checkout/preview/$"), "checkout review"),
    (re.compile(r"^/checkout/thank-you/$"), "checkout thank you"),
)


def kind(method: str, path: str) -> str:
    for pattern, name in KINDS:
        if pattern.match(path):
            return f"{method} {name}"
    return f"{method} other"


# The collector's passes, by generation. Its callbacks take no lock: a pass may start
# inside ``post_request`` while that thread holds ``_lock`` (a lock taken again there would
# never be released), and passes never overlap (the collector runs one at a time).
_collections: dict[str, list[float]] = {}
_collection_started = [0.0]


def _count_collection(phase, info):
    if phase == "start":
        _collection_started[0] = time.perf_counter()
        return
    total = _collections.setdefault(f"gc gen{info['generation']}", [0, 0.0])
    total[0] += 1
    total[1] += time.perf_counter() - _collection_started[0]


def post_worker_init(worker):
    gc.callbacks.append(_count_collection)


def pre_request(worker, req):
    _started.cpu = time.thread_time()


def post_request(worker, req, environ, resp):
    spent = time.thread_time() - getattr(_started, "cpu", time.thread_time())
    name = kind(req.method, req.path)
    with _lock:
        total = _totals.setdefault(name, [0, 0.0])
        total[0] += 1
        total[1] += spent
        due = time.monotonic() - _written[0] > WRITE_EVERY_SECONDS
        if due:
            _written[0] = time.monotonic()
            snapshot = json.dumps(_totals | dict(list(_collections.items())))
    if due and os.environ.get("LOAD_CPU_DIR"):
        path = Path(os.environ["LOAD_CPU_DIR"]) / f"cpu-{os.getpid()}.json"
        path.with_suffix(".tmp").write_text(snapshot)
        path.with_suffix(".tmp").replace(path)
