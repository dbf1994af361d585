"""Writing the demo orders' rows in bulk: orders, lines, parts, payments, ledger, payouts.

Amounts follow the services' rules: shipping by each seller's rule, commission by kind of
seller, a COD part booked when delivered (with the cash the seller kept), a transfer or
card part booked when paid, payouts for everything owed at the end of a month.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from livestream.models import LiveOrder, LiveSession
from marketplace.ledger.models import LedgerEntry, Payout, PayoutBatch
from marketplace.ledger.services import _commission, commission_rate
from marketplace.order.models import CodRefusal, Fulfilment, ShippingRule
from marketplace.order.shipping import charge
from marketplace.payments.models import PaymentAttempt, Refund
from sellers.models import Seller
from themes.performance import versions

from .orders_data import BUYERS, REFUND_REASON, STREETS
from .remittance_demo import by_carrier

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
StockRecord = get_model("partner", "StockRecord")
Method, State, S = PaymentAttempt.Method, PaymentAttempt.State, Fulfilment.Status
Kind = LedgerEntry.Kind
OPEN = (S.NEW, S.CONFIRMED, S.PACKED)
BUYER_PHONES = [phone for _name, phone in BUYERS]


@dataclass
class Part:
    seller: Seller
    lines: list = field(default_factory=list)  # (stock record, quantity, unit price paid)
    status: str = S.DELIVERED

    @property
    def goods(self) -> Decimal:
        return sum((price * qty for _r, qty, price in self.lines), Decimal(0))


@dataclass
class Plan:
    number: str
    placed: datetime.datetime
    buyer: dict
    method: str
    parts: list[Part]
    state: str = State.SUCCEEDED
    live: LiveSession | None = None


class Writer:
    """Shared look-ups and the ledger entries waiting for one bulk insert."""

    def __init__(self):
        self.country = Country.objects.filter(iso_3166_1_a2="VN").first()
        self.rates = {kind: commission_rate(kind) for kind in Seller.Kind.values}
        self.rules = {r.seller_id: r for r in ShippingRule.objects.all()}
        users = get_user_model().objects
        self.operator = users.filter(is_superuser=True).order_by("pk").first()
        self.buyers = {str(u.phone): u for u in users.filter(phone__in=BUYER_PHONES)}
        self.site = Site.objects.order_by("pk").first()
        self.ledger: list[LedgerEntry] = []

    def shipping(self, part: Part) -> Decimal:
        grams = sum(qty for _r, qty, _p in part.lines) * 500
        return charge(self.rules.get(part.seller.pk), goods=part.goods, grams=grams)

    def book_sale(self, fulfilment, at, *, cash: bool, carrier: bool = False) -> None:
        """The entries ``ledger.services.recognise_sale`` writes, at ``at``: with ``cash``
        the seller kept the buyer's cash, with ``carrier`` the carrier holds it."""
        rate = self.rates[fulfilment.seller.kind]
        rows = [
            (Kind.SALE, fulfilment.lines_total),
            (Kind.SHIPPING, fulfilment.shipping_charge),
            (Kind.COMMISSION, -_commission(fulfilment.lines_total, rate)),
        ]
        if cash:
            rows.append((Kind.CASH_COLLECTED, -fulfilment.total))
        elif carrier:
            rows.append((Kind.CARRIER_COD, -fulfilment.total))
        memo = f"Đơn hàng {fulfilment.order.number}"
        for kind, amount in rows:
            if amount:
                self.ledger.append(
                    LedgerEntry(
                        seller=fulfilment.seller,
                        order=fulfilment.order,
                        fulfilment=fulfilment,
                        kind=kind,
                        amount=amount,
                        memo=memo,
                        created_at=at,
                    )
                )


def _address(writer: Writer, plan: Plan, index: int) -> ShippingAddress:
    commune = plan.buyer["commune"]
    last, _sep, first = plan.buyer["name"].rpartition(" ")
    line1 = f"{STREETS[index % len(STREETS)]}"
    return ShippingAddress(
        first_name=first,
        last_name=last,
        line1=line1,
        line4=commune.full_name,
        state=commune.province.full_name,
        commune=commune,
        province=commune.province,
        country=writer.country,
        phone_number=plan.buyer["phone"],
        search_text=f"{plan.buyer['name']} {line1} {commune.full_name}",
    )


def write(writer: Writer, plans: list[Plan]) -> list[tuple[Plan, object]]:
    """Orders, lines, parts and payments for every plan; returns (plan, order) pairs."""
    addresses = ShippingAddress.objects.bulk_create(
        [_address(writer, plan, i) for i, plan in enumerate(plans)]
    )
    orders = Order.objects.bulk_create(
        [_order(writer, plan, address) for plan, address in zip(plans, addresses, strict=True)]
    )
    pairs = list(zip(plans, orders, strict=True))
    _lines(pairs)
    parts = _fulfilments(writer, pairs)
    _payments(pairs)
    _live_orders(pairs)
    for plan, _placed, fulfilment in parts:
        if fulfilment.status == S.DELIVERED and plan.method == Method.COD:
            carrier = by_carrier(plan.placed)
            delivered = plan.placed + datetime.timedelta(days=3)
            writer.book_sale(fulfilment, delivered, cash=not carrier, carrier=carrier)
        elif plan.state == State.SUCCEEDED:
            paid_at = plan.placed + datetime.timedelta(hours=2 if plan.method == "vietqr" else 0)
            writer.book_sale(fulfilment, paid_at, cash=False)
    return pairs


def _order(writer: Writer, plan: Plan, address) -> object:
    shipping = sum((writer.shipping(part) for part in plan.parts), Decimal(0))
    total = sum((part.goods for part in plan.parts), Decimal(0)) + shipping
    return Order(
        number=plan.number,
        site=writer.site,
        user=writer.buyers.get(plan.buyer["phone"]),
        currency="VND",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=shipping,
        shipping_excl_tax=shipping,
        shipping_method="Giao bởi từng người bán",
        shipping_code="per-seller",
        shipping_address=address,
        status="cancelled" if plan.state == State.CANCELLED else "pending",
        guest_email="",
        date_placed=plan.placed,
    )


def _lines(pairs) -> None:
    lines, allocate = [], defaultdict(int)
    for plan, order in pairs:
        for part in plan.parts:
            for record, qty, price in part.lines:
                open_part = part.status in OPEN
                lines.append(
                    Line(
                        order=order,
                        partner=record.partner,
                        partner_name=record.partner.name,
                        partner_sku=record.partner_sku,
                        stockrecord=record,
                        product=record.product,
                        title=record.product.title,
                        quantity=qty,
                        line_price_incl_tax=price * qty,
                        line_price_excl_tax=price * qty,
                        line_price_before_discounts_incl_tax=record.price * qty,
                        line_price_before_discounts_excl_tax=record.price * qty,
                        unit_price_incl_tax=record.price,
                        unit_price_excl_tax=record.price,
                        num_allocated=qty if open_part else 0,
                        allocation_cancelled=part.status == S.CANCELLED,
                        status="pending",
                    )
                )
                if open_part:  # not yet shipped: the units are reserved, as placement does
                    allocate[record.pk] += qty
    Line.objects.bulk_create(lines)
    for record_id, qty in allocate.items():
        StockRecord.objects.filter(pk=record_id).update(
            num_allocated=Coalesce(F("num_allocated"), 0) + qty
        )
    # Bulk writes send no signals: pages showing these stock lines must be rendered again.
    versions.bump()


def _fulfilments(writer: Writer, pairs) -> list:
    rows, plans = [], []
    for plan, order in pairs:
        for part in plan.parts:
            rows.append(
                Fulfilment(
                    order=order,
                    seller=part.seller,
                    status=part.status,
                    lines_total=part.goods,
                    shipping_charge=writer.shipping(part),
                    tracking_note="GHTK" if part.status in (S.SHIPPED, S.DELIVERED) else "",
                    cash_collected_at=plan.placed + datetime.timedelta(days=3)
                    if part.status == S.DELIVERED and plan.method == Method.COD
                    else None,
                    created_at=plan.placed,
                )
            )
            plans.append((plan, order))
    created = Fulfilment.objects.bulk_create(rows)
    CodRefusal.objects.bulk_create(
        CodRefusal(
            phone=plan.buyer["phone"],
            fulfilment=fulfilment,
            recorded_at=plan.placed + datetime.timedelta(days=4),
        )
        for (plan, _order), fulfilment in zip(plans, created, strict=True)
        if fulfilment.status == S.REFUSED
    )
    return [(plan, order, f) for (plan, order), f in zip(plans, created, strict=True)]


def _payments(pairs) -> None:
    PaymentAttempt.objects.bulk_create(
        PaymentAttempt(
            order=order,
            method=plan.method,
            amount=order.total_incl_tax,
            state=plan.state,
            reference={"vietqr": order.number, "stripe": f"pi_demo_{order.number}"}.get(
                plan.method, ""
            ),
            idempotency_key=f"{order.number}-{plan.method}-1",
            created_at=plan.placed,
        )
        for plan, order in pairs
    )


def _live_orders(pairs) -> None:
    LiveOrder.objects.bulk_create(
        LiveOrder(
            live=plan.live,
            order=order,
            gmv=order.total_incl_tax - order.shipping_incl_tax,
            at=plan.placed,
        )
        for plan, order in pairs
        if plan.live is not None
    )


def refund_one(writer: Writer, pairs) -> None:
    """One delivered transfer order, one unit refunded a few days later."""
    today = timezone.now()
    for plan, order in pairs:
        if plan.method != Method.VIETQR or plan.state != State.SUCCEEDED:
            continue
        line = order.lines.filter(quantity__gte=2).select_related("partner__seller").first()
        if line is None or (today - plan.placed).days < 60:
            continue
        at = plan.placed + datetime.timedelta(days=6)
        amount = (line.line_price_incl_tax / line.quantity).quantize(Decimal(1))
        Refund.objects.create(
            order=order,
            amount=amount,
            lines={str(line.pk): 1},
            reason=REFUND_REASON,
            created_by=writer.operator,
            created_at=at,
        )
        seller = line.partner.seller
        part = Fulfilment.objects.get(order=order, seller=seller)
        common = {"seller": seller, "order": order, "fulfilment": part, "created_at": at}
        rate = writer.rates[seller.kind]
        writer.ledger.append(
            LedgerEntry(kind=Kind.REFUND, amount=-amount, memo=REFUND_REASON, **common)
        )
        writer.ledger.append(
            LedgerEntry(
                kind=Kind.COMMISSION, amount=_commission(amount, rate), memo=REFUND_REASON, **common
            )
        )
        return


def payouts(writer: Writer) -> None:
    """A paid batch for each finished month but the last: everything owed at its end."""
    first_month = min(e.created_at for e in writer.ledger).date().replace(day=1)
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    owed: dict[Seller, Decimal] = defaultdict(Decimal)
    entries = sorted(writer.ledger, key=lambda e: e.created_at)
    month, cursor = first_month, 0
    while month < last_month:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        end = timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))
        while cursor < len(entries) and entries[cursor].created_at < end:
            owed[entries[cursor].seller] += entries[cursor].amount
            cursor += 1
        _batch(writer, month, following - datetime.timedelta(days=1), owed, end)
        month = following


def _batch(writer: Writer, start, end, owed: dict, period_end) -> None:
    due = {seller: amount for seller, amount in owed.items() if amount > 0}
    if not due:
        return
    made = period_end + datetime.timedelta(days=4, hours=9)
    batch = PayoutBatch.objects.create(
        period_start=start,
        period_end=end,
        created_by=writer.operator,
        created_at=made,
        paid_at=made + datetime.timedelta(days=1),
        paid_by=writer.operator,
        bank_reference=f"FT{end:%y%m}{len(due):03d}",
    )
    for seller, amount in due.items():
        payout = Payout.objects.create(
            batch=batch,
            seller=seller,
            period_start=start,
            period_end=end,
            amount=amount,
            bank_bin=seller.bank_bin,
            bank_account_number=seller.bank_account_number,
            bank_account_holder=seller.bank_account_holder,
            created_by=writer.operator,
            created_at=made,
        )
        writer.ledger.append(
            LedgerEntry(
                seller=seller,
                payout=payout,
                kind=Kind.PAYOUT,
                amount=-amount,
                memo=str(payout),
                created_at=made,
            )
        )
        owed[seller] -= amount
