"""The search engine client for catalogue search, built in one place.

``get_client()`` reads ``ELASTICSEARCH_URL``; timeouts are short and retries off so a
search server that is down makes a page fall back quickly instead of hanging a worker.

The client works with Elasticsearch 8 and with OpenSearch 2 and adapts to the server it
finds, as its root endpoint says. The Elasticsearch 8 client sends versioned media types
(``application/vnd.elasticsearch+json; compatible-with=8``), which OpenSearch refuses
with 406, and refuses any answer without ``X-Elastic-Product: Elasticsearch``. For an
OpenSearch server the connection node sends plain JSON and marks the answers; an
Elasticsearch server gets the stock node. Nothing else in the project knows which engine
answers.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from functools import lru_cache

from django.conf import settings
from elastic_transport import HttpHeaders, Urllib3HttpNode
from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_SECONDS = 3.0
PROBE_TIMEOUT_SECONDS = 2.0

ELASTICSEARCH = "elasticsearch"
OPENSEARCH = "opensearch"

_VERSIONED_MEDIA_TYPE = re.compile(
    r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+", re.IGNORECASE
)
# Our own server: a proxy from the environment must not sit in between.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_flavours: dict[str, str] = {}
_flavours_lock = threading.Lock()
# After a failed probe, pages do not pay for another one for this long.
PROBE_RETRY_SECONDS = 30.0
_failed_probes: dict[str, float] = {}


class OpenSearchNode(Urllib3HttpNode):
    """A connection node that speaks to OpenSearch for the Elasticsearch 8 client."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = HttpHeaders(headers.items())
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _VERSIONED_MEDIA_TYPE.sub(r"application/\1", headers[name])
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        answer_headers = HttpHeaders(response.meta.headers.items())
        answer_headers["x-elastic-product"] = "Elasticsearch"
        meta = dataclasses.replace(response.meta, headers=answer_headers)
        return response._replace(meta=meta)


def server_flavour(url: str) -> str | None:
    """``"opensearch"`` or ``"elasticsearch"`` as the server's root endpoint says.

    Remembered per URL once known; ``None`` while the server cannot be reached (asked
    again next time, so a server that starts later is still recognised).
    """
    if known := _flavours.get(url):
        return known
    if time.monotonic() - _failed_probes.get(url, -PROBE_RETRY_SECONDS) < PROBE_RETRY_SECONDS:
        return None
    try:
        with _opener.open(url.rstrip("/") + "/", timeout=PROBE_TIMEOUT_SECONDS) as response:
            info = json.load(response)
    except (OSError, ValueError, urllib.error.HTTPError):
        _failed_probes[url] = time.monotonic()
        return None
    distribution = str((info.get("version") or {}).get("distribution", ""))
    flavour = OPENSEARCH if distribution.lower() == OPENSEARCH else ELASTICSEARCH
    with _flavours_lock:
        _flavours[url] = flavour
    return flavour


def node_class_for(url: str) -> type[Urllib3HttpNode]:
    """The connection node for the server at ``url``.

    While the server is unreachable the plain-JSON node is the safe choice: Elasticsearch
    8 accepts plain JSON too, so only the product mark would be wrong, and no answer
    arrives anyway.
    """
    return Urllib3HttpNode if server_flavour(url) == ELASTICSEARCH else OpenSearchNode


def get_client() -> Elasticsearch:
    """The shared client for ``settings.ELASTICSEARCH_URL``.

    Clients are cached per (URL, node class): each holds a connection pool worth reusing.
    """
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise ValueError("ELASTICSEARCH_URL is not set")
    return _build_client(url, node_class_for(url))


@lru_cache(maxsize=8)
def _build_client(url: str, node_class: type[Urllib3HttpNode]) -> Elasticsearch:
    return Elasticsearch(
        url,
        request_timeout=REQUEST_TIMEOUT_SECONDS,
        max_retries=0,
        retry_on_timeout=False,
        node_class=node_class,
    )
