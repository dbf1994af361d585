"""Writes to sellers' ledgers. Entries are only ever added, never changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from sellers.models import Seller

from .models import CommissionInvoice, CommissionRate, LedgerEntry, Payout, PayoutBatch

Kind = LedgerEntry.Kind


class LedgerError(Exception):
    """A translated message safe to show the operator."""


def commission_rate(seller_kind: str) -> Decimal:
    rate = CommissionRate.objects.filter(seller_kind=seller_kind).values_list("rate", flat=True)
    return rate.first() if rate else Decimal(settings.LEDGER_DEFAULT_COMMISSION)


def _commission(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def commission_for(seller, parts) -> dict[int, Decimal]:
    """The commission on each order part: as booked once the sale is recognised, at the
    seller's current rate before that."""
    booked = dict(
        LedgerEntry.objects.filter(
            fulfilment__in=[p.pk for p in parts], kind=Kind.COMMISSION, amount__lt=0
        )
        .values("fulfilment")
        .annotate(total=Sum("amount"))
        .values_list("fulfilment", "total")
    )
    rate = commission_rate(seller.kind)
    return {
        p.pk: -booked[p.pk] if p.pk in booked else _commission(p.lines_total, rate) for p in parts
    }


def _already_recognised(fulfilment) -> bool:
    return LedgerEntry.objects.filter(fulfilment=fulfilment, kind=Kind.SALE).exists()


@transaction.atomic
def recognise_sale(
    *,
    fulfilment,
    cash_collected_by_seller: bool,
    cash_with_carrier: bool = False,
    paid_to_seller: bool = False,
) -> list[LedgerEntry]:
    """Book a fulfilment's sale, shipping and commission, once.

    For cash on delivery the seller already holds the cash, so a matching
    ``cash`` entry takes it back out: what remains is the commission the seller owes.
    With ``cash_with_carrier`` the carrier holds the cash instead: a ``carrier_cod`` entry
    takes it out until the carrier's remittance brings it in (``credit_remittances``).
    With ``paid_to_seller`` the buyer transferred the part to the seller's own account: a
    ``direct`` entry takes it out, and the commission left owing is invoiced monthly.
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
    if paid_to_seller:
        rows.append((Kind.DIRECT, -fulfilment.total))
    elif cash_collected_by_seller:
        rows.append((Kind.CASH_COLLECTED, -fulfilment.total))
    elif cash_with_carrier:
        rows.append((Kind.CARRIER_COD, -fulfilment.total))
    return LedgerEntry.objects.bulk_create(
        LedgerEntry(seller=seller, order=order, fulfilment=fulfilment, kind=k, amount=a, memo=memo)
        for k, a in rows
        if a
    )


@transaction.atomic
def record_carrier_fee(*, fulfilment, amount: Decimal, reference: str) -> LedgerEntry | None:
    """Charge the seller the carrier's fee for one parcel (``reference``), once.

    The carrier bills the platform's account for every parcel it carries, delivered or
    sent back; the seller whose parcel it was bears it. (A delivered cash-on-delivery
    parcel's fees come off the carrier's remittance instead, as the statement says.)
    """
    memo = _("Carrier fee %(code)s") % {"code": reference}
    if (
        not amount
        or LedgerEntry.objects.filter(
            fulfilment=fulfilment,
            kind__in=[Kind.CARRIER_FEE, Kind.COD_FEE],
            memo__endswith=reference,
        ).exists()
    ):
        return None
    return LedgerEntry.objects.create(
        seller=fulfilment.seller,
        order=fulfilment.order,
        fulfilment=fulfilment,
        kind=Kind.CARRIER_FEE,
        amount=-amount,
        memo=memo,
    )


@dataclass(frozen=True)
class Remittance:
    """One statement line credited to one order part (see ``credit_remittances``)."""

    fulfilment: object  # with ``seller`` and ``order`` loaded
    collected: Decimal
    shipping_fee: Decimal
    cod_fee: Decimal
    memo: str


def carrier_fees_charged(part_ids) -> dict[int, Decimal]:
    """Per order part, the carrier fees already charged (a positive amount)."""
    rows = (
        LedgerEntry.objects.filter(
            fulfilment__in=part_ids, kind__in=[Kind.CARRIER_FEE, Kind.COD_FEE]
        )
        .values("fulfilment")
        .annotate(total=Sum("amount"))
        .values_list("fulfilment", "total")
    )
    return {part: -total for part, total in rows}


def credit_remittances(remittances: list[Remittance]) -> list[LedgerEntry]:
    """Book what carriers remitted, in one insert: the cash they collected, less their
    shipping and COD fees. Fees already charged for a part (a prepaid parcel's fee,
    charged at delivery) are counted, so each part bears its statement's fees once.

    The caller makes sure each part is credited once (its statement line holds the
    unique claim on the part) and runs this in the same transaction.
    """
    charged = carrier_fees_charged([r.fulfilment.pk for r in remittances])
    entries = []
    for r in remittances:
        part = r.fulfilment
        earlier = charged.get(part.pk, Decimal(0))
        fees = [(Kind.CARRIER_FEE, r.shipping_fee), (Kind.COD_FEE, r.cod_fee)]
        if earlier:  # the fee charged before is replaced by the statement's
            fees = [(Kind.CARRIER_FEE, r.shipping_fee + r.cod_fee - earlier)]
        rows = [(Kind.REMITTED, r.collected)] + [(kind, -fee) for kind, fee in fees]
        entries += [
            LedgerEntry(
                seller_id=part.seller_id,
                order_id=part.order_id,
                fulfilment=part,
                kind=kind,
                amount=amount,
                memo=r.memo[:255],
            )
            for kind, amount in rows
            if amount
        ]
    return LedgerEntry.objects.bulk_create(entries, batch_size=2000)


def commission_returned(*, fulfilment, amount: Decimal) -> Decimal:
    """The commission given back with ``amount`` of a part's goods refunded: the same share
    of them as the commission booked at the sale was of the whole part, so a rate the
    operator changed since then does not change what comes back."""
    booked = LedgerEntry.objects.filter(
        fulfilment=fulfilment, kind=Kind.COMMISSION, amount__lt=0
    ).aggregate(total=Sum("amount"))["total"]
    if not booked or not fulfilment.lines_total:
        return Decimal(0)
    return _commission(amount, -booked / fulfilment.lines_total)


def paid_to_seller(fulfilment) -> bool:
    """True when the buyer paid this part straight to the seller's own account."""
    return LedgerEntry.objects.filter(fulfilment=fulfilment, kind=Kind.DIRECT).exists()


@transaction.atomic
def record_refund(
    *, fulfilment, amount: Decimal, memo: str, shipping: Decimal = Decimal(0)
) -> list[LedgerEntry]:
    """Take refunded goods (and shipping) back from the seller; give back the commission
    taken on them. A part the buyer paid straight to the seller is refunded by the seller
    from its own account (a ``direct_refund`` entry gives that back), so only the
    commission moves: it is credited on the seller's next commission invoice."""
    if not _already_recognised(fulfilment):
        return []  # nothing was booked for this seller yet, so nothing to reverse
    common = {"seller": fulfilment.seller, "order": fulfilment.order, "fulfilment": fulfilment}
    rows = [
        (Kind.REFUND, -amount),
        (Kind.COMMISSION, commission_returned(fulfilment=fulfilment, amount=amount)),
        (Kind.SHIPPING, -shipping),
    ]
    if paid_to_seller(fulfilment):
        rows.append((Kind.DIRECT_REFUND, amount + shipping))
    return LedgerEntry.objects.bulk_create(
        LedgerEntry(kind=kind, amount=value, memo=memo, **common) for kind, value in rows if value
    )


@transaction.atomic
def set_commission_rate(*, seller_kind: str, rate: Decimal, actor) -> CommissionRate:
    """Set the platform's share of sales for one kind of seller (0.05 = 5%)."""
    if seller_kind not in Seller.Kind.values:
        raise LedgerError(_("Unknown kind of seller."))
    if rate is None or not Decimal(0) <= rate <= Decimal("0.5"):
        raise LedgerError(_("A commission rate must be between 0% and 50%."))
    before = commission_rate(seller_kind)
    row, _created = CommissionRate.objects.update_or_create(
        seller_kind=seller_kind, defaults={"rate": rate}
    )
    audit.record(
        actor=actor,
        verb="ledger.commission_set",
        target=row,
        before={"seller_kind": seller_kind, "rate": str(before)},
        after={"seller_kind": seller_kind, "rate": str(rate)},
    )
    return row


def period_bounds(start: datetime.date, end: datetime.date):
    """The first moment of ``start`` and the first moment after ``end``, local time."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return begin, finish


def due_filter(finish, prefix: str = "") -> Q:
    """Entries that count towards what a period owes: everything booked before its end,
    and every payout already made (whenever it was made, it paid part of that money)."""
    return Q(**{f"{prefix}created_at__lt": finish}) | Q(**{f"{prefix}kind": Kind.PAYOUT})


def _due(seller, finish) -> Decimal:
    """Owed for the period, but never more than the seller's balance now (a refund after
    the period's end already took money back)."""
    totals = LedgerEntry.objects.filter(seller=seller).aggregate(
        period=Sum("amount", filter=due_filter(finish)), now=Sum("amount")
    )
    return min(totals["period"] or Decimal(0), totals["now"] or Decimal(0))


@transaction.atomic
def create_payout(
    *, seller, period_start: datetime.date, period_end: datetime.date, actor, batch=None
) -> Payout:
    """Pay out everything the seller is owed up to the end of the period."""
    if period_end < period_start:
        raise LedgerError(_("The end of the period must not be before its start."))
    finish = period_bounds(period_start, period_end)[1]
    # One payout at a time per seller: the seller row is the lock.
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    due = _due(seller, finish)
    if due <= 0:
        raise LedgerError(_("Nothing is owed to %(seller)s for this period.") % {"seller": seller})
    payout = Payout.objects.create(
        batch=batch,
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
    # The commission the seller owed on its invoices was counted in ``due``.
    CommissionInvoice.objects.filter(
        seller=seller, status=CommissionInvoice.Status.OPEN, period_end__lte=period_end
    ).update(status=CommissionInvoice.Status.NETTED, payout=payout, settled_at=timezone.now())
    audit.record(
        actor=actor,
        verb="ledger.payout_created",
        target=payout,
        on_behalf_of=seller,
        after={"amount": str(due)},
    )
    return payout


def _with_entries(finish):
    return (
        Seller.objects.filter(ledger_entries__created_at__lt=finish)
        .distinct()
        .order_by("display_name")
    )


def is_payable(seller) -> bool:
    return bool(seller.bank_bin and seller.bank_account_number and seller.bank_account_holder)


@transaction.atomic
def create_payout_batch(
    *, period_start: datetime.date, period_end: datetime.date, actor
) -> tuple[PayoutBatch, list]:
    """One payout for every seller owed money at the end of the period.

    Sellers without complete bank details are left out (their money stays owed) and
    returned, so the operator can ask them for an account.
    """
    if period_end < period_start:
        raise LedgerError(_("The end of the period must not be before its start."))
    if period_end >= timezone.localdate():
        raise LedgerError(_("A period can be paid out only once it is over."))
    finish = period_bounds(period_start, period_end)[1]
    owed = [seller for seller in _with_entries(finish) if _due(seller, finish) > 0]
    payable = [seller for seller in owed if is_payable(seller)]
    missing = [seller for seller in owed if not is_payable(seller)]
    if not payable:
        raise LedgerError(_("No seller with bank details is owed money for this period."))
    batch = PayoutBatch.objects.create(
        period_start=period_start, period_end=period_end, created_by=actor
    )
    for seller in payable:
        create_payout(
            seller=seller,
            period_start=period_start,
            period_end=period_end,
            actor=actor,
            batch=batch,
        )
    audit.record(
        actor=actor,
        verb="ledger.batch_created",
        target=batch,
        after={"payouts": len(payable), "left_out": [s.display_name for s in missing]},
    )
    return batch, missing


@transaction.atomic
def mark_batch_paid(*, batch: PayoutBatch, actor, bank_reference: str = "") -> PayoutBatch:
    """Record that the batch's bank transfers were made; only once."""
    batch = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.is_paid:
        raise LedgerError(_("This batch is already marked as paid."))
    batch.paid_at, batch.paid_by = timezone.now(), actor
    batch.bank_reference = bank_reference.strip()[:64]
    batch.save(update_fields=["paid_at", "paid_by", "bank_reference"])
    audit.record(
        actor=actor,
        verb="ledger.batch_paid",
        target=batch,
        after={"bank_reference": batch.bank_reference},
    )
    return batch
