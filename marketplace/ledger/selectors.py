"""Reads of sellers' ledgers: balances are always summed from entries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from sellers.models import Seller

from .models import LedgerEntry
from .services import _period_bounds


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


def payout_report(start: datetime.date, end: datetime.date) -> QuerySet:
    """One row per seller with activity: movements in the period and balance at its end."""
    begin, finish = _period_bounds(start, end)
    in_period = Q(ledger_entries__created_at__gte=begin, ledger_entries__created_at__lt=finish)
    return (
        Seller.objects.annotate(
            period_total=Sum("ledger_entries__amount", filter=in_period),
            balance_at_end=Sum(
                "ledger_entries__amount", filter=Q(ledger_entries__created_at__lt=finish)
            ),
        )
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
