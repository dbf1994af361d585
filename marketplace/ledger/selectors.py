"""Reads of sellers' ledgers: balances are always summed from entries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Least

from sellers.models import Seller

from .models import CommissionRate, LedgerEntry, PayoutBatch
from .services import due_filter, period_bounds


def balance(seller) -> Decimal:
    """What the platform owes the seller now (negative: the seller owes the platform)."""
    total = LedgerEntry.objects.filter(seller=seller).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def entries_for(seller) -> QuerySet:
    return (
        LedgerEntry.objects.filter(seller=seller)
        .select_related("order")
        .order_by("-created_at", "-pk")
    )


def _zero_if_null(name: str) -> Coalesce:
    return Coalesce(name, Value(0), output_field=DecimalField(max_digits=14, decimal_places=0))


def payout_report(start: datetime.date, end: datetime.date) -> QuerySet:
    """One row per seller with activity: movements in the period, balance at its end, and
    ``owed``: what a payout batch for the period would pay now."""
    begin, finish = period_bounds(start, end)
    in_period = Q(ledger_entries__created_at__gte=begin, ledger_entries__created_at__lt=finish)
    return (
        Seller.objects.annotate(
            period_total=Sum("ledger_entries__amount", filter=in_period),
            balance_at_end=Sum(
                "ledger_entries__amount", filter=Q(ledger_entries__created_at__lt=finish)
            ),
            due=Sum("ledger_entries__amount", filter=due_filter(finish, "ledger_entries__")),
            balance_now=Sum("ledger_entries__amount"),
        )
        # What a payout batch for this period would pay (see services.create_payout).
        .annotate(owed=Least(_zero_if_null("due"), _zero_if_null("balance_now")))
        .filter(balance_at_end__isnull=False)
        .only(
            "display_name",
            "kind",
            "bank_bin",
            "bank_account_number",
            "bank_account_holder",
            "phone",
        )
        .order_by("display_name")
    )


def commission_rates() -> dict[str, Decimal]:
    """The rate for every kind of seller, the default where the operator set none."""
    set_rates = dict(CommissionRate.objects.values_list("seller_kind", "rate"))
    default = Decimal(settings.LEDGER_DEFAULT_COMMISSION)
    return {kind: set_rates.get(kind, default) for kind in Seller.Kind.values}


def batches() -> QuerySet:
    """Payout batches, newest first, with their count and total."""
    return PayoutBatch.objects.annotate(
        count=Count("payouts"), total=Sum("payouts__amount")
    ).order_by("-created_at", "-pk")


def unpaid_batches() -> QuerySet:
    return PayoutBatch.objects.filter(paid_at__isnull=True)


def batch_payouts(batch) -> QuerySet:
    return batch.payouts.select_related("seller").order_by("seller__display_name")
