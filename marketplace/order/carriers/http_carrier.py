"""The only door to the carrier's HTTP API (GHN/GHTK-style); nothing else imports ``requests``.

Fees are quoted by sender and receiver commune, weight, service, COD amount and insured
value. A shipment is created under our own client order code: the carrier keeps one
shipment per code, so a retry after a timeout finds the first one instead of making a
second. Labels come as A6 PDF (or PNG). Status webhooks carry ``X-Carrier-Signature``,
the hex HMAC-SHA256 of the body with the shared secret. Every call has a short timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal

import requests
from django.conf import settings

from .base import (
    CarrierError,
    CarrierUnavailable,
    CreatedShipment,
    Parcel,
    Place,
    Quote,
    RemittanceLine,
    TrackingEvent,
)

# The carrier's statuses, as our normalised steps of a parcel's journey.
STATUSES = {
    "ready_to_pick": "created",
    "picking": "created",
    "picked": "picked_up",
    "storing": "in_transit",
    "transporting": "in_transit",
    "delivering": "in_transit",
    "delivery_fail": "in_transit",
    "delivered": "delivered",
    "waiting_to_return": "returning",
    "return": "returning",
    "returned": "returned",
    "cancel": "cancelled",
}


class BadSignature(Exception):
    """A webhook whose signature does not verify against ``CARRIER_WEBHOOK_SECRET``."""


def _place(prefix: str, place: Place) -> dict:
    return {
        f"{prefix}_name": place.name,
        f"{prefix}_phone": place.phone,
        f"{prefix}_address": place.address,
        f"{prefix}_commune_code": place.commune_code,
    }


class HttpCarrier:
    """The configured carrier; raises ``CarrierError`` / ``CarrierUnavailable`` only."""

    live_quotes = True
    code = "carrier"

    def __init__(self) -> None:
        self.base = settings.CARRIER_API_URL.rstrip("/")
        self.timeout = settings.CARRIER_TIMEOUT_SECONDS

    def _call(self, method: str, path: str, *, body: dict | None = None, params=None):
        try:
            response = requests.request(
                method,
                self.base + path,
                json=body,
                params=params,
                headers={"Token": settings.CARRIER_API_TOKEN},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise CarrierUnavailable(str(exc)) from exc
        if response.status_code >= 500:
            raise CarrierUnavailable(f"carrier answered {response.status_code}")
        if response.status_code >= 400:
            try:
                message = response.json().get("message", "")
            except ValueError:
                message = response.text[:200]
            raise CarrierError(message or f"carrier answered {response.status_code}")
        return response

    def _data(self, method: str, path: str, **kwargs):
        try:
            return self._call(method, path, **kwargs).json()["data"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CarrierUnavailable(f"unreadable answer: {exc}") from exc

    def quote(self, parcel: Parcel) -> Quote:
        data = self._data(
            "POST",
            "/v2/shipping-order/fee",
            body={
                "from_commune_code": parcel.sender.commune_code,
                "to_commune_code": parcel.receiver.commune_code,
                "weight": parcel.grams,
                "service_type": parcel.service,
                "cod_value": int(parcel.cod_amount),
                "insurance_value": int(parcel.insurance_value),
            },
        )
        return Quote(fee=Decimal(int(data["total"])))

    def create_shipment(self, parcel: Parcel, *, client_code: str) -> CreatedShipment:
        body = {
            "client_order_code": client_code,
            **_place("from", parcel.sender),
            **_place("to", parcel.receiver),
            "weight": parcel.grams,
            "service_type": parcel.service,
            "cod_amount": int(parcel.cod_amount),
            "insurance_value": int(parcel.insurance_value),
            "items": [{"name": name, "quantity": qty} for name, qty in parcel.items],
            "note": parcel.note,
        }
        data = self._data("POST", "/v2/shipping-order/create", body=body)
        return CreatedShipment(
            tracking_code=str(data["order_code"]), fee=Decimal(int(data["total_fee"]))
        )

    def cancel(self, tracking_code: str) -> None:
        """Cancel before pickup; cancelling an already cancelled parcel succeeds."""
        data = self._data("POST", "/v2/switch-status/cancel", body={"order_codes": [tracking_code]})
        if any(row.get("result") for row in data or []):
            return
        # A cancel whose answer was lost the first time: the parcel is already cancelled.
        detail = self._data("POST", "/v2/shipping-order/detail", body={"order_code": tracking_code})
        if detail.get("status") != "cancel":
            raise CarrierError("the carrier would not cancel this shipment")

    def label(self, tracking_code: str, *, parcel: Parcel, headings: dict) -> tuple[bytes, str]:
        """The carrier's own A6 PDF label (it prints its barcode and sorting codes)."""
        response = self._call(
            "GET", "/v2/shipping-order/label", params={"order_code": tracking_code, "format": "pdf"}
        )
        return response.content, response.headers.get("Content-Type", "application/pdf")

    def track(self, tracking_code: str) -> list[TrackingEvent]:
        data = self._data("POST", "/v2/shipping-order/detail", body={"order_code": tracking_code})
        return [
            TrackingEvent(status=STATUSES.get(row["status"], row["status"]), at=row["updated_date"])
            for row in data.get("log", [])
        ]

    def remittance(self, statement_id: str) -> list[RemittanceLine]:
        data = self._data("GET", "/v2/cod/remittance", params={"id": statement_id})
        return [
            RemittanceLine(
                tracking_code=str(row["order_code"]),
                client_code=str(row.get("client_order_code", "")),
                cod_collected=Decimal(int(row["cod_amount"])),
                shipping_fee=Decimal(int(row["shipping_fee"])),
                cod_fee=Decimal(int(row["cod_fee"])),
            )
            for row in data.get("lines", [])
        ]


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_webhook(body: bytes, signature: str | None) -> dict:
    """The webhook's event, only if its signature verifies.

    A status update (``"kind": "status"``) comes with ``{"event_id", "tracking_code",
    "client_code", "status", "at"}``, the status normalised (see ``STATUSES``); a COD
    remittance statement ready at the carrier (``"kind": "remittance"``) with
    ``{"event_id", "statement_id"}``: its lines are fetched with ``remittance()``.
    """
    secret = settings.CARRIER_WEBHOOK_SECRET
    if not secret or not signature or not hmac.compare_digest(sign(body, secret), signature):
        raise BadSignature("missing or wrong signature")
    try:
        payload = json.loads(body)
        if payload.get("type") == "cod_remittance":
            statement = str(payload["statement_id"]).strip()
            if not statement:
                raise ValueError("empty statement id")
            return {
                "kind": "remittance",
                "event_id": str(payload.get("event_id") or ""),
                "statement_id": statement,
            }
        raw = str(payload["status"])
        return {
            "kind": "status",
            "event_id": str(payload.get("event_id") or ""),
            "tracking_code": str(payload["order_code"]),
            "client_code": str(payload.get("client_order_code") or ""),
            "status": STATUSES.get(raw, raw),
            "at": str(payload.get("time") or ""),
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise BadSignature(f"malformed payload: {exc}") from exc
