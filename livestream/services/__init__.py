"""Writes for live selling: schedule, products and live prices, start/end, pins, attribution.

Every function validates, writes in one transaction and raises ``LiveError`` (with a
message the user can read) instead of changing anything when the input is wrong. The
functions live in one module per concern; import them from here.
"""

from .attribution import (
    ATTRIBUTION_SESSION_KEY,
    attribute_order,
    in_attribution_window,
    record_visit,
)
from .base import LiveDetails, LiveError
from .buyers import file_complaint, follow, reminder_window, unfollow
from .hosts import host_is_verified, revoke_host, verify_host
from .pins import pin_product
from .prices import BENEFIT_CLASS, normal_price, set_live_products, sync_offer_windows
from .schedule import cancel_live, end_live, schedule_live, start_live, update_live

__all__ = [
    "ATTRIBUTION_SESSION_KEY",
    "BENEFIT_CLASS",
    "LiveDetails",
    "LiveError",
    "attribute_order",
    "cancel_live",
    "end_live",
    "file_complaint",
    "follow",
    "host_is_verified",
    "in_attribution_window",
    "normal_price",
    "pin_product",
    "record_visit",
    "reminder_window",
    "revoke_host",
    "schedule_live",
    "set_live_products",
    "start_live",
    "sync_offer_windows",
    "unfollow",
    "update_live",
    "verify_host",
]
