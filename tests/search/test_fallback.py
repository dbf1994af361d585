"""When Elasticsearch stops, stalls or errors, pages are answered from the database."""

import http.server
import logging
import socket
import threading
import time
import uuid

import pytest
from django.urls import reverse

from catalog.search import connection, services
from catalog.search.selectors import reset_cooldown
from tests.factories import sellable_product
from tests.search.conftest import es_settings

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture
def own_search_server(settings):
    """A search server of this test's own, which the test may stop."""
    from tests.services.search import SearchServer
    from tests.skips import start_or_skip

    server = start_or_skip(SearchServer())
    settings.ELASTICSEARCH_INDEX_PREFIX = f"fallback-{uuid.uuid4().hex[:8]}"
    es_settings(settings, server.url)
    reset_cooldown()
    yield server
    server.stop()
    reset_cooldown()


def search(client, q="che shan tuyet"):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_stopping_the_search_server_mid_test_falls_back_to_the_database(
    own_search_server, client, caplog
):
    sellable_product(title="Chè Shan Tuyết Tân Lập")
    services.rebuild_index()
    html = search(client)
    assert 'data-search-backend="elasticsearch"' in html and "Tân Lập" in html

    own_search_server.stop()
    with caplog.at_level(logging.WARNING):
        html = search(client)
    assert 'data-search-backend="database"' in html and "Tân Lập" in html
    assert "unreachable" in caplog.text

    # Later requests do not wait for the dead server, and every page keeps working.
    started = time.monotonic()
    assert "Tân Lập" in search(client)
    assert time.monotonic() - started < 2
    suggestions = client.get(reverse("search:suggest"), {"q": "che sh"}).json()["suggestions"]
    assert suggestions[0]["label"] == "Chè Shan Tuyết Tân Lập"
    assert client.get(reverse("catalogue:index")).status_code == 200


@pytest.fixture
def stalled_server():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"error": "boom"}')

    do_POST = do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_server():
    """Answers every request with HTTP 500."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("broken", ["stalled_server", "failing_server"])
def test_a_stalled_or_failing_search_server_still_gives_results(
    request, settings, client, monkeypatch, broken
):
    monkeypatch.setattr(connection, "REQUEST_TIMEOUT_SECONDS", 0.5)
    es_settings(settings, request.getfixturevalue(broken))
    reset_cooldown()
    sellable_product(title="Chè Shan Tuyết Tân Lập")
    started = time.monotonic()
    html = search(client)
    assert 'data-search-backend="database"' in html and "Tân Lập" in html
    assert time.monotonic() - started < 5
    reset_cooldown()
