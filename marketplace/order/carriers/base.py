"""What every carrier speaks: parcels, quotes, shipments, tracking and remittance lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


class CarrierError(Exception):
    """The carrier refused the request (bad address, unknown shipment): nothing was done."""


class CarrierUnavailable(CarrierError):
    """The carrier did not answer in time or failed on its side: the outcome is unknown."""


@dataclass(frozen=True)
class Place:
    """One end of a parcel: a person at an address in a commune (admin unit code)."""

    name: str
    phone: str
    address: str
    commune_code: str


@dataclass(frozen=True)
class Parcel:
    sender: Place
    receiver: Place
    grams: int
    cod_amount: Decimal = Decimal(0)
    insurance_value: Decimal = Decimal(0)
    service: str = "standard"
    items: list = field(default_factory=list)  # [(name, quantity), ...]
    note: str = ""


@dataclass(frozen=True)
class Quote:
    fee: Decimal
    estimated: bool = False  # True: the fallback fee, the carrier's own was not had


@dataclass(frozen=True)
class CreatedShipment:
    tracking_code: str
    fee: Decimal


@dataclass(frozen=True)
class TrackingEvent:
    status: str
    at: str  # ISO 8601 as the carrier sent it


@dataclass(frozen=True)
class RemittanceLine:
    tracking_code: str
    client_code: str
    cod_collected: Decimal
    shipping_fee: Decimal
    cod_fee: Decimal


SERVICES = ("standard", "express")
