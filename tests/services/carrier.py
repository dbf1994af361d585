"""The fake carrier (tests/services/carrier_main.py), run as a separate process."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from tests.services.base import ManagedProcess, http_answers, no_proxy_opener

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class CarrierServer(ManagedProcess):
    name = "carrier"
    startup_timeout = 15.0
    token = "carrier-test-token"  # noqa: S105 (only the fake accepts it)

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-m", "tests.services.carrier_main", "--port", str(port)]

    def cwd(self) -> str:
        return str(PROJECT_ROOT)

    def is_ready(self) -> bool:
        return http_answers(self.url + "/_fake/shipments")

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with no_proxy_opener.open(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def reset(self) -> None:
        """Forget every shipment and failure mode."""
        self._call("DELETE", "/_fake/data")

    def set_mode(self, endpoint: str, mode: str, seconds: float = 5) -> None:
        """``mode``: "500", "slow" (answers after ``seconds``), "bad" (400) or "ok"."""
        self._call("POST", "/_fake/mode", {"endpoint": endpoint, "mode": mode, "seconds": seconds})

    def set_statement(self, statement_id: str, lines: list[dict]) -> None:
        """The lines the carrier answers for COD remittance statement ``statement_id``."""
        self._call("POST", "/_fake/statement", {"id": statement_id, "lines": lines})

    def shipments(self) -> list[dict]:
        return self._call("GET", "/_fake/shipments")

    def emit(self, *, order_code: str, status: str, url: str, secret: str, time: str = ""):
        """Send a signed status webhook to ``url``; returns our answer's status and text."""
        return self._call(
            "POST",
            "/_fake/emit",
            {
                "order_code": order_code,
                "status": status,
                "url": url,
                "secret": secret,
                "time": time,
            },
        )
