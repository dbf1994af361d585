"""A seller's statement for a month: every sale, refund and payout, and what is owed.

The screen and the CSV are built from the same rows, so they always agree. "Owed to you"
is the one running figure: positive when the marketplace owes the seller, negative when
the seller owes the marketplace (the commission of cash-on-delivery sales, whose cash the
seller already holds).

Rows are read back from the ledger's entries: the entries ``recognise_sale`` books for one
order part make one sale row, those ``record_refund`` books together make one refund row,
and each payout is a row dated when the money was sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import LedgerEntry
from .services import commission_rate, period_bounds

Kind = LedgerEntry.Kind
ZERO = Decimal(0)


# The money columns of a statement, in order: the screen's cards and totals and the CSV
# all read this one list.
COLUMNS = (
    ("goods", gettext_noop("Goods")),
    ("shipping", gettext_noop("Shipping")),
    ("commission", gettext_noop("Commission")),
    ("cash_collected", gettext_noop("Cash collected by you")),
    ("direct", gettext_noop("Paid to you directly")),
    ("invoice_paid", gettext_noop("Commission invoices you paid")),
    ("carrier_cash", gettext_noop("Cash on delivery via the carrier")),
    ("carrier_fees", gettext_noop("Carrier fees")),
    ("refund", gettext_noop("Refund")),
    ("payout", gettext_noop("Payout")),
)


@dataclass
class Row:
    # "sale", "carrier" (a remittance or a carrier fee), "refund", "invoice" or "payout"
    kind: str
    date: datetime.datetime
    order: str = ""
    cod: bool = False
    goods: Decimal = ZERO
    shipping: Decimal = ZERO
    commission: Decimal = ZERO
    cash_collected: Decimal = ZERO
    direct: Decimal = ZERO
    invoice_paid: Decimal = ZERO
    carrier_cash: Decimal = ZERO
    carrier_fees: Decimal = ZERO
    refund: Decimal = ZERO
    payout: Decimal = ZERO
    paid_on: datetime.datetime | None = None
    bank_reference: str = ""
    owed: Decimal = ZERO  # what this row changes in "owed to you"
    balance: Decimal = ZERO  # "owed to you" after this row

    @property
    def amounts(self) -> list[tuple[str, Decimal]]:
        """(column label, amount) for the columns this row moves."""
        return [(_(label), getattr(self, key)) for key, label in COLUMNS if getattr(self, key)]

    @property
    def label(self) -> str:
        if self.kind == "sale":
            if self.direct:
                return _("Sale, paid to you directly")
            return _("Sale, cash on delivery") if self.cod else _("Sale, paid online")
        if self.kind == "invoice":
            return _("Commission invoice paid")
        if self.kind == "carrier":
            return _("Cash remitted by the carrier") if self.carrier_cash else _("Carrier fee")
        if self.kind == "refund":
            return _("Refund to the buyer")
        return _("Payout to your bank account")

    def add(self, entry: LedgerEntry) -> None:
        column = {
            Kind.SALE: "goods",
            Kind.COMMISSION: "commission",
            Kind.CASH_COLLECTED: "cash_collected",
            Kind.REFUND: "refund",
            Kind.PAYOUT: "payout",
            Kind.SHIPPING: "shipping",
            Kind.CARRIER_COD: "carrier_cash",
            Kind.REMITTED: "carrier_cash",
            Kind.CARRIER_FEE: "carrier_fees",
            Kind.COD_FEE: "carrier_fees",
            Kind.DIRECT: "direct",
            Kind.DIRECT_REFUND: "direct",
            Kind.INVOICE_PAID: "invoice_paid",
        }[entry.kind]
        setattr(self, column, getattr(self, column) + entry.amount)
        self.owed += entry.amount
        if entry.kind in (Kind.CASH_COLLECTED, Kind.CARRIER_COD):
            self.cod = True


@dataclass
class Statement:
    seller: object
    month: datetime.date
    rate: Decimal
    opening: Decimal
    rows: list[Row] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((r.owed for r in self.rows), ZERO)

    def total(self, column: str) -> Decimal:
        return sum((getattr(r, column) for r in self.rows), ZERO)

    @property
    def totals(self) -> list[tuple[str, Decimal]]:
        """(column label, month's total) for every money column."""
        return [(_(label), self.total(key)) for key, label in COLUMNS]

    @property
    def via_carrier(self) -> bool:
        """Whether a carrier collected cash or charged fees for this seller this month."""
        return any(r.carrier_cash or r.carrier_fees for r in self.rows)

    @property
    def rate_percent(self) -> str:
        return f"{self.rate * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


# What a carrier's remittance books (and the fee of a parcel it bills by itself): a row
# of its own, apart from the sale.
CARRIER_KINDS = (Kind.REMITTED, Kind.CARRIER_FEE, Kind.COD_FEE)


def _gives_back(entry: LedgerEntry) -> bool:
    """The commission returned and the shipping taken back by a refund."""
    return (
        (entry.kind == Kind.COMMISSION and entry.amount > 0)
        or (entry.kind == Kind.SHIPPING and entry.amount < 0)
        or entry.kind == Kind.DIRECT_REFUND
    )


def _rows(entries) -> list[Row]:
    rows: list[Row] = []
    sales: dict[int, Row] = {}
    refunds: dict[tuple, Row] = {}
    carrier: dict[tuple, Row] = {}
    for entry in entries:
        number = entry.order.number if entry.order_id else ""
        if entry.kind == Kind.INVOICE_PAID:
            row = Row(kind="invoice", date=entry.created_at, order=entry.memo)
            rows.append(row)
        elif entry.kind == Kind.PAYOUT:
            batch = entry.payout.batch if entry.payout_id else None
            row = Row(
                kind="payout",
                date=entry.created_at,
                paid_on=batch.paid_at if batch else None,
                bank_reference=batch.bank_reference if batch else "",
            )
            rows.append(row)
        elif entry.kind in CARRIER_KINDS:
            key = (entry.fulfilment_id, entry.memo)
            if key not in carrier:
                carrier[key] = Row(kind="carrier", date=entry.created_at, order=number)
                rows.append(carrier[key])
            row = carrier[key]
        elif entry.kind == Kind.REFUND or _gives_back(entry):
            key = (entry.fulfilment_id, entry.memo)
            if entry.kind == Kind.REFUND or key not in refunds:
                refunds[key] = Row(kind="refund", date=entry.created_at, order=number)
                rows.append(refunds[key])
            row = refunds[key]
        else:
            if entry.fulfilment_id not in sales:
                sales[entry.fulfilment_id] = Row(kind="sale", date=entry.created_at, order=number)
                rows.append(sales[entry.fulfilment_id])
            row = sales[entry.fulfilment_id]
        row.add(entry)
    return rows


def seller_statement(seller, month: datetime.date) -> Statement:
    first, last = month_bounds(month)
    begin, finish = period_bounds(first, last)
    mine = LedgerEntry.objects.filter(seller=seller)
    opening = mine.filter(created_at__lt=begin).aggregate(s=Sum("amount"))["s"] or ZERO
    entries = (
        mine.filter(created_at__gte=begin, created_at__lt=finish)
        .select_related("order", "payout__batch")
        .order_by("created_at", "pk")
    )
    statement = Statement(
        seller=seller, month=first, rate=commission_rate(seller.kind), opening=opening
    )
    statement.rows = _rows(entries)
    running = opening
    for row in statement.rows:
        running += row.owed
        row.balance = running
    return statement


def recent_months(count: int = 12) -> list[datetime.date]:
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


def csv_rows(statement: Statement):
    """The header (translated) and the rows the screen shows, in the same order."""
    money = [_(label) for _key, label in COLUMNS]
    yield [_("Date"), _("Row"), _("Order"), *money, _("Paid on"), _("Owed to you")]
    blank = [""] * (len(COLUMNS) + 2)
    yield ["", _("Owed to you at the start of the month"), *blank, int(statement.opening)]
    for row in statement.rows:
        yield [
            timezone.localtime(row.date).strftime("%d/%m/%Y"),
            row.label,
            row.order,
            *(int(getattr(row, key)) for key, _label in COLUMNS),
            timezone.localtime(row.paid_on).strftime("%d/%m/%Y") if row.paid_on else "",
            int(row.balance),
        ]
    totals = [int(total) for _label, total in statement.totals]
    yield ["", _("Total for the month"), "", *totals, "", int(statement.closing)]
