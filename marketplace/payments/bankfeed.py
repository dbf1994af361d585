"""The bank-notification feed: the one door for what the bank tells us about transfers.

Vietnamese notification services (SePay, Casso, payOS) post one JSON object per bank
transaction: its id, the account, the amount, the message the sender typed, the time,
and whether money came in or went out. We sign nothing and call nothing back; we only
check the HMAC-SHA256 of the raw body, made with the secret we share with the service,
before reading a single field.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings

SIGNATURE_HEADER = "X-Bank-Signature"
BANK_TIME = ZoneInfo("Asia/Ho_Chi_Minh")  # banks send local time without a zone


class BadSignature(Exception):
    """The body was not signed with our shared secret (or no secret is set)."""


class Malformed(ValueError):
    """Signed, but not a notification we can read."""


@dataclass(frozen=True)
class Notification:
    transaction_id: str
    account_number: str
    amount: Decimal
    memo: str
    transacted_at: datetime
    direction: str  # "in" or "out"


def sign(body: bytes, secret: str) -> str:
    """The signature the service sends for ``body`` (hex HMAC-SHA256)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None) -> None:
    """Raise ``BadSignature`` unless ``signature`` is the body's HMAC with our secret."""
    secret = settings.BANK_WEBHOOK_SECRET
    if not secret or not signature:
        raise BadSignature("missing secret or signature")
    expected = sign(body, secret)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise BadSignature("signature mismatch")


def _time(value) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise Malformed(f"bad transaction time {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=BANK_TIME)


def parse(body: bytes) -> Notification:
    """Read a verified body (the SePay field names; Casso's and payOS's map onto them)."""
    try:
        data = json.loads(body)
        amount = Decimal(str(data["transferAmount"]))
        transaction_id = str(data["id"]).strip()
    except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
        raise Malformed("not a bank notification") from exc
    if not transaction_id or amount <= 0 or amount != amount.to_integral_value():
        raise Malformed("bad id or amount")
    return Notification(
        transaction_id=transaction_id[:64],
        account_number=str(data.get("accountNumber") or "").strip()[:32],
        amount=amount,
        memo=str(data.get("content") or data.get("description") or "")[:255],
        transacted_at=_time(data.get("transactionDate", "")),
        direction=str(data.get("transferType") or "in").lower(),
    )
