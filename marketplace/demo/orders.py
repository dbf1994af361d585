"""Demo orders: about fourteen months of village sales, so reports and ledgers have history.

Buyers from cities and villages order from one or two sellers, pay cash on delivery,
by VietQR transfer or by card; parcels are delivered, some are on their way, a few COD
parcels are refused and a few transfers never come (the order is cancelled). One order
is partly refunded, some orders come from the demo livestream, every paid or delivered
part is booked in the sellers' ledgers, and each finished month but the last has a paid
payout batch (last month's money is left for the operator to pay out in the demo).

The history happened in the past, so the rows are written with their own timestamps in
bulk (like the ended demo live) rather than through the services, which act now; the
amounts follow the same rules (``ledger.services``). Idempotent: nothing is written when
the demo orders exist already. Random choices use a fixed seed.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from livestream.models import LiveSession, LiveVisit
from marketplace.ledger.models import LedgerEntry
from marketplace.order.models import Fulfilment
from marketplace.payments.models import PaymentAttempt
from marketplace.places.models import Commune
from marketplace.text import fold
from sellers.models import Seller

from .live_demo import ENDED_TITLE
from .orders_data import BANKS, BUYERS, CITY_PROVINCES, MONTHS
from .orders_write import Part, Plan, Writer, payouts, refund_one, write
from .shipments_demo import load_shipments

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
StockRecord = get_model("partner", "StockRecord")
Method, State, S = PaymentAttempt.Method, PaymentAttempt.State, Fulfilment.Status
RECENT_DAYS = 8  # orders this recent are still on their way
PREFIX = "DM"  # demo order numbers: DM + year and month + sequence, e.g. DM2511-014


def load_orders() -> int:
    """Write the demo orders once; returns how many were written."""
    if Order.objects.filter(number__startswith=PREFIX).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    catalogue = _catalogue()
    communes = _buyer_communes()
    if not catalogue or not communes:
        return 0
    with transaction.atomic():
        _ensure_bank_details(catalogue)
        plans = _plan(rng, catalogue, communes) + _live_plans(rng, catalogue, communes)
        plans.sort(key=lambda plan: plan.placed)
        writer = Writer()
        orders = write(writer, plans)
        refund_one(writer, orders)
        payouts(writer)
        LedgerEntry.objects.bulk_create(writer.ledger)
        load_shipments(PREFIX)
    return len(plans)


# --- what exists ---------------------------------------------------------------------------


def _catalogue() -> dict[Seller, list]:
    """Approved sellers and their priced stock records."""
    records = (
        StockRecord.objects.filter(
            partner__seller__status=Seller.Status.APPROVED,
            product__is_public=True,
            price__isnull=False,
        )
        .select_related("product", "partner__seller")
        .order_by("partner__seller__pk", "pk")
    )
    catalogue: dict[Seller, list] = defaultdict(list)
    for record in records:
        catalogue[record.partner.seller].append(record)
    return dict(catalogue)


def _buyer_communes() -> list[Commune]:
    cities = list(
        Commune.objects.filter(province__name__in=CITY_PROVINCES)
        .select_related("province")
        .order_by("code")[:12]
    )
    villages = list(
        Commune.objects.filter(sellers__status=Seller.Status.APPROVED)
        .select_related("province")
        .distinct()
        .order_by("code")
    )
    return cities + villages


def _ensure_bank_details(catalogue) -> None:
    """Demo sellers get a (made-up) payout account so payout batches have bank details."""
    for index, seller in enumerate(catalogue):
        if seller.bank_account_number:
            continue
        seller.bank_bin = BANKS[index % len(BANKS)]
        seller.bank_account_number = f"{1903 + index:04d}{seller.pk:08d}"
        seller.bank_account_holder = fold(seller.representative_name).upper()
        seller.save(update_fields=["bank_bin", "bank_account_number", "bank_account_holder"])


# --- the plan: who bought what, when, and what became of it -----------------------------------


def _moment(rng, day: datetime.date) -> datetime.datetime:
    clock = datetime.time(rng.choice([7, 8, 9, 11, 12, 19, 20, 21, 22]), rng.randrange(60))
    return timezone.make_aware(datetime.datetime.combine(day, clock))


def _days(rng, today: datetime.date) -> list[datetime.date]:
    """Order days: each month's share over fourteen months, plus the last few days."""
    days = []
    for months_ago, per_month in enumerate(reversed(MONTHS)):
        year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
        month_start = datetime.date(year, month + 1, 1)
        for _n in range(per_month):
            day = month_start + datetime.timedelta(days=rng.randrange(28))
            if day < today - datetime.timedelta(days=RECENT_DAYS):
                days.append(day)
    days += [today - datetime.timedelta(days=rng.randrange(RECENT_DAYS)) for _n in range(14)]
    return sorted(days)


def _plan(rng, catalogue, communes) -> list[Plan]:
    today = timezone.localdate()
    sellers = list(catalogue)
    plans = []
    for day in _days(rng, today):
        number = f"{PREFIX}{day:%y%m}-{len(plans) + 1:03d}"
        chosen = rng.sample(sellers, 2 if rng.random() < 0.25 else 1)
        parts = [_part(rng, seller, catalogue[seller]) for seller in chosen]
        placed = _moment(rng, day)
        if placed > timezone.now():  # today: earlier in the day
            placed = timezone.now() - datetime.timedelta(hours=rng.randint(1, 6))
        plan = Plan(number, placed, _buyer(rng, communes), _method(rng), parts)
        _fate(rng, plan, (today - day).days)
        plans.append(plan)
    return plans


def _part(rng, seller, records) -> Part:
    picks = rng.sample(records, min(len(records), rng.choice([1, 1, 1, 2])))
    return Part(seller, [(r, rng.choice([1, 1, 2, 3]), r.price) for r in picks])


def _buyer(rng, communes) -> dict:
    name, phone = rng.choice(BUYERS)
    return {"name": name, "phone": phone, "commune": rng.choice(communes)}


def _method(rng) -> str:
    roll = rng.random()
    return Method.COD if roll < 0.62 else Method.VIETQR if roll < 0.9 else Method.STRIPE


def _fate(rng, plan: Plan, age_days: int) -> None:
    """What happened to the order by now: delivered, on its way, refused or expired."""
    roll = rng.random()
    if plan.method == Method.VIETQR and roll < 0.08:
        plan.state = State.CANCELLED  # the transfer never came: cancelled, stock released
        for part in plan.parts:
            part.status = S.CANCELLED
        return
    if plan.method == Method.COD:
        plan.state = State.PENDING  # cash on delivery never has a "paid" attempt
    if age_days >= RECENT_DAYS:
        status = S.REFUSED if plan.method == Method.COD and roll < 0.06 else S.DELIVERED
    else:  # 0–1 days: new, 2: confirmed, 3: packed, 4–5: shipped, 6+: delivered
        status = [S.NEW, S.NEW, S.CONFIRMED, S.PACKED, S.SHIPPED, S.SHIPPED][age_days:][:1]
        status = status[0] if status else S.DELIVERED
    if plan.method == Method.VIETQR and age_days == 0:
        plan.state = State.PENDING  # today's transfers wait for the operator to confirm
    for part in plan.parts:
        part.status = status


def _live_plans(rng, catalogue, communes) -> list[Plan]:
    """Orders placed from the ended demo live, at live prices, during the show."""
    live = LiveSession.objects.filter(title=ENDED_TITLE, started_at__isnull=False).first()
    seller = next((s for s in catalogue if live and s.pk == live.seller_id), None)
    if seller is None:
        return []
    items = list(live.items.filter(live_price__isnull=False).select_related("product"))
    records = {r.product_id: r for r in catalogue[seller]}
    plans = []
    for index in range(7):
        item = rng.choice(items)
        record = records.get(item.product_id)
        if record is None:
            continue
        placed = live.started_at + datetime.timedelta(minutes=8 + index * 7)
        part = Part(seller, [(record, rng.choice([1, 2]), item.live_price)])
        number = f"{PREFIX}{placed:%y%m}-L{index + 1:02d}"
        plan = Plan(number, placed, _buyer(rng, communes), _method(rng), [part], live=live)
        plan.state = State.PENDING if plan.method == Method.COD else State.SUCCEEDED
        plans.append(plan)
    _live_visits(rng, live, items, len(plans))
    return plans


def _live_visits(rng, live, items, orders: int) -> None:
    visits = []
    for viewer in range(46):
        at = live.started_at + datetime.timedelta(minutes=rng.randrange(70))
        source = rng.choice(list(LiveVisit.Source.values))
        visitor = f"demo-viewer-{viewer:03d}"
        visits.append(LiveVisit(live=live, kind="click", source=source, visitor=visitor, at=at))
        if viewer < orders + 6:
            visits.append(
                LiveVisit(
                    live=live,
                    item=rng.choice(items),
                    kind="basket",
                    source=source,
                    visitor=visitor,
                    at=at + datetime.timedelta(minutes=2),
                )
            )
    LiveVisit.objects.bulk_create(visits)
