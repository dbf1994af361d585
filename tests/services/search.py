"""osmem-server: an in-memory, OpenSearch-compatible search server for tests.

No Elasticsearch can be installed on the machines that run the suite; osmem speaks
enough of its API (analyzers, bool queries, aggregations, bulk) for the catalogue search.
Clients must use plain JSON media types (``ELASTICSEARCH_PLAIN_JSON``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from tests.services.base import ManagedProcess, http_answers
from tests.services.errors import ServiceUnavailable
from tests.services.ports import HOST


def osmem_binary() -> str:
    """The binary shipped in the osmem-server wheel (or OSMEM_SERVER_BIN), else on PATH."""
    try:
        from osmem_server import OsmemError, resolve_binary

        try:
            return resolve_binary()
        except OsmemError:
            pass
    except ImportError:
        pass
    for candidate in (Path(sys.executable).with_name("osmem-server"), shutil.which("osmem-server")):
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    raise ServiceUnavailable("osmem-server is not installed: pip install osmem-server")


class SearchServer(ManagedProcess):
    name = "search"
    startup_timeout = 15.0

    def command(self, port: int) -> list[str]:
        return [
            osmem_binary(),
            "-addr",
            f"{HOST}:{port}",
            "-no-ja",
            "-no-stdin-watch",
            # Exits by itself if the test process dies without stopping it.
            "-parent-pid",
            str(os.getpid()),
        ]

    def is_ready(self) -> bool:
        return http_answers(self.url + "/")
