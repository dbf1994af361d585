"""Writes to sellers' ledgers. Entries are only ever added, never changed."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sellers import audit

from .models import CommissionRate, LedgerEntry, Payout

Kind = LedgerEntry.Kind


class LedgerError(Exception):
    """A translated message safe to show the operator."""


def commission_rate(seller_kind: str) -> Decimal:
    rate = CommissionRate.objects.filter(seller_kind=seller_kind).values_list("rate", flat=True)
    return rate.first() if rate else Decimal(settings.LEDGER_DEFAULT_COMMISSION)


def _commission(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _already_recognised(fulfilment) -> bool:
    return LedgerEntry.objects.filter(fulfilment=fulfilment, kind=Kind.SALE).exists()


@transaction.atomic
def recognise_sale(*, fulfilment, cash_collected_by_seller: bool) -> list[LedgerEntry]:
    """Book a fulfilment's sale, shipping and commission, once.

    For cash on delivery the seller already holds the cash, so a matching
    ``cash`` entry takes it back out: what remains is the commission the seller owes.
    """
    if _already_recognised(fulfilment):
        return []
    seller, order = fulfilment.seller, fulfilment.order
    rate = commission_rate(seller.kind)
    memo = _("Order %(number)s") % {"number": order.number}
    rows = [
        (Kind.SALE, fulfilment.lines_total),
        (Kind.SHIPPING, fulfilment.shipping_charge),
        (Kind.COMMISSION, -_commission(fulfilment.lines_total, rate)),
    ]
    if cash_collected_by_seller:
        rows.append((Kind.CASH_COLLECTED, -fulfilment.total))
    return LedgerEntry.objects.bulk_create(
        LedgerEntry(seller=seller, order=order, fulfilment=fulfilment, kind=k, amount=a, memo=memo)
        for k, a in rows
        if a
    )


@transaction.atomic
def record_refund(*, fulfilment, amount: Decimal, memo: str) -> list[LedgerEntry]:
    """Take a refunded amount back from the seller, and give back its commission."""
    if not _already_recognised(fulfilment):
        return []  # nothing was booked for this seller yet, so nothing to reverse
    rate = commission_rate(fulfilment.seller.kind)
    common = {"seller": fulfilment.seller, "order": fulfilment.order, "fulfilment": fulfilment}
    return LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(kind=Kind.REFUND, amount=-amount, memo=memo, **common),
            LedgerEntry(
                kind=Kind.COMMISSION, amount=_commission(amount, rate), memo=memo, **common
            ),
        ]
    )


def _period_bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return begin, finish


@transaction.atomic
def create_payout(
    *, seller, period_start: datetime.date, period_end: datetime.date, actor
) -> Payout:
    """Pay out everything the seller is owed up to the end of the period."""
    _, finish = _period_bounds(period_start, period_end)
    due = LedgerEntry.objects.select_for_update().filter(
        seller=seller, created_at__lt=finish
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if due <= 0:
        raise LedgerError(_("Nothing is owed to %(seller)s for this period.") % {"seller": seller})
    payout = Payout.objects.create(
        seller=seller,
        period_start=period_start,
        period_end=period_end,
        amount=due,
        bank_bin=seller.bank_bin,
        bank_account_number=seller.bank_account_number,
        bank_account_holder=seller.bank_account_holder,
        created_by=actor,
    )
    LedgerEntry.objects.create(
        seller=seller, payout=payout, kind=Kind.PAYOUT, amount=-due, memo=str(payout)
    )
    audit.record(
        actor=actor,
        verb="ledger.payout_created",
        target=payout,
        on_behalf_of=seller,
        after={"amount": str(due)},
    )
    return payout
