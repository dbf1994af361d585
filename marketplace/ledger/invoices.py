"""Commission invoices: what sellers paid directly by buyers owe the platform.

A part the buyer transferred straight to the seller books its commission in the ledger
as usual (the seller's balance goes down by it); once a month the operator issues each
such seller an invoice listing those commission entries, and the commission given back
on refunds as credits. The invoice is settled either by the seller paying it (the
operator records the bank reference and the seller's account is credited) or by the next
payout, which already counts the commission the seller owes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from sellers.models import Seller

from .models import CommissionInvoice, CommissionInvoiceLine, LedgerEntry, Payout
from .services import LedgerError, period_bounds

Kind = LedgerEntry.Kind
Status = CommissionInvoice.Status


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``month``'s month."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def uninvoiced(finish):
    """Commission entries of directly paid parts booked before ``finish`` and on no
    invoice yet."""
    direct_parts = LedgerEntry.objects.filter(kind=Kind.DIRECT).values("fulfilment")
    return LedgerEntry.objects.filter(
        kind=Kind.COMMISSION,
        fulfilment__in=direct_parts,
        created_at__lt=finish,
        invoice_line__isnull=True,
    )


def invoice_number(seller, first: datetime.date) -> str:
    return f"HH{first:%Y%m}-{seller.pk:05d}"


def _netted_by(seller, last_day, latest_entry) -> Payout | None:
    """A payout made after the invoice's entries and covering its month already took the
    commission off what the seller was paid."""
    return (
        Payout.objects.filter(seller=seller, period_end__gte=last_day, created_at__gt=latest_entry)
        .order_by("created_at")
        .first()
    )


@transaction.atomic
def issue_invoice(*, seller, month: datetime.date, actor) -> CommissionInvoice | None:
    """Issue ``seller``'s commission invoice for ``month`` (a month that is over), with
    every commission of its directly paid parts booked until the month's end and not yet
    invoiced. Returns ``None`` when there is nothing to invoice; issuing twice is refused.
    """
    first, last = month_bounds(month)
    if last >= timezone.localdate():
        raise LedgerError(_("A month can be invoiced only once it is over."))
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    if CommissionInvoice.objects.filter(seller=seller, period_start=first).exists():
        raise LedgerError(
            _("%(seller)s already has an invoice for this month.") % {"seller": seller}
        )
    finish = period_bounds(first, last)[1]
    entries = list(uninvoiced(finish).filter(seller=seller).select_related("fulfilment__order"))
    if not entries:
        return None
    total = -sum((e.amount for e in entries), Decimal(0))
    invoice = CommissionInvoice.objects.create(
        seller=seller,
        number=invoice_number(seller, first),
        period_start=first,
        period_end=last,
        total=total,
        created_by=actor,
        status=Status.OPEN if total > 0 else Status.CREDIT,
    )
    CommissionInvoiceLine.objects.bulk_create(
        CommissionInvoiceLine(
            invoice=invoice,
            entry=entry,
            fulfilment=entry.fulfilment,
            order_number=entry.fulfilment.order.number,
            goods=entry.fulfilment.lines_total if entry.amount < 0 else Decimal(0),
            amount=-entry.amount,
            booked_at=entry.created_at,
        )
        for entry in entries
    )
    netted = _netted_by(seller, last, max(e.created_at for e in entries))
    if invoice.status == Status.OPEN and netted is not None:
        invoice.status, invoice.payout, invoice.settled_at = Status.NETTED, netted, timezone.now()
        invoice.save(update_fields=["status", "payout", "settled_at"])
    audit.record(
        actor=actor,
        verb="ledger.invoice_issued",
        target=invoice,
        on_behalf_of=seller,
        after={"total": str(total), "lines": len(entries)},
    )
    return invoice


def sellers_to_invoice(month: datetime.date):
    """Sellers with commission of directly paid parts not yet invoiced up to ``month``."""
    first, last = month_bounds(month)
    finish = period_bounds(first, last)[1]
    ids = uninvoiced(finish).values("seller")
    return Seller.objects.filter(pk__in=ids).order_by("display_name")


def issue_invoices(*, month: datetime.date, actor) -> list[CommissionInvoice]:
    """Issue the month's invoice of every seller who owes commission on direct transfers
    (sellers already invoiced for the month are skipped)."""
    first, _last = month_bounds(month)
    issued = []
    for seller in sellers_to_invoice(month):
        if CommissionInvoice.objects.filter(seller=seller, period_start=first).exists():
            continue
        invoice = issue_invoice(seller=seller, month=month, actor=actor)
        if invoice is not None:
            issued.append(invoice)
    return issued


@transaction.atomic
def mark_invoice_paid(
    *, invoice: CommissionInvoice, actor, bank_reference: str
) -> CommissionInvoice:
    """The seller paid the invoice into the platform's account: its ledger is credited
    with the total (the commission it owed is settled), once."""
    bank_reference = bank_reference.strip()[:64]
    if not bank_reference:
        raise LedgerError(_("Give the bank reference of the seller's payment."))
    invoice = CommissionInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Status.OPEN:
        raise LedgerError(
            _("This invoice is already settled: %(status)s.")
            % {"status": invoice.get_status_display()}
        )
    invoice.status, invoice.settled_at, invoice.settled_by = Status.PAID, timezone.now(), actor
    invoice.bank_reference = bank_reference
    invoice.save(update_fields=["status", "settled_at", "settled_by", "bank_reference"])
    LedgerEntry.objects.create(
        seller=invoice.seller,
        kind=Kind.INVOICE_PAID,
        amount=invoice.total,
        memo=_("Commission invoice %(number)s paid (%(reference)s)")
        % {"number": invoice.number, "reference": bank_reference},
    )
    audit.record(
        actor=actor,
        verb="ledger.invoice_paid",
        target=invoice,
        on_behalf_of=invoice.seller,
        after={"total": str(invoice.total), "bank_reference": bank_reference},
    )
    return invoice


def invoice_totals(invoice: CommissionInvoice) -> dict:
    """The invoice's charges and credits (its total is their sum)."""
    rows = invoice.lines.aggregate(
        charged=Sum("amount", filter=Q(amount__gt=0)),
        credited=Sum("amount", filter=Q(amount__lt=0)),
    )
    return {
        "charged": rows["charged"] or Decimal(0),
        "credited": -(rows["credited"] or Decimal(0)),
    }
