"""The HTTP SMS backend against a fake provider on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from marketplace.notifications.sms import SmsError, send_sms


class FakeProvider(BaseHTTPRequestHandler):
    received: list = []
    status = 202

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeProvider.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(FakeProvider.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeProvider.received, FakeProvider.status = [], 202
    settings.SMS_BACKEND = "marketplace.notifications.sms.HttpBackend"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_HTTP_TOKEN = "token-123"
    yield FakeProvider
    server.shutdown()
    server.server_close()


def test_http_backend_posts_json_with_the_token(provider):
    send_sms(to="+84912345678", text="Mã của bạn là 123456")
    assert provider.received == [
        ("Bearer token-123", {"to": "+84912345678", "text": "Mã của bạn là 123456"})
    ]


def test_provider_error_is_raised(provider):
    provider.status = 500
    with pytest.raises(SmsError):
        send_sms(to="+84912345678", text="x")
