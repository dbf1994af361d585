"""A fake Vietnamese carrier API (GHN-style) on 127.0.0.1, with its failure modes.

Endpoints as the real one: fee, create (one shipment per client order code), cancel,
label (A6 PDF), detail, COD remittance. Every call needs the ``Token`` header.
Test controls under ``/_fake/``: ``mode`` (an endpoint answers 500, is slow, or refuses
the request as bad), ``shipments`` (what was created), ``data`` (DELETE forgets all), and
``statement`` (the lines of a COD remittance statement by its id) and ``emit`` (send a
signed status webhook to a URL).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "carrier-test-token"  # noqa: S105 (only the fake accepts it)
STATE = {"shipments": {}, "modes": {}, "statements": {}, "counter": 0}
LOCK = threading.Lock()
ENDPOINTS = {
    "/v2/shipping-order/fee": "fee",
    "/v2/shipping-order/create": "create",
    "/v2/switch-status/cancel": "cancel",
    "/v2/shipping-order/label": "label",
    "/v2/shipping-order/detail": "detail",
    "/v2/cod/remittance": "remittance",
}


def fee_for(body: dict) -> int:
    weight = int(body.get("weight") or 0)
    same_province = (
        str(body.get("from_commune_code", ""))[:2] == str(body.get("to_commune_code", ""))[:2]
    )
    base = 22000 if same_province else 32000
    extra = max(0, (weight - 500 + 499) // 500) * 5000
    express = 15000 if body.get("service_type") == "express" else 0
    cod_fee = int(int(body.get("cod_value") or body.get("cod_amount") or 0) * 0.01)
    return base + extra + express + cod_fee


def label_pdf(code: str) -> bytes:
    from PIL import Image, ImageDraw  # the fake only

    image = Image.new("RGB", (620, 874), "white")
    ImageDraw.Draw(image).text((20, 20), code, fill="black")
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(
        self, status: int, payload=None, *, raw: bytes | None = None, ctype="application/json"
    ):
        body = raw if raw is not None else json.dumps(payload).encode()
        # "slow": the work is done (a shipment is booked), the answer comes too late.
        time.sleep(getattr(self, "delay", 0))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        if self.path.startswith("/_fake/data"):
            with LOCK:
                STATE["shipments"].clear()
                STATE["modes"].clear()
                STATE["statements"].clear()
            return self._send(200, {"ok": True})
        self._send(404, {"message": "not found"})

    def _route(self, method: str):
        url = urlparse(self.path)
        if url.path.startswith("/_fake/"):
            return self._control(method, url)
        endpoint = ENDPOINTS.get(url.path)
        if endpoint is None:
            return self._send(404, {"code": 404, "message": "not found"})
        if self.headers.get("Token") != TOKEN:
            return self._send(401, {"code": 401, "message": "bad token"})
        body = self._body() if method == "POST" else {}
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        mode = STATE["modes"].get(endpoint, {})
        if mode.get("mode") == "500":
            return self._send(500, {"code": 500, "message": "internal error"})
        if mode.get("mode") == "bad":
            return self._send(400, {"code": 400, "message": "Địa chỉ nhận không hợp lệ"})
        self.delay = float(mode.get("seconds", 5)) if mode.get("mode") == "slow" else 0
        return getattr(self, f"_{endpoint}")(body, query)

    def _fee(self, body, query):
        total = fee_for(body)
        return self._send(200, {"code": 200, "data": {"total": total, "service_fee": total}})

    def _create(self, body, query):
        code = body.get("client_order_code")
        if not code or not body.get("to_commune_code") or not body.get("weight"):
            return self._send(400, {"code": 400, "message": "missing fields"})
        with LOCK:
            existing = STATE["shipments"].get(code)
            if existing is None:
                STATE["counter"] += 1
                existing = {
                    **body,
                    "order_code": f"GH{STATE['counter']:06d}",
                    "total_fee": fee_for(body),
                    "status": "ready_to_pick",
                    "log": [{"status": "ready_to_pick", "updated_date": "now"}],
                }
                STATE["shipments"][code] = existing
        data = {k: existing[k] for k in ("order_code", "total_fee")}
        return self._send(200, {"code": 200, "data": data})

    def _find(self, order_code):
        for row in STATE["shipments"].values():
            if row["order_code"] == order_code:
                return row
        return None

    def _cancel(self, body, query):
        results = []
        for order_code in body.get("order_codes", []):
            row = self._find(order_code)
            ok = row is not None and row["status"] == "ready_to_pick"
            if ok:
                row["status"] = "cancel"
            results.append({"order_code": order_code, "result": ok})
        return self._send(200, {"code": 200, "data": results})

    def _label(self, body, query):
        row = self._find(query.get("order_code"))
        if row is None or row["status"] == "cancel":
            return self._send(400, {"code": 400, "message": "no such shipment"})
        return self._send(200, raw=label_pdf(row["order_code"]), ctype="application/pdf")

    def _detail(self, body, query):
        row = self._find(body.get("order_code"))
        if row is None:
            return self._send(400, {"code": 400, "message": "no such shipment"})
        return self._send(200, {"code": 200, "data": {"status": row["status"], "log": row["log"]}})

    def _remittance(self, body, query):
        if query.get("id") in STATE["statements"]:  # a statement the test wrote
            lines = STATE["statements"][query["id"]]
            return self._send(200, {"code": 200, "data": {"id": query["id"], "lines": lines}})
        lines = [
            {
                "order_code": row["order_code"],
                "client_order_code": code,
                "cod_amount": row.get("cod_amount", 0),
                "shipping_fee": row["total_fee"],
                "cod_fee": 0,
            }
            for code, row in STATE["shipments"].items()
            if row["status"] == "delivered"
        ]
        return self._send(200, {"code": 200, "data": {"id": query.get("id"), "lines": lines}})

    def _control(self, method, url):
        if url.path == "/_fake/shipments":
            return self._send(200, list(STATE["shipments"].values()))
        if url.path == "/_fake/mode" and method == "POST":
            body = self._body()
            STATE["modes"][body["endpoint"]] = body
            return self._send(200, {"ok": True})
        if url.path == "/_fake/statement" and method == "POST":
            body = self._body()
            STATE["statements"][body["id"]] = body["lines"]
            return self._send(200, {"ok": True})
        if url.path == "/_fake/emit" and method == "POST":
            return self._emit(self._body())
        return self._send(404, {"message": "not found"})

    def _emit(self, body):
        row = self._find(body["order_code"])
        if row is not None:
            row["status"] = body["status"]
            row["log"].append({"status": body["status"], "updated_date": body.get("time", "")})
        payload = json.dumps(
            {
                "order_code": body["order_code"],
                "client_order_code": row
                and next((c for c, r in STATE["shipments"].items() if r is row), ""),
                "status": body["status"],
                "time": body.get("time", ""),
            }
        ).encode()
        signature = hmac.new(body["secret"].encode(), payload, hashlib.sha256).hexdigest()
        request = urllib.request.Request(
            body["url"],
            data=payload,
            headers={"Content-Type": "application/json", "X-Carrier-Signature": signature},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as answer:  # noqa: S310 (127.0.0.1 only)
                status, text = answer.status, answer.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode()
        return self._send(200, {"status": status, "answer": text})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
