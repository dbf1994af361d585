"""Products shown in a live and their live-only prices (Oscar site offers)."""

from __future__ import annotations

import uuid
from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit.services import record
from marketplace.text import fold

from ..models import LiveProduct, LiveSession
from .base import LiveError, Status

StockRecord = get_model("partner", "StockRecord")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")

BENEFIT_CLASS = "livestream.models.LivePriceBenefit"


def normal_price(*, seller, product) -> Decimal | None:
    record_ = StockRecord.objects.filter(product=product, partner_id=seller.partner_id).first()
    return record_.price if record_ else None


MIN_LIVE_PRICE = Decimal("1000")


def _price_floor(normal: Decimal) -> Decimal:
    share = Decimal(settings.LIVESTREAM_PRICE_FLOOR_PERCENT) / 100
    return max(MIN_LIVE_PRICE, (normal * share).quantize(Decimal(1), rounding=ROUND_CEILING))


def _dong(amount: Decimal) -> str:
    return f"{amount:,.0f}".replace(",", ".")


def set_live_products(*, live: LiveSession, actor, items: list[tuple]) -> None:
    """Replace the live's products by ``items`` — ``(product, live_price or None)`` pairs.

    A live price may not be below ``LIVESTREAM_PRICE_FLOOR_PERCENT`` of the normal price
    (nor below 1.000 đ) and not above the normal price; it becomes an Oscar site offer open
    only while the live is on, so the normal price is never edited.
    """
    if live.status in (Status.ENDED, Status.CANCELLED):
        raise LiveError(_("This live has ended and can no longer be changed."))
    for product, price in items:
        if product.seller_id != live.seller_id:
            raise LiveError(_("You can only show your own products."))
        normal = normal_price(seller=live.seller, product=product)
        if normal is None:
            raise LiveError(_("“%(title)s” has no price yet.") % {"title": product.title})
        floor = _price_floor(normal)
        if price is not None and (price < floor or price > normal):
            raise LiveError(
                _("The live price of “%(title)s” must be between %(floor)s đ and %(normal)s đ.")
                % {"title": product.title, "floor": _dong(floor), "normal": _dong(normal)}
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
        # Buyers read this name on their basket and order ("Giá live ngày 23/11 · mã B5");
        # the code keeps it unique, as Oscar requires of offer names.
        with translation.override(settings.LANGUAGE_CODE):
            name = _("Live price on %(date)s · code %(code)s") % {
                "date": timezone.localtime(item.live.starts_at).strftime("%d/%m"),
                "code": item.code,
            }
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
    # Live prices hold only while the host is actually live: from the moment the live was
    # started until it was ended (or its planned end). A live that never starts never
    # opens its prices, even during its planned window.
    on = live.status in (Status.LIVE, Status.ENDED) and live.started_at is not None
    offer.start_datetime = live.started_at if on else live.starts_at
    offer.end_datetime = live.window_end
    offer.status = ConditionalOffer.OPEN if on else ConditionalOffer.SUSPENDED
    offer.save(update_fields=["start_datetime", "end_datetime", "status"])


def sync_offer_windows(live: LiveSession) -> None:
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
