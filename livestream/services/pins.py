"""Pins during a live: one product highlighted at a time; the history makes chapters."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import LiveProduct, LiveSession, PinEvent
from .base import LiveError, Status


def pin_product(*, live: LiveSession, item_id: int, actor) -> LiveProduct:
    """Pin one product of the live (viewers see it highlighted); history makes chapters."""
    if live.status != Status.LIVE:
        raise LiveError(_("Start the live before pinning a product."))
    item = live.items.filter(pk=item_id, shown=True).first()
    if item is None:
        raise LiveError(_("This product is not in this live."))
    with transaction.atomic():
        now = timezone.now()
        live.pinned, live.pinned_at = item, now
        live.save(update_fields=["pinned", "pinned_at"])
        PinEvent.objects.create(live=live, item=item, at=now, by=actor)
    return item
