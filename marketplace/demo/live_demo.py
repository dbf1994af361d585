"""Demo lives: Mr Phan Thế Độ's Shan Tuyết tea from the tea hill — one ended, one upcoming.

Idempotent: lives are found by seller and title; a second run changes nothing. The ended
live's history (start, pins, end) happened in the past, so it is written with its own
timestamps instead of through the services, which act at the present moment.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from livestream import services
from livestream.models import HostVerification, LiveSession, PinEvent
from sellers.models import CommuneStaff, Seller

SELLER_SLUG = "che-shan-tuyet-phan-the-do"
ENDED_TITLE = "Hái chè Shan Tuyết trên đồi Tân Lập"
UPCOMING_TITLE = "Sao chè bằng chảo gang — giá riêng khi xem live"
STREAM = "https://www.facebook.com/chelangtanlap/videos/"


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _live_price(seller, product) -> Decimal | None:
    normal = services.normal_price(seller=seller, product=product)
    return (normal * Decimal("0.9") / 1000).quantize(Decimal("1")) * 1000 if normal else None


def load_lives() -> int:
    """Create the demo lives if missing; returns how many were created."""
    seller = Seller.objects.filter(slug=SELLER_SLUG).select_related("partner").first()
    if seller is None or seller.partner_id is None:
        return 0
    owner = seller.members.select_related("user").first()
    staff = CommuneStaff.objects.filter(commune=seller.commune).select_related("user").first()
    if owner is None or staff is None:
        return 0
    products = list(
        seller.products.filter(is_public=True, stockrecords__partner=seller.partner)
        .distinct()
        .order_by("title")[:4]
    )
    if not products:
        return 0
    created = 0
    with transaction.atomic():
        if not HostVerification.objects.filter(seller=seller, revoked_at__isnull=True).exists():
            services.verify_host(
                seller=seller,
                actor=staff.user,
                host_name=seller.representative_name,
                id_checked="Căn cước công dân (đã xem bản gốc)",
            )
        if not LiveSession.objects.filter(seller=seller, title=ENDED_TITLE).exists():
            _ended_live(seller, owner.user, products)
            created += 1
        if not LiveSession.objects.filter(seller=seller, title=UPCOMING_TITLE).exists():
            live = services.schedule_live(
                seller=seller,
                actor=owner.user,
                details=services.LiveDetails(
                    title=UPCOMING_TITLE,
                    description="Xem ông Độ sao chè búp Shan Tuyết cổ thụ, hỏi đáp trực tiếp.",
                    platform=LiveSession.Platform.FACEBOOK,
                    stream_url=STREAM,
                    starts_at=_at(3, 19),
                    ends_at=_at(3, 20),
                ),
            )
            services.set_live_products(
                live=live, actor=owner.user, items=[(p, _live_price(seller, p)) for p in products]
            )
            created += 1
    return created


def _ended_live(seller, user, products) -> None:
    # Lives are planned from now on: plan it ahead, then write the history it would have.
    start, end = _at(-10, 14), _at(-10, 15)
    planned_start, planned_end = _at(30, 14), _at(30, 15)
    live = services.schedule_live(
        seller=seller,
        actor=user,
        details=services.LiveDetails(
            title=ENDED_TITLE,
            description="Buổi hái chè sáng sớm trên đồi chè cổ thụ Tân Lập.",
            platform=LiveSession.Platform.FACEBOOK,
            stream_url=STREAM,
            replay_url=STREAM,
            starts_at=planned_start,
            ends_at=planned_end,
        ),
    )
    services.set_live_products(
        live=live, actor=user, items=[(p, _live_price(seller, p)) for p in products]
    )
    live.starts_at, live.ends_at = start, end
    items = list(live.items.order_by("sort"))
    for minutes, item in zip((5, 18, 31, 44), items, strict=False):
        PinEvent.objects.create(
            live=live, item=item, at=start + timedelta(minutes=minutes), by=user
        )
    live.status, live.started_at, live.ended_at = LiveSession.Status.ENDED, start, end
    live.pinned, live.pinned_at = items[-1], start + timedelta(minutes=44)
    live.save()
    services.sync_offer_windows(live)
