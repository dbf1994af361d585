"""Writes for live selling: schedule, products and live prices, start/end, pins, attribution.

Every function validates, writes in one transaction and raises ``LiveError`` (with a
message the user can read) instead of changing anything when the input is wrong.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.text import fold
from sellers.audit import record

from .models import (
    Complaint,
    Follow,
    HostVerification,
    LiveOrder,
    LiveProduct,
    LiveSession,
    LiveVisit,
    PinEvent,
)
from .platforms import validate_stream_url

StockRecord = get_model("partner", "StockRecord")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")

ATTRIBUTION_SESSION_KEY = "live_attribution"
BENEFIT_CLASS = "livestream.models.LivePriceBenefit"
Status = LiveSession.Status


class LiveError(Exception):
    """A live-selling action refused, with a message for the user."""


@dataclass(frozen=True)
class LiveDetails:
    title: str
    description: str
    platform: str
    stream_url: str
    starts_at: datetime
    ends_at: datetime
    replay_url: str = ""
    cover: object = None


# --- identity ---------------------------------------------------------------------------


def verify_host(*, seller, actor, host_name: str, id_checked: str) -> HostVerification:
    """Record that ``actor`` (commune staff or operator) checked the seller's host identity."""
    with transaction.atomic():
        verification, _created = HostVerification.objects.update_or_create(
            seller=seller,
            defaults={
                "host_name": host_name,
                "id_checked": id_checked,
                "verified_by": actor,
                "verified_at": timezone.now(),
                "revoked_by": None,
                "revoked_at": None,
            },
        )
        record(
            actor=actor,
            verb="live.host_verified",
            target=verification,
            on_behalf_of=seller,
            after={"host_name": host_name, "id_checked": id_checked},
        )
    return verification


def revoke_host(*, seller, actor, reason: str) -> None:
    """Withdraw a host verification: the seller can no longer start lives."""
    with transaction.atomic():
        updated = HostVerification.objects.filter(seller=seller, revoked_at__isnull=True).update(
            revoked_by=actor, revoked_at=timezone.now()
        )
        if updated:
            record(actor=actor, verb="live.host_revoked", on_behalf_of=seller, reason=reason)


def host_is_verified(seller) -> bool:
    return HostVerification.objects.filter(seller=seller, revoked_at__isnull=True).exists()


# --- scheduling ---------------------------------------------------------------------------


def _check_selling(seller) -> None:
    # A suspended shop keeps its back office but must not sell, live included.
    if not seller.is_selling:
        raise LiveError(_("Your shop cannot sell right now, so it cannot go live."))


def _check_details(*, seller, details: LiveDetails, exclude_pk=None) -> None:
    _check_selling(seller)
    if details.ends_at <= details.starts_at:
        raise LiveError(_("The end time must be after the start time."))
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
    _check_details(seller=live.seller, details=details, exclude_pk=live.pk)
    with transaction.atomic():
        for field, value in vars(details).items():
            if value is not None:
                setattr(live, field, value)
        live.save()
        _sync_offer_windows(live)
        record(actor=actor, verb="live.updated", target=live, on_behalf_of=live.seller)
    return live


def cancel_live(*, live: LiveSession, actor) -> None:
    if live.status != Status.SCHEDULED:
        raise LiveError(_("Only a live that has not started can be cancelled."))
    with transaction.atomic():
        live.status = Status.CANCELLED
        live.save(update_fields=["status"])
        _sync_offer_windows(live)
        record(actor=actor, verb="live.cancelled", target=live, on_behalf_of=live.seller)


# --- products and live prices -----------------------------------------------------------


def normal_price(*, seller, product) -> Decimal | None:
    record_ = StockRecord.objects.filter(product=product, partner_id=seller.partner_id).first()
    return record_.price if record_ else None


def set_live_products(*, live: LiveSession, actor, items: list[tuple]) -> None:
    """Replace the live's products by ``items`` — ``(product, live_price or None)`` pairs.

    A live price must be above 0 and not above the normal price; it becomes an Oscar
    site offer open only during the live, so the normal price is never edited.
    """
    if live.status in (Status.ENDED, Status.CANCELLED):
        raise LiveError(_("This live has ended and can no longer be changed."))
    for product, price in items:
        if product.seller_id != live.seller_id:
            raise LiveError(_("You can only show your own products."))
        normal = normal_price(seller=live.seller, product=product)
        if normal is None:
            raise LiveError(_("“%(title)s” has no price yet.") % {"title": product.title})
        if price is not None and (price <= 0 or price > normal):
            raise LiveError(
                _("The live price of “%(title)s” must be more than 0 and at most %(normal)s đ.")
                % {"title": product.title, "normal": f"{normal:,.0f}".replace(",", ".")}
            )
    with transaction.atomic():
        keep = {product.pk for product, _price in items}
        for gone in (
            live.items.filter(shown=True).exclude(product_id__in=keep).select_related("offer")
        ):
            if live.pinned_id == gone.pk:
                live.pinned = None
                live.save(update_fields=["pinned"])
            _drop_offer(gone)
            if gone.pins.exists():
                gone.live_price, gone.shown = None, False  # kept for the replay's chapters
                gone.save(update_fields=["live_price", "shown"])
            else:
                gone.delete()
        for sort, (product, price) in enumerate(items):
            item = live.items.filter(product=product).first()
            if item is None:
                item = LiveProduct.objects.create(
                    live=live, product=product, code=uuid.uuid4().hex[:12], sort=sort
                )
                item.code = f"{(fold(product.title)[:1] or 'L').upper()}{item.pk}"
            item.live_price, item.sort, item.shown = price, sort, True
            item.save()
            _sync_offer(item)
        record(
            actor=actor,
            verb="live.products_set",
            target=live,
            on_behalf_of=live.seller,
            after={str(p.pk): (str(price) if price else None) for p, price in items},
        )


def _sync_offer(item: LiveProduct) -> None:
    if item.live_price is None:
        _drop_offer(item)
        return
    if item.offer is None:
        name = f"Live {item.live_id} {item.code}"
        range_ = Range.objects.create(name=name, slug=f"live-{item.code.lower()}")
        range_.add_product(item.product)
        condition = Condition.objects.create(range=range_, type=Condition.COUNT, value=1)
        benefit = Benefit.objects.create(range=range_, proxy_class=BENEFIT_CLASS)
        item.offer = ConditionalOffer.objects.create(
            name=name,
            slug=f"live-{item.code.lower()}",
            offer_type=ConditionalOffer.SITE,
            condition=condition,
            benefit=benefit,
            priority=100,
        )
        item.save(update_fields=["offer"])
    _set_window(item.offer, item.live)


def _set_window(offer, live: LiveSession) -> None:
    offer.start_datetime = live.window_start
    offer.end_datetime = live.window_end
    offer.status = (
        ConditionalOffer.SUSPENDED if live.status == Status.CANCELLED else ConditionalOffer.OPEN
    )
    offer.save(update_fields=["start_datetime", "end_datetime", "status"])


def _sync_offer_windows(live: LiveSession) -> None:
    for item in live.items.select_related("offer").filter(offer__isnull=False):
        _set_window(item.offer, live)


def _drop_offer(item: LiveProduct) -> None:
    offer = item.offer
    if offer is None:
        return
    item.offer = None
    item.save(update_fields=["offer"])
    range_ = offer.benefit.range
    condition, benefit = offer.condition, offer.benefit
    offer.delete()
    condition.delete()
    benefit.delete()
    range_.delete()


# --- during the live ----------------------------------------------------------------------


def start_live(*, live: LiveSession, actor, now: datetime | None = None) -> None:
    """Go live. Refused unless the seller's host identity is verified (E-commerce Law)."""
    now = now or timezone.now()
    _check_selling(live.seller)
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
        _sync_offer_windows(live)
        record(actor=actor, verb="live.started", target=live, on_behalf_of=live.seller)


def end_live(*, live: LiveSession, actor, now: datetime | None = None) -> None:
    """End the live now: live prices stop at once; attribution runs 2 more hours."""
    if live.status != Status.LIVE:
        raise LiveError(_("This live is not running."))
    with transaction.atomic():
        live.status, live.ended_at = Status.ENDED, max(now or timezone.now(), live.window_start)
        live.save(update_fields=["status", "ended_at"])
        _sync_offer_windows(live)
        record(actor=actor, verb="live.ended", target=live, on_behalf_of=live.seller)


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


# --- attribution --------------------------------------------------------------------------


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


# --- buyers ---------------------------------------------------------------------------------


def follow(*, user, seller) -> Follow:
    """Follow a seller to be reminded before its lives."""
    follow_, _created = Follow.objects.get_or_create(user=user, seller=seller)
    return follow_


def unfollow(*, user, seller) -> None:
    Follow.objects.filter(user=user, seller=seller).delete()


def file_complaint(*, live: LiveSession, user, contact: str, text: str) -> Complaint:
    """Record a buyer's complaint about a live for the operator."""
    return Complaint.objects.create(
        live=live, user=user if user and user.is_authenticated else None, contact=contact, text=text
    )


def reminder_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now, now + timedelta(minutes=settings.LIVESTREAM_REMINDER_MINUTES)
