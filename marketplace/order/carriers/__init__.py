"""Carriers behind one interface: quote, create a shipment, label, cancel, track, remittance.

``get_carrier()`` answers the configured carrier (``CARRIER_API_URL``) or, without one,
the flat-fee carrier: each seller's own shipping rule and a label printed by the site.
Callers only see the types of ``base``, never a provider's wire format.
"""

from __future__ import annotations

from django.conf import settings

from .base import (
    SERVICES,
    CarrierError,
    CarrierUnavailable,
    CreatedShipment,
    Parcel,
    Place,
    Quote,
    RemittanceLine,
    TrackingEvent,
)
from .flat import FlatCarrier
from .http_carrier import HttpCarrier

__all__ = [
    "SERVICES",
    "CarrierError",
    "CarrierUnavailable",
    "CreatedShipment",
    "Parcel",
    "Place",
    "Quote",
    "RemittanceLine",
    "TrackingEvent",
    "get_carrier",
    "is_configured",
]


def is_configured() -> bool:
    return bool(settings.CARRIER_API_URL)


def get_carrier() -> FlatCarrier | HttpCarrier:
    """The carrier that ships parcels now: the HTTP provider when configured, else flat."""
    return HttpCarrier() if is_configured() else FlatCarrier()
