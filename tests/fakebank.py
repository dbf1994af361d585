"""A fake bank-notification service: builds notifications the way SePay-style services
send them, signs the raw body with the shared secret and posts it, either through
Django's test client or over HTTP to a server on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import urllib.request
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from marketplace.payments import bankfeed

SECRET = "test-bank-secret"  # noqa: S105 (the tests' shared secret, not a real one)
ACCOUNT = "0000123456789"
BANK_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
_ids = itertools.count(9_100_000)


class FakeBank:
    def __init__(self, secret: str = SECRET, account: str = ACCOUNT):
        self.secret, self.account = secret, account

    def notification(
        self, *, amount, content: str, when: datetime | None = None, account=None, tx_id=None
    ) -> bytes:
        """One incoming transfer as the service sends it (bank local time, no zone)."""
        when = (when or datetime.now(BANK_TIME)).astimezone(BANK_TIME)
        body = {
            "id": tx_id if tx_id is not None else next(_ids),
            "gateway": "BIDV",
            "transactionDate": when.strftime("%Y-%m-%d %H:%M:%S"),
            "accountNumber": account or self.account,
            "code": None,
            "content": content,
            "transferType": "in",
            "transferAmount": int(Decimal(amount)),
            "accumulated": 0,
            "subAccount": None,
            "referenceCode": "FT26339" + str(tx_id or 0),
            "description": "",
        }
        return json.dumps(body, ensure_ascii=False).encode()

    def headers(self, body: bytes, secret: str | None = None) -> dict:
        return {bankfeed.SIGNATURE_HEADER: bankfeed.sign(body, secret or self.secret)}

    def post(self, client, body: bytes, *, secret: str | None = None):
        """Deliver ``body`` through Django's test client."""
        return client.post(
            "/webhooks/bank/",
            body,
            content_type="application/json",
            headers=self.headers(body, secret),
        )

    def post_http(self, base_url: str, body: bytes) -> int:
        """Deliver ``body`` over HTTP to a local server; returns the status code."""
        assert base_url.startswith("http://127.0.0.1"), "the fake bank only talks to 127.0.0.1"
        request = urllib.request.Request(
            base_url.rstrip("/") + "/webhooks/bank/",
            data=body,
            headers={"Content-Type": "application/json", **self.headers(body)},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1)
            return response.status
