"""Money invariants after a randomized run of the trade the site sees.

A seeded run of orders (cash on delivery, VietQR, card), payments (the operator's
confirmation, the bank feed, the card webhook), parcels shipped with the fake carrier on
127.0.0.1 and moved by its signed webhooks (delivered, or refused and returned; some steps
sent twice), COD remittance statements (lines listed again, short lines the operator
accepts, statements announced twice), refunds (whole or a few units), buyers cancelling,
the operator changing commission rates, and payouts. One seller takes direct transfers:
its VietQR orders are paid into its own account (confirmed by the seller's click or by
the bank feed on its account), its refunds are given back by the seller itself, and its
commission is invoiced monthly, the invoices paid by the seller or left to the payouts.
Afterwards what each seller is owed is worked out again from the orders, parcels,
statement lines, refunds, paid invoices and payouts, without reading the ledger, and must
equal the ledger's balance to the đồng; every unit of stock must be on the shelf, reserved
by an open order or with a buyer, and ``audit_consistency`` must find nothing.

A failure's message names its seed and every step; replay it with ``MONEY_SEED=<seed>``
(``MONEY_STEPS`` sets the length of the run).
"""

import datetime
import json
import os
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.ledger import invoices
from marketplace.ledger.models import (
    CommissionInvoice,
    CommissionInvoiceLine,
    CommissionRate,
    LedgerEntry,
    Payout,
)
from marketplace.ledger.selectors import balance
from marketplace.ledger.services import LedgerError, create_payout, set_commission_rate
from marketplace.order import remittance_queue, shipments
from marketplace.order.carriers.http_carrier import sign
from marketplace.order.models import Fulfilment, RemittanceLine, Shipment
from marketplace.order.services import cancel_order
from marketplace.payments.models import DirectTransfer, PaymentAttempt, Refund
from marketplace.payments.refunds import refund, refund_by_seller
from marketplace.payments.services import (
    apply_intent_succeeded,
    confirm_direct,
    confirm_transfer,
    start_payment,
)
from sellers.models import Seller
from tests.checkout.helpers import basket_with, place
from tests.factories import (
    ProductFactory,
    SellerFactory,
    SellerMemberFactory,
    StockRecordFactory,
    UserFactory,
)
from tests.fakebank import SECRET as BANK_SECRET
from tests.fakebank import FakeBank
from tests.shipping import conftest as shipping
from tests.shipping.helpers import webhook

pytestmark = pytest.mark.django_db
carrier_server, carrier = shipping.carrier_server, shipping.carrier  # the fake carrier
WEBHOOK_SECRET = shipping.WEBHOOK_SECRET
StockRecord = get_model("partner", "StockRecord")
S, T = Fulfilment.Status, Shipment.Status
State, Method = PaymentAttempt.State, PaymentAttempt.Method
SEED = int(os.environ.get("MONEY_SEED", "3"))
STEPS = int(os.environ.get("MONEY_STEPS", "100"))
START_STOCK = 14
# Odd prices and two commission rates, so every rounding of a commission is exercised.
PRICES = [Decimal(87_500), Decimal(123_457), Decimal(49_999), Decimal(210_001)]
RATES = {Seller.Kind.HOUSEHOLD: Decimal("0.0500"), Seller.Kind.COOPERATIVE: Decimal("0.0750")}
DIRECT_ACCOUNT = "0987654321"  # the direct seller's own account (the platform's differs)


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def remittance_webhook(client, statement_id):
    body = json.dumps({"type": "cod_remittance", "statement_id": statement_id}).encode()
    return client.post(
        reverse("carrier:webhook"),
        body,
        content_type="application/json",
        headers={"X-Carrier-Signature": sign(body, WEBHOOK_SECRET)},
    )


class Run:
    """The randomized run, and what the test itself saw happen (its own books)."""

    def __init__(self, client, carrier_, rng):
        self.client, self.carrier, self.rng = client, carrier_, rng
        self.operator = UserFactory(is_superuser=True, is_staff=True)
        self.bank = FakeBank()
        self.sellers, self.members, self.records = [], {}, []
        for n, kind in enumerate([*RATES, Seller.Kind.HOUSEHOLD]):
            seller = SellerFactory(kind=kind)
            self.sellers.append(seller)
            self.members[seller.pk] = SellerMemberFactory(seller=seller).user
            for price in (PRICES[n], PRICES[(n + 1) % len(PRICES)]):
                product = ProductFactory(seller=seller, weight_grams=700)
                self.records.append(
                    StockRecordFactory(product=product, price=price, num_in_stock=START_STOCK)
                )
        # The last seller lets VietQR buyers pay it directly.
        Seller.objects.filter(pk=self.sellers[-1].pk).update(
            bank_bin="970436",
            bank_account_number=DIRECT_ACCOUNT,
            bank_account_holder="NGUYEN VAN DIEN",
            direct_transfers=True,
        )
        self.invoice_months = 0  # months invoiced so far (each invoice step closes one)
        self.invoices_paid = []  # (seller, total) the sellers paid the platform
        self.rates = dict(RATES)  # the operator's rates now
        self.booked_rate = {}  # order part: the rate when its sale was booked
        self.orders = []  # (order, method)
        self.refunds = []  # (part, goods, shipping) as this test worked them out
        self.unshipped_refunds = defaultdict(int)  # order line: units refunded before shipping
        self.back_on_shelf = defaultdict(int)  # stock record: units refunded after delivery
        self.payouts = []  # (seller, amount, balance just before)
        self.remitted_exact = set()  # parts whose exact statement line this test sent
        self.statements = 0
        self.log = []

    # -- the operations -------------------------------------------------------------

    def order(self):
        record = self.rng.choice(self.records)
        record.refresh_from_db()
        quantity = self.rng.randint(1, 3)
        if record.num_in_stock - (record.num_allocated or 0) < quantity:
            return None  # order: sold out
        method = self.rng.choice([Method.COD, Method.COD, Method.VIETQR, Method.STRIPE])
        number = str(700_000 + len(self.orders))
        order = place(basket_with(record.product, quantity=quantity), number=number)
        attempt = start_payment(order=order, method=method)
        if method == Method.STRIPE:  # the card provider's intent for this attempt
            PaymentAttempt.objects.filter(pk=attempt.pk).update(reference=f"pi_{number}")
        self.orders.append((order, method))
        return f"order {number} {method} ×{quantity}"

    def pay(self):
        waiting = [
            (order, method)
            for order, method in self.orders
            if method != Method.COD
            and order.status != "cancelled"
            and PaymentAttempt.objects.filter(order=order, state=State.PENDING).exists()
        ]
        if not waiting:
            return None  # pay: nothing waits
        order, method = self.rng.choice(waiting)
        attempt = PaymentAttempt.objects.get(order=order, state=State.PENDING)
        part = order.fulfilments.select_related("seller").get()
        self.booked_rate[part.pk] = self.rates[part.seller.kind]
        if method == Method.STRIPE:
            assert apply_intent_succeeded(attempt.reference, int(attempt.amount)) == "paid"
            assert apply_intent_succeeded(attempt.reference, int(attempt.amount)) == (
                "already-paid"
            )
            return f"pay {order.number} card"
        direct = DirectTransfer.objects.filter(attempt=attempt).first()
        if direct is not None:
            return self._pay_direct(order, direct)
        if self.rng.random() < 0.5:
            confirm_transfer(attempt=attempt, actor=self.operator)
            return f"pay {order.number} operator"
        body = self.bank.notification(
            amount=order.total_incl_tax, content=f"MBVCB.1.CHOLANG{order.number}.CT tu"
        )
        assert self.bank.post(self.client, body).json()["outcome"] == "paid"
        self.bank.post(self.client, body)  # the bank service sends it again
        return f"pay {order.number} bank feed"

    def _pay_direct(self, order, direct):
        """The buyer paid the seller's own account: the seller clicks (twice), or the
        bank feed on the seller's account says so (twice)."""
        if self.rng.random() < 0.5:
            member = self.members[direct.seller_id]
            assert confirm_direct(transfer=direct, actor=member, via="seller")
            assert not confirm_direct(transfer=direct, actor=member, via="seller")
            return f"pay {order.number} direct, seller"
        body = self.bank.notification(
            amount=direct.amount, content=f"CHOLANG {direct.code}", account=DIRECT_ACCOUNT
        )
        assert self.bank.post(self.client, body).json()["outcome"] == "paid"
        assert self.bank.post(self.client, body).json()["outcome"] == "replay"
        return f"pay {order.number} direct, bank feed"

    def _shippable(self):
        parts = []
        for order, method in self.orders:
            part = order.fulfilments.get()
            if part.status != S.NEW or part.shipments.exists():
                continue
            if (
                method == Method.COD
                or PaymentAttempt.objects.filter(order=order, state=State.SUCCEEDED).exists()
            ):
                parts.append((part, method))
        return parts

    def ship(self):
        parts = self._shippable()
        if not parts:
            return None  # ship: nothing to ship
        part, method = self.rng.choice(parts)
        shipments.create_shipment(
            fulfilment=part,
            actor=self.members[part.seller_id],
            grams=700 * self.rng.randint(1, 3),
            cod=method == Method.COD,
        )
        return f"ship {part.order.number}"

    def move(self):
        moving = list(
            Shipment.objects.filter(
                status__in=[T.CREATED, T.PICKED_UP, T.IN_TRANSIT, T.RETURNING]
            ).select_related("fulfilment")
        )
        if not moving:
            return None  # move: no parcel on the way
        shipment = self.rng.choice(moving)
        cod = bool(shipment.cod_amount)
        following = {
            T.CREATED: T.PICKED_UP,
            T.PICKED_UP: T.IN_TRANSIT,
            T.IN_TRANSIT: T.RETURNING if cod and self.rng.random() < 0.25 else T.DELIVERED,
            T.RETURNING: T.RETURNED,
        }[shipment.status]
        answer = webhook(self.client, shipment.tracking_code, following)
        assert answer.content == b"applied", answer.content
        if cod and following == T.DELIVERED:  # the sale is booked on delivery
            part = shipment.fulfilment
            self.booked_rate[part.pk] = self.rates[Seller.objects.get(pk=part.seller_id).kind]
        if self.rng.random() < 0.3:  # the carrier sends the step again
            assert webhook(self.client, shipment.tracking_code, following).content == (b"duplicate")
        return f"move {shipment.fulfilment.order.number} {following}"

    def remit(self):
        credited = set(
            RemittanceLine.objects.filter(credited_part__isnull=False).values_list(
                "credited_part", flat=True
            )
        )
        delivered = [
            s
            for s in Shipment.objects.filter(status=T.DELIVERED, cod_amount__gt=0)
            if s.fulfilment_id not in credited
        ]
        if not delivered and not credited:
            return None  # remit: nothing delivered
        chosen = self.rng.sample(delivered, min(len(delivered), self.rng.randint(1, 4)))
        lines, short = [], None
        for shipment in chosen:
            cod = int(shipment.cod_amount)
            if short is None and self.rng.random() < 0.35:
                short, cod = shipment, cod - self.rng.randint(1, 20) * 1000
            else:
                self.remitted_exact.add(shipment.fulfilment_id)
            lines.append(self._line(shipment, cod))
        twice = bool(credited) and self.rng.random() < 0.5
        if not lines and not twice:
            return None
        if twice:  # a parcel the carrier had already remitted, listed again
            part = Fulfilment.objects.get(pk=self.rng.choice(sorted(credited)))
            shipment = part.shipments.get(status=T.DELIVERED)
            lines.append(self._line(shipment, int(shipment.cod_amount)))
        self.statements += 1
        reference = f"DS-{self.statements}"
        self.carrier.set_statement(reference, lines)
        assert remittance_webhook(self.client, reference).content == b"applied"
        assert remittance_webhook(self.client, reference).status_code == 200  # a replay
        if short is not None:  # the operator accepts the short line, with a reason
            queued = RemittanceLine.objects.get(
                statement__reference=reference, shipment=short, problem="short"
            )
            remittance_queue.accept(line=queued, actor=self.operator, reason="Shipper thu thiếu")
        return f"remit {reference}: {len(lines)} lines, short {bool(short)}, again {twice}"

    def _line(self, shipment, cod):
        return {
            "order_code": shipment.tracking_code,
            "client_order_code": shipment.client_code,
            "cod_amount": cod,
            "shipping_fee": self.rng.choice([18_000, 22_000, 25_500]),
            "cod_fee": int(_round(Decimal(cod) * Decimal("0.008"))),
        }

    def do_refund(self):
        candidates = []
        for order, method in self.orders:
            part = order.fulfilments.get()
            paid = PaymentAttempt.objects.filter(order=order, state=State.SUCCEEDED).exists()
            # Cash is refunded once delivered; a transfer or card before shipping or after.
            cod_done = method == Method.COD and part.status == S.DELIVERED
            if cod_done or (method != Method.COD and paid and part.status in (S.NEW, S.DELIVERED)):
                candidates.append((order, part))
        done = defaultdict(int)
        for record in Refund.objects.filter(order__in=[o for o, _p in candidates]):
            for line_id, qty in record.lines.items():
                done[int(line_id)] += qty
        candidates = [(o, p, o.lines.get()) for o, p in candidates]
        candidates = [(o, p, line) for o, p, line in candidates if done[line.pk] < line.quantity]
        if not candidates:
            return None  # refund: nothing refundable
        order, part, line = self.rng.choice(candidates)
        left = line.quantity - done[line.pk]
        shipped = part.status != S.NEW
        if DirectTransfer.objects.filter(fulfilment=part, state="received").exists() and (
            self.rng.random() < 0.5
        ):  # the seller the buyer paid gives the money back itself
            member = self.members[part.seller_id]
            refund_by_seller(fulfilment=part, actor=member, reason="Hàng lỗi")
            units, shipping = left, part.shipping_charge
        elif self.rng.random() < 0.5:
            refund(order=order, full=True, actor=self.operator, paid_back_manually=True)
            units, shipping = left, part.shipping_charge
        else:
            units, shipping = self.rng.randint(1, left), Decimal(0)
            refund(
                order=order,
                quantities={line.pk: units},
                actor=self.operator,
                paid_back_manually=True,
            )
        goods = _round(line.line_price_incl_tax * units / line.quantity)
        self.refunds.append((part, goods, shipping))
        if shipped:
            self.back_on_shelf[line.stockrecord_id] += units
        else:
            self.unshipped_refunds[line.pk] += units
        return f"refund {order.number} ×{units}"

    def cancel(self):
        open_cod = [
            order
            for order, method in self.orders
            if method == Method.COD
            and order.fulfilments.filter(status=S.NEW, shipments__isnull=True).exists()
        ]
        if not open_cod:
            return None  # cancel: nothing open
        order = self.rng.choice(open_cod)
        assert cancel_order(order=order, actor=None, reason="Người mua đổi ý")
        order.refresh_from_db()
        return f"cancel {order.number}"

    def change_rate(self):
        kind = self.rng.choice(list(RATES))
        rate = self.rng.choice([Decimal("0.0400"), Decimal("0.0500"), Decimal("0.0750")])
        set_commission_rate(seller_kind=kind, rate=rate, actor=self.operator)
        self.rates[kind] = rate
        return f"rate {kind} {rate}"

    def payout(self):
        seller = self.rng.choice(self.sellers)
        before = balance(seller)
        today = timezone.localdate()
        try:
            payout = create_payout(
                seller=seller, period_start=today, period_end=today, actor=self.operator
            )
        except LedgerError:
            assert before <= 0, (seller, before)
            return f"payout {seller.pk}: nothing owed"
        self.payouts.append((seller, payout.amount, before))
        return f"payout {seller.pk}: {payout.amount}"

    def invoice(self):
        """Close the next month: issue its commission invoices (as if it were over), and
        the seller pays some of them; the rest are left to the payouts."""
        first = timezone.localdate().replace(day=1)
        month = _add_months(first, self.invoice_months)
        self.invoice_months += 1
        clock = SimpleNamespace(localdate=lambda: _add_months(first, self.invoice_months))
        clock.now = timezone.now
        with mock.patch.object(invoices, "timezone", clock):
            issued = invoices.issue_invoices(month=month, actor=self.operator)
            again = invoices.issue_invoices(month=month, actor=self.operator)
        assert again == [], "a month is invoiced once"
        if not issued:
            return None  # invoice: nobody owes commission on direct transfers
        paid = 0
        for invoice in issued:
            if invoice.status == CommissionInvoice.Status.OPEN and self.rng.random() < 0.6:
                invoices.mark_invoice_paid(
                    invoice=invoice, actor=self.operator, bank_reference=f"FT{invoice.pk}"
                )
                with pytest.raises(LedgerError):  # paid once only
                    invoices.mark_invoice_paid(
                        invoice=invoice, actor=self.operator, bank_reference="FT-again"
                    )
                self.invoices_paid.append((invoice.seller, invoice.total))
                paid += 1
        return f"invoice {month:%Y-%m}: {len(issued)} issued, {paid} paid"

    # -- after every step -----------------------------------------------------------

    def stock_is_sound(self):
        bad = StockRecord.objects.filter(
            Q(num_in_stock__lt=0) | Q(num_allocated__lt=0) | Q(num_allocated__gt=F("num_in_stock"))
        )
        return not bad.exists()


def _add_months(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def stock_from_the_trade(run) -> dict[int, tuple[int, int]]:
    """Per stock record, (in stock, reserved) worked out from the orders and refunds."""
    stock = {record.pk: [START_STOCK, 0] for record in run.records}
    for order, _method in run.orders:
        line, part = order.lines.get(), order.fulfilments.get()
        units = line.quantity - run.unshipped_refunds[line.pk]
        if part.status in (S.NEW, S.CONFIRMED, S.PACKED):
            stock[line.stockrecord_id][1] += units  # reserved until it leaves
        elif part.status in (S.SHIPPED, S.DELIVERED, S.REFUSED):
            stock[line.stockrecord_id][0] -= units  # left with the parcel
        if part.status == S.REFUSED:
            stock[line.stockrecord_id][0] += line.quantity  # the parcel came back
    for record_id, units in run.back_on_shelf.items():
        stock[record_id][0] += units
    return {pk: tuple(values) for pk, values in stock.items()}


def owed_from_the_trade(run) -> dict[int, Decimal]:
    """What each seller is owed, worked out from orders, parcels, statement lines, refunds
    and payouts (never from the ledger)."""
    owed = {seller.pk: Decimal(0) for seller in run.sellers}
    paid = set(
        PaymentAttempt.objects.filter(
            method__in=[Method.VIETQR, Method.STRIPE], state__in=[State.SUCCEEDED, State.REFUNDED]
        ).values_list("order_id", flat=True)
    )
    statement_line = {
        line.credited_part_id: line
        for line in RemittanceLine.objects.filter(credited_part__isnull=False)
    }
    # Parts the buyer paid straight into the seller's own account (the seller holds it).
    direct = set(
        DirectTransfer.objects.filter(state="received").values_list("fulfilment_id", flat=True)
    )
    for part in Fulfilment.objects.filter(seller__in=run.sellers):
        goods = part.lines_total
        with_carrier = part.cash_collected_at is not None  # a delivered COD parcel
        if part.order_id in paid or with_carrier:
            commission = _round(goods * run.booked_rate[part.pk])
            owed[part.seller_id] += goods + part.shipping_charge - commission
        if part.pk in direct:  # the buyer's money is with the seller already
            owed[part.seller_id] -= goods + part.shipping_charge
        if with_carrier:  # the carrier holds the cash until its statement brings it
            owed[part.seller_id] -= goods + part.shipping_charge
        line = statement_line.get(part.pk)
        if line is not None:  # the cash remitted, less the carrier's fees on the statement
            owed[part.seller_id] += line.cod_collected - line.shipping_fee - line.cod_fee
            continue
        for shipment in part.shipments.filter(status__in=[T.DELIVERED, T.RETURNED]):
            # The carrier bills each parcel that ended; a delivered COD parcel's fee waits
            # for its statement.
            if not (shipment.cod_amount and shipment.status == T.DELIVERED):
                owed[part.seller_id] -= shipment.fee
    for part, goods, shipping_back in run.refunds:
        # The commission taken on the refunded goods comes back: the same share of them
        # as the sale's commission was of the whole part, whatever the rate is now.
        commission = _round(part.lines_total * run.booked_rate[part.pk])
        back = _round(goods * commission / part.lines_total)
        owed[part.seller_id] -= goods - back + shipping_back
        if part.pk in direct:  # the seller gave the buyer's money back itself
            owed[part.seller_id] += goods + shipping_back
    for seller, amount, _before in run.payouts:
        owed[seller.pk] -= amount
    for seller, total in run.invoices_paid:  # the seller paid its commission invoice
        owed[seller.pk] += total
    return owed


def test_every_seller_is_owed_what_the_trade_says_to_the_dong(
    client, carrier, settings, admin_units, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    settings.VIETQR_ACCOUNT_NUMBER = "0000123456789"
    for kind, rate in RATES.items():
        CommissionRate.objects.create(seller_kind=kind, rate=rate)
    rng = random.Random(SEED)  # noqa: S311 (a replayable run, not a secret)
    run = Run(client, carrier, rng)
    replay = f"seed {SEED}, {STEPS} steps (replay: MONEY_SEED={SEED} MONEY_STEPS={STEPS})"
    operations = {
        run.order: 3,
        run.pay: 3,
        run.ship: 6,
        run.move: 10,
        run.remit: 2,
        run.do_refund: 2,
        run.cancel: 1,
        run.payout: 2,
        run.change_rate: 1,
        run.invoice: 1,
    }
    for step in range(STEPS):
        done = None
        while done is None:  # an operation with nothing to act on yet: draw another
            done = rng.choices(list(operations), list(operations.values()))[0]()
        run.log.append(done)
        assert run.stock_is_sound(), f"stock went wrong at step {step}; {replay}\n{run.log}"

    story = f"{replay}\n" + "\n".join(run.log)
    owed = owed_from_the_trade(run)
    wrong = {
        seller.display_name: f"ledger {balance(seller)} ₫, the trade says {owed[seller.pk]} ₫"
        for seller in run.sellers
        if balance(seller) != owed[seller.pk]
    }
    assert not wrong, f"{wrong}\n{story}"

    # Stock: every unit is on the shelf, reserved by an open order, or with a buyer.
    on_record = {
        record.pk: (record.num_in_stock, record.num_allocated or 0)
        for record in StockRecord.objects.filter(pk__in=[r.pk for r in run.records])
    }
    assert on_record == stock_from_the_trade(run), story

    # Each payout paid at most the balance it found, and its entry says the same amount.
    for seller, amount, before in run.payouts:
        assert 0 < amount <= before, (seller.pk, amount, before, story)
    assert sorted(Payout.objects.values_list("amount", flat=True)) == sorted(
        amount for _s, amount, _b in run.payouts
    ), story
    # Every commission of a directly paid part is on one invoice at most, each invoice's
    # total is its lines', and the invoices cover all of it once the months are closed.
    direct_commission = LedgerEntry.objects.filter(
        kind="commission",
        fulfilment__in=DirectTransfer.objects.filter(state="received").values("fulfilment"),
    )
    invoiced = CommissionInvoiceLine.objects.aggregate(total=Sum("amount"))["total"] or 0
    assert CommissionInvoiceLine.objects.exclude(entry__in=direct_commission).count() == 0
    for invoice in CommissionInvoice.objects.annotate(lines_total=Sum("lines__amount")):
        assert invoice.total == invoice.lines_total, story
    assert invoiced == -(
        direct_commission.filter(invoice_line__isnull=False).aggregate(total=Sum("amount"))["total"]
        or 0
    ), story
    assert DirectTransfer.objects.filter(state="received").exists(), story
    # The buyers got back what the sellers gave back.
    refunded = Refund.objects.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    assert refunded == sum((g + s for _p, g, s in run.refunds), Decimal(0)), story
    # No order part was credited twice, whatever the statements repeated.
    twice = (
        LedgerEntry.objects.filter(kind="remitted")
        .values("fulfilment")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not twice.exists(), story
    credited = set(
        RemittanceLine.objects.filter(credited_part__isnull=False).values_list(
            "credited_part", flat=True
        )
    )
    assert run.remitted_exact <= credited, story
    assert RemittanceLine.objects.filter(credited_part__isnull=False).count() == len(credited)
    assert LedgerEntry.objects.filter(kind="remitted").count() == len(credited), story

    out = StringIO()
    try:
        call_command("audit_consistency", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"audit_consistency: {exit_.code}\n{out.getvalue()}\n{story}")
    assert "All agrees" in out.getvalue()


def audit_ledger():
    out = StringIO()
    try:
        call_command("audit_consistency", "--only", "ledger", stdout=out, stderr=out)
    except SystemExit:
        return out.getvalue()
    return ""


def test_a_card_order_refunded_in_full_is_not_called_unpaid(admin_units):
    record = StockRecordFactory(product=ProductFactory(), price=Decimal(99_999))
    order = place(basket_with(record.product, quantity=2), number="710000")
    attempt = start_payment(order=order, method=Method.STRIPE)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(reference="pi_710000")
    assert apply_intent_succeeded("pi_710000", int(attempt.amount)) == "paid"
    operator = UserFactory(is_superuser=True, is_staff=True)
    refund(order=order, full=True, actor=operator, paid_back_manually=True)
    assert PaymentAttempt.objects.get(pk=attempt.pk).state == State.REFUNDED
    assert balance(record.product.seller) == 0
    assert audit_ledger() == ""
    # Positive control: without the refund the booked sale has no payment behind it.
    Refund.objects.filter(order=order).delete()
    assert "710000" in audit_ledger() and "booked but never paid for" in audit_ledger()


def test_a_refund_gives_back_the_commission_taken_at_the_sale_not_at_todays_rate(admin_units):
    record = StockRecordFactory(product=ProductFactory(), price=Decimal(123_457))
    seller = record.product.seller
    operator = UserFactory(is_superuser=True, is_staff=True)
    set_commission_rate(seller_kind=seller.kind, rate=Decimal("0.0750"), actor=operator)
    order = place(basket_with(record.product, quantity=3), number="720000")
    attempt = start_payment(order=order, method=Method.VIETQR)
    confirm_transfer(attempt=attempt, actor=operator)
    taken = -LedgerEntry.objects.get(kind="commission", fulfilment__order=order).amount
    assert taken == _round(Decimal(370_371) * Decimal("0.075"))  # 27,778 ₫
    set_commission_rate(seller_kind=seller.kind, rate=Decimal("0.0400"), actor=operator)
    line = order.lines.get()
    refund(order=order, quantities={line.pk: 1}, actor=operator)
    back = LedgerEntry.objects.get(kind="commission", amount__gt=0).amount
    assert back == _round(Decimal(123_457) * taken / Decimal(370_371))  # 9,259 ₫, not 4,938
    refund(order=order, full=True, actor=operator)
    given_back = LedgerEntry.objects.filter(kind="commission", amount__gt=0).aggregate(
        total=Sum("amount")
    )["total"]
    assert given_back == taken
    assert balance(seller) == 0
