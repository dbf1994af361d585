"""Money actions apply once: replays, double submissions and interleavings of refunds,
transfer confirmations, payout batches, mark-paid, commission changes and COD resets,
checked against the books of every seller.

The randomized run is a seeded loop (reproducible: the seed is in the failure message).
Its size is ``MONEY_SEEDS`` × ``MONEY_STEPS`` (environment variables, 4 × 30 by default).
"""

from __future__ import annotations

import datetime
import os
import random
import threading
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry, Payout, PayoutBatch
from marketplace.ledger.selectors import balance
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.payments import once, refunds
from marketplace.payments.models import MoneyAction, Refund
from marketplace.payments.services import start_payment
from tests.checkout.helpers import basket_with, confirm_post, place
from tests.factories import SellerFactory, UserFactory, sellable_product

SEEDS = int(os.environ.get("MONEY_SEEDS", "4"))
STEPS = int(os.environ.get("MONEY_STEPS", "30"))
RATES = [Decimal("0"), Decimal("0.025"), Decimal("0.05"), Decimal("0.08")]
KINDS = ["household", "cooperative"]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _said_already_done(response) -> bool:
    return any(str(m).startswith("Đã thực hiện") for m in get_messages(response.wsgi_request))


def _snapshot() -> tuple:
    return (
        LedgerEntry.objects.count(),
        Refund.objects.count(),
        Payout.objects.count(),
        PayoutBatch.objects.filter(paid_at__isnull=False).count(),
        AuditEvent.objects.count(),
        CodRefusal.objects.filter(reset_at__isnull=True).count(),
        MoneyAction.objects.count(),
    )


class Books:
    """What every seller should be owed, worked out from the actions that took effect."""

    def __init__(self, sellers):
        self.sellers = sellers
        self.rates = {kind: Decimal("0.05") for kind in KINDS}
        self.owed = defaultdict(Decimal)
        self.orders = defaultdict(Decimal)  # goods + shipping of paid orders
        self.commission = defaultdict(Decimal)
        self.refunded = defaultdict(Decimal)
        self.paid_out = defaultdict(Decimal)
        # The share of its goods each order part's sale took as commission.
        self.taken = {}

    def sale(self, order):
        for part in order.fulfilments.select_related("seller"):
            commission = _round(part.lines_total * self.rates[part.seller.kind])
            if part.lines_total:
                self.taken[order.pk, part.seller_id] = commission / part.lines_total
            self.orders[part.seller.pk] += part.lines_total + part.shipping_charge
            self.commission[part.seller.pk] += commission
            self.owed[part.seller.pk] += part.lines_total + part.shipping_charge - commission

    def refund(self, order, plan, full):
        shipping = {part.seller_id: part.shipping_charge for part in order.fulfilments.all()}
        goods = defaultdict(Decimal)
        for line, qty in plan["units"]:
            goods[line.partner.seller] += refunds.line_amount(line, qty)
        for seller, amount in goods.items():
            # The commission comes back at the share the sale took, whatever the rate now.
            back = _round(amount * self.taken.get((order.pk, seller.pk), Decimal(0)))
            taken = amount + (shipping[seller.pk] if full else 0)
            self.refunded[seller.pk] += taken
            self.commission[seller.pk] -= back
            self.owed[seller.pk] -= taken - back

    def check(self, seed, step):
        for seller in self.sellers:
            paid_out = sum(p.amount for p in Payout.objects.filter(seller=seller))
            where = f"seed {seed}, step {step}, {seller.display_name}"
            assert paid_out == self.paid_out[seller.pk], where
            # ledger = orders − commission − refunds − payouts
            expected = (
                self.orders[seller.pk]
                - self.commission[seller.pk]
                - self.refunded[seller.pk]
                - self.paid_out[seller.pk]
            )
            assert expected == self.owed[seller.pk], where
            assert balance(seller) == expected, where
        for record in Refund.objects.select_related("order"):
            given_back = sum(r.amount for r in record.order.refunds.all())
            assert given_back <= record.order.total_incl_tax, f"seed {seed}, step {step}"


class World:
    def __init__(self, client, rng):
        self.client, self.rng = client, rng
        self.sellers = [
            SellerFactory(
                kind=KINDS[i % 2],
                bank_bin="970418",
                bank_account_number=f"10{i}",
                bank_account_holder=f"NGUOI BAN {i}",
            )
            for i in range(3)
        ]
        self.products = [sellable_product(seller=seller) for seller in self.sellers]
        for product in self.products:  # long runs place many orders
            product.stockrecords.update(num_in_stock=100_000)
        self.books = Books(self.sellers)
        self.pending, self.paid = [], []
        self.submitted = []  # every confirmed form, to replay later
        self.replays = 0
        for _ in range(4):
            self.new_order()

    def new_order(self):
        chosen = self.rng.sample(self.products, self.rng.choice([1, 2]))
        order = place(basket_with(*chosen, quantity=self.rng.choice([1, 2, 3])))
        self.pending.append((order, start_payment(order=order, method="vietqr")))

    def submit(self, url, data=None):
        before = _snapshot()
        _shown, response = confirm_post(self.client, url, data)
        self.submitted.append((url, response.form_data))
        return before, response

    # --- the actions -----------------------------------------------------------------
    def confirm(self):
        if not self.pending:
            return self.new_order()
        order, attempt = self.pending.pop(self.rng.randrange(len(self.pending)))
        self.submit(reverse("operations:confirm-transfer", args=[attempt.pk]))
        self.books.sale(order)
        self.paid.append(order)

    def refund(self):
        candidates = [o for o in self.paid if any(v > 0 for v in self._left(o).values())]
        if not candidates:
            return self.confirm()
        order = self.rng.choice(candidates)
        full = self.rng.random() < 0.3
        left = self._left(order)
        line = self.rng.choice([line for line, n in left.items() if n > 0])
        quantities = {} if full else {line.pk: self.rng.randint(1, left[line])}
        plan = refunds.preview(order=order, quantities=quantities, full=full)
        data = {"action": "full" if full else "lines", "reason": "Thử"}
        data.update({f"line_{pk}": str(qty) for pk, qty in quantities.items()})
        self.submit(reverse("operations:refund", args=[order.number]), data)
        self.books.refund(order, plan, full)

    def _left(self, order):
        paid = refunds.paid_attempt(order)  # None once everything was refunded
        return refunds.refundable_lines(order, paid) if paid else {}

    def commission(self):
        kind, rate = self.rng.choice(KINDS), self.rng.choice(RATES)
        if rate == self.books.rates[kind]:
            return
        percent = {**self.books.rates, "enterprise": Decimal("0.05"), kind: rate}
        data = {k: f"{(r * 100).normalize():f}" for k, r in percent.items()}
        self.submit(reverse("operations:commissions"), data)
        self.books.rates[kind] = rate

    def payout_batch(self):
        # The period must be over: everything booked so far is dated before its end.
        LedgerEntry.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
        day = timezone.localdate() - datetime.timedelta(days=2)
        owed = {s.pk: self.books.owed[s.pk] for s in self.sellers if self.books.owed[s.pk] > 0}
        if not owed:
            return
        period = {"start": (day - datetime.timedelta(days=9)).isoformat(), "end": day.isoformat()}
        self.submit(reverse("operations:payouts"), period)
        for pk, amount in owed.items():
            self.books.paid_out[pk] += amount
            self.books.owed[pk] = Decimal(0)

    def mark_paid(self):
        batch = PayoutBatch.objects.filter(paid_at__isnull=True).first()
        if batch is None:
            return self.payout_batch()
        reference = f"FT{self.rng.randrange(10**6)}"
        self.submit(
            reverse("operations:payout-paid", args=[batch.pk]), {"bank_reference": reference}
        )
        batch.refresh_from_db()
        assert batch.is_paid and batch.bank_reference == reference

    def cod_reset(self):
        # A parcel refused at the door; each parcel can be refused only once.
        parts = list(Fulfilment.objects.filter(refusal__isnull=True).order_by("pk"))
        if not parts:
            return self.new_order()
        part = self.rng.choice(parts)
        CodRefusal.objects.create(phone="+84912345678", fulfilment=part)
        self.submit(reverse("operations:cod"), {"phone": "0912 345 678"})
        assert not CodRefusal.objects.filter(reset_at__isnull=True).exists()

    def replay(self, last: bool):
        if not self.submitted:
            return
        url, data = self.submitted[-1] if last else self.rng.choice(self.submitted)
        before = _snapshot()
        response = self.client.post(url, data)
        assert response.status_code == 302 and _said_already_done(response)
        assert _snapshot() == before, "a replayed money form changed something"
        self.replays += 1


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(SEEDS))
def test_random_money_actions_with_replays_keep_every_sellers_books(client, seed):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    rng = random.Random(seed)
    world = World(client, rng)
    actions = [
        (world.confirm, 4),
        (world.refund, 4),
        (world.commission, 1),
        (world.payout_batch, 1),
        (world.mark_paid, 1),
        (world.cod_reset, 1),
        (world.new_order, 2),
        (lambda: world.replay(last=True), 2),  # a double click
        (lambda: world.replay(last=False), 2),  # the browser's back button, much later
    ]
    functions, weights = zip(*actions, strict=True)
    for step in range(STEPS):
        rng.choices(functions, weights)[0]()
        world.books.check(seed, step)
    assert world.replays > 0 and len(world.submitted) > 0  # the run did exercise both
    # Every applied form left exactly one key; nothing was applied without one.
    assert MoneyAction.objects.count() == len({tuple(d["money_key"]) for _u, d in world.submitted})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submissions_of_one_refund_form_at_the_same_moment_refund_once(client):
    """Two requests with the same key race on PostgreSQL: one refunds, one waits and
    then reports the first result."""
    product = sellable_product()
    order = place(basket_with(product, quantity=2))
    attempt = start_payment(order=order, method="vietqr")
    from marketplace.payments.services import confirm_transfer

    confirm_transfer(attempt=attempt, actor=None)
    line = order.lines.get()
    key, barrier, outcomes, errors = once.new_key(), threading.Barrier(2), [], []

    def submit():
        try:
            barrier.wait()

            def apply():
                record = refunds.refund(order=order, quantities={line.pk: 1}, actor=None)
                return f"refund {record.pk}", "/"

            outcomes.append(once.run_once(key=key, action="refund", actor=None, apply=apply))
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Refund.objects.count() == 1
    assert sorted(o.repeated for o in outcomes) == [False, True]
    assert outcomes[0].message == outcomes[1].message
    assert balance(product.seller) == 315000 - 150000 + 7500
