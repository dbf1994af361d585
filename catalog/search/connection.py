"""The Elasticsearch client for catalogue search, built in one place.

``get_client()`` reads ``ELASTICSEARCH_URL``; timeouts are short and retries off so a
search server that is down makes a page fall back quickly instead of hanging a worker.

``ELASTICSEARCH_PLAIN_JSON`` exists only for the in-memory search server the test suite
runs: the Elasticsearch 8 client sends ``application/vnd.elasticsearch+json;
compatible-with=8`` media types, which that server refuses with 406. With the setting on,
the client talks plain ``application/json`` (and ``application/x-ndjson`` for bulk). A
real Elasticsearch cluster understands the versioned types: never set it in production.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from elastic_transport import HttpHeaders, Urllib3HttpNode
from elasticsearch import Elasticsearch

REQUEST_TIMEOUT_SECONDS = 3.0

_VERSIONED_MEDIA_TYPE = re.compile(
    r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+", re.IGNORECASE
)


class PlainJsonNode(Urllib3HttpNode):
    """A connection node that sends plain media types instead of versioned ones."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = HttpHeaders(headers.items())
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _VERSIONED_MEDIA_TYPE.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def get_client() -> Elasticsearch:
    """The shared client for ``settings.ELASTICSEARCH_URL``.

    Clients are cached per (URL, mode): each holds a connection pool worth reusing.
    """
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise ValueError("ELASTICSEARCH_URL is not set")
    return _build_client(url, bool(getattr(settings, "ELASTICSEARCH_PLAIN_JSON", False)))


@lru_cache(maxsize=8)
def _build_client(url: str, plain_json: bool) -> Elasticsearch:
    options = {}
    if plain_json:
        options["node_class"] = PlainJsonNode
    return Elasticsearch(
        url,
        request_timeout=REQUEST_TIMEOUT_SECONDS,
        max_retries=0,
        retry_on_timeout=False,
        **options,
    )
