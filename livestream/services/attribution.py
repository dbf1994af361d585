"""Attribution: click-throughs, basket adds and orders counted for the live they came from."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    LiveOrder,
    LiveProduct,
    LiveSession,
    LiveVisit,
)
from .base import Status

ATTRIBUTION_SESSION_KEY = "live_attribution"


def _visitor(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return hashlib.sha256(request.session.session_key.encode()).hexdigest()


def in_attribution_window(live: LiveSession, at: datetime) -> bool:
    return live.status != Status.CANCELLED and live.window_start <= at <= live.attribution_end


def record_visit(*, request, live: LiveSession, item: LiveProduct | None, kind: str, source: str):
    """Count a click-through or basket add, and remember the live for order attribution.

    Outside the live and its 2-hour tail nothing is recorded.
    """
    now = timezone.now()
    if not in_attribution_window(live, now):
        return None
    request.session[ATTRIBUTION_SESSION_KEY] = {"live": live.pk, "at": now.isoformat()}
    return LiveVisit.objects.create(
        live=live, item=item, kind=kind, source=source, visitor=_visitor(request), at=now
    )


def attribute_order(*, order, request) -> LiveOrder | None:
    """Attribute a just-placed order to the live the buyer came from, if still in its window.

    Idempotent: a second call for the same order changes nothing.
    """
    mark = request.session.get(ATTRIBUTION_SESSION_KEY)
    if not mark:
        return None
    existing = LiveOrder.objects.filter(order=order).first()
    if existing is not None:
        return existing
    live = LiveSession.objects.select_related("seller").filter(pk=mark.get("live")).first()
    now = timezone.now()
    try:
        clicked_at = datetime.fromisoformat(mark["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if live is None or not (
        in_attribution_window(live, clicked_at) and in_attribution_window(live, now)
    ):
        return None
    gmv = sum(
        (
            line.line_price_incl_tax
            for line in order.lines.all()
            if line.partner_id == live.seller.partner_id
        ),
        Decimal("0"),
    )
    if not gmv:
        return None
    try:
        with transaction.atomic():
            return LiveOrder.objects.create(live=live, order=order, gmv=gmv, at=now)
    except IntegrityError:  # a concurrent call won the race
        return LiveOrder.objects.get(order=order)
