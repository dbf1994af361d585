"""A live's life: schedule, change, cancel, start and end."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit.services import record

from ..models import LiveSession
from ..platforms import validate_stream_url
from .base import LiveDetails, LiveError, Status, check_selling
from .hosts import host_is_verified
from .prices import sync_offer_windows

# Time to fill in the form: a start a few minutes ago is still "now".
START_GRACE = timedelta(minutes=5)


def _check_details(
    *, seller, details: LiveDetails, exclude_pk=None, start_changed: bool = True
) -> None:
    check_selling(seller)
    if details.ends_at <= details.starts_at:
        raise LiveError(_("The end time must be after the start time."))
    if start_changed and details.starts_at < timezone.now() - START_GRACE:
        raise LiveError(_("The start time has already passed. Choose a time from now on."))
    try:
        validate_stream_url(details.platform, details.stream_url)
        if details.replay_url:
            validate_stream_url(details.platform, details.replay_url)
    except Exception as exc:  # ValidationError carries the readable message
        raise LiveError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
    overlapping = LiveSession.objects.filter(
        seller=seller, starts_at__lt=details.ends_at, ends_at__gt=details.starts_at
    ).exclude(status__in=[Status.CANCELLED, Status.ENDED])
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.exists():
        raise LiveError(_("This time overlaps another live of yours. Choose another time."))


def schedule_live(*, seller, actor, details: LiveDetails) -> LiveSession:
    """Create a scheduled live for ``seller``; ``actor`` may be a helper (audited as such)."""
    _check_details(seller=seller, details=details)
    with transaction.atomic():
        live = LiveSession.objects.create(
            seller=seller,
            created_by=actor,
            **{k: v for k, v in vars(details).items() if v is not None},
        )
        record(
            actor=actor,
            verb="live.scheduled",
            target=live,
            on_behalf_of=seller,
            after={"title": live.title, "starts_at": live.starts_at.isoformat()},
        )
    return live


def update_live(*, live: LiveSession, actor, details: LiveDetails) -> LiveSession:
    """Change a live that has not ended; live-price offers follow the new times."""
    if live.status in (Status.ENDED, Status.CANCELLED):
        raise LiveError(_("This live has ended and can no longer be changed."))
    _check_details(
        seller=live.seller,
        details=details,
        exclude_pk=live.pk,
        start_changed=details.starts_at != live.starts_at,
    )
    with transaction.atomic():
        for field, value in vars(details).items():
            if value is not None:
                setattr(live, field, value)
        live.save()
        sync_offer_windows(live)
        record(actor=actor, verb="live.updated", target=live, on_behalf_of=live.seller)
    return live


def cancel_live(*, live: LiveSession, actor) -> None:
    if live.status != Status.SCHEDULED:
        raise LiveError(_("Only a live that has not started can be cancelled."))
    with transaction.atomic():
        live.status = Status.CANCELLED
        live.save(update_fields=["status"])
        sync_offer_windows(live)
        record(actor=actor, verb="live.cancelled", target=live, on_behalf_of=live.seller)


def start_live(*, live: LiveSession, actor, now: datetime | None = None) -> None:
    """Go live. Refused unless the seller's host identity is verified (E-commerce Law)."""
    now = now or timezone.now()
    check_selling(live.seller)
    if not host_is_verified(live.seller):
        raise LiveError(
            _(
                "Your livestream identity is not verified yet. Ask your commune staff "
                "to verify it before going live."
            )
        )
    if live.status != Status.SCHEDULED:
        raise LiveError(_("This live cannot be started again."))
    if now >= live.ends_at:
        raise LiveError(_("The planned end time has passed. Change the times first."))
    with transaction.atomic():
        live.status, live.started_at = Status.LIVE, now
        live.save(update_fields=["status", "started_at"])
        sync_offer_windows(live)
        record(actor=actor, verb="live.started", target=live, on_behalf_of=live.seller)


def end_live(*, live: LiveSession, actor, now: datetime | None = None) -> None:
    """End the live now: live prices stop at once; attribution runs 2 more hours."""
    if live.status != Status.LIVE:
        raise LiveError(_("This live is not running."))
    with transaction.atomic():
        live.status, live.ended_at = Status.ENDED, max(now or timezone.now(), live.window_start)
        live.save(update_fields=["status", "ended_at"])
        sync_offer_windows(live)
        record(actor=actor, verb="live.ended", target=live, on_behalf_of=live.seller)
