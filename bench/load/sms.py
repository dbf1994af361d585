"""The SMS gateway of the load run, in the runner's process.

The site sends its one-time codes through its ordinary HTTP SMS backend
(``POST {"to": …, "text": …}``); a simulated buyer, in any of the load generator's
processes, reads its code with ``GET /code/<phone>``, which waits up to ten seconds for
it, as a real buyer waits for the text message.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

WAIT_SECONDS = 10.0

_codes: dict[str, str] = {}
_ready = threading.Condition()


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        found = re.search(r"\b(\d{6})\b", body.get("text", ""))
        if found:
            with _ready:
                _codes[body["to"]] = found.group(1)
                _ready.notify_all()
        self.send_response(202)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        phone = unquote(self.path.rpartition("/")[2])
        with _ready:
            _ready.wait_for(lambda: phone in _codes, timeout=WAIT_SECONDS)
            code = _codes.pop(phone, "")
        self.send_response(200 if code else 404)
        self.send_header("Content-Length", str(len(code)))
        self.end_headers()
        self.wfile.write(code.encode())

    def log_message(self, *args):
        pass


def start(port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Gateway)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
