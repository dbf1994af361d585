"""Data that must agree, read back from the database: what ``manage.py audit_consistency``
prints for the operator (and for cron, by its exit code).

Each check reads; none writes. A difference names the record and the two figures that
disagree, so the operator can look it up; the checks never guess which side is right.

- **stock**: a stock record holds as many units allocated as its open order lines say,
  never more than it has, and never a negative count.
- **ledger**: every seller's part that was paid for (online, or in cash at the door) is
  booked once, for the goods and shipping of that part; an order's refunds to the buyer
  match what was taken back from its sellers; the cash a carrier remitted for a part is
  what its credited statement line says, credited once.
- **payouts**: each payout equals the ledger entries that paid it.
- **reports**: a report kept for good (a settled period) equals a fresh computation.
- **files**: every private file (ID papers, certificate scans) has its record and every
  record its file.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from marketplace.ledger.models import LedgerEntry, Payout
from marketplace.order.models import Fulfilment, RemittanceLine
from marketplace.payments.models import PaymentAttempt, Refund
from marketplace.reports.models import ReportSnapshot
from marketplace.reports.periods import parse
from marketplace.reports.report import area_report
from marketplace.reports.selectors import Scope
from sellers.models import Seller

StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Kind = LedgerEntry.Kind
ZERO = Decimal(0)


@dataclass(frozen=True)
class Difference:
    check: str
    subject: str
    detail: str

    def __str__(self):
        return f"[{self.check}] {self.subject}: {self.detail}"


def stock() -> list[Difference]:
    allocated = Coalesce(Sum("line__num_allocated"), 0)
    rows = (
        StockRecord.objects.annotate(lines_allocated=allocated)
        .filter(
            ~Q(num_allocated=F("lines_allocated"))
            | Q(num_in_stock__lt=0)
            | Q(num_allocated__gt=F("num_in_stock"))
        )
        .select_related("product")
        .order_by("pk")
    )
    out = []
    for record in rows:
        subject = f"stock record {record.pk} ({record.product.title})"
        if (record.num_allocated or 0) != record.lines_allocated:
            out.append(
                Difference(
                    "stock",
                    subject,
                    f"{record.num_allocated or 0} allocated, open order lines hold "
                    f"{record.lines_allocated}",
                )
            )
        if record.num_in_stock is not None and record.num_in_stock < 0:
            out.append(Difference("stock", subject, f"{record.num_in_stock} in stock"))
        if (record.num_allocated or 0) > (record.num_in_stock or 0):
            out.append(
                Difference(
                    "stock",
                    subject,
                    f"{record.num_allocated} allocated but only {record.num_in_stock} in stock",
                )
            )
    return out


def _booked() -> dict[int, dict[str, Decimal]]:
    """Per fulfilment, the ledger's positive sale and shipping entries (the booking)."""
    booked: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        LedgerEntry.objects.filter(kind__in=[Kind.SALE, Kind.SHIPPING], amount__gt=0)
        .values("fulfilment_id", "kind")
        .annotate(total=Sum("amount"), count=Count("id"))
    )
    for row in rows:
        booked[row["fulfilment_id"]][row["kind"]] = row["total"]
        booked[row["fulfilment_id"]][f"{row['kind']}-count"] = row["count"]
    return booked


def ledger() -> list[Difference]:
    out = []
    booked = _booked()
    # Paid: a payment that went through, or one refunded in full to the buyer afterwards
    # (not a late card success given straight back, which was never booked).
    State = PaymentAttempt.State
    paid_orders = set(
        PaymentAttempt.objects.filter(
            Q(state=State.SUCCEEDED)
            | Q(state=State.REFUNDED, order__in=Refund.objects.values("order"))
        ).values_list("order_id", flat=True)
    )
    parts = Fulfilment.objects.select_related("order", "seller").order_by("pk")
    for part in parts.iterator(chunk_size=2000):
        subject = f"order {part.order.number}, {part.seller.display_name}"
        should = part.order_id in paid_orders or part.cash_collected_at is not None
        got = booked.get(part.pk, {})
        if not should:
            if got:
                out.append(Difference("ledger", subject, "booked but never paid for"))
            continue
        if not got.get(Kind.SALE) and part.lines_total:
            out.append(Difference("ledger", subject, f"paid, {part.lines_total} ₫ not booked"))
            continue
        for kind, expected in (
            (Kind.SALE, part.lines_total),
            (Kind.SHIPPING, part.shipping_charge),
        ):
            if got.get(f"{kind}-count", 0) > 1:
                out.append(Difference("ledger", subject, f"{kind} booked twice"))
            elif got.get(kind, ZERO) != expected:
                out.append(
                    Difference(
                        "ledger",
                        subject,
                        f"{kind} booked {got.get(kind, ZERO)} ₫, the order part says {expected} ₫",
                    )
                )
    out += _refunds()
    out += _remittances()
    return out


def _remittances() -> list[Difference]:
    """Per order part, the cash remitted in the ledger equals its credited statement line."""
    remitted = dict(
        LedgerEntry.objects.filter(kind=Kind.REMITTED)
        .values("fulfilment_id")
        .annotate(total=Sum("amount"))
        .values_list("fulfilment_id", "total")
    )
    claimed = dict(
        RemittanceLine.objects.filter(credited_part__isnull=False).values_list(
            "credited_part_id", "cod_collected"
        )
    )
    return [
        Difference(
            "ledger",
            f"order part {part_id}",
            f"{claimed.get(part_id, ZERO)} ₫ on its credited statement line, "
            f"{remitted.get(part_id, ZERO)} ₫ remitted in the ledger",
        )
        for part_id in sorted(set(remitted) | set(claimed))
        if remitted.get(part_id, ZERO) != claimed.get(part_id, ZERO)
    ]


def _refunds() -> list[Difference]:
    """An order's refunds to its buyer equal what its sellers' accounts gave back."""
    taken_back: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        LedgerEntry.objects.filter(
            Q(kind=Kind.REFUND) | Q(kind=Kind.SHIPPING, amount__lt=0), order__isnull=False
        )
        .values("order_id")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        taken_back[row["order_id"]] = -row["total"]
    refunded = {
        row["order_id"]: row["total"]
        for row in Refund.objects.values("order_id").annotate(total=Sum("amount"))
    }
    booked_orders = set(
        LedgerEntry.objects.filter(kind=Kind.SALE).values_list("order_id", flat=True)
    )
    out = []
    for order_id in sorted((set(refunded) & booked_orders) | set(taken_back)):
        buyer, sellers = refunded.get(order_id, ZERO), taken_back.get(order_id, ZERO)
        if buyer != sellers:
            number = Fulfilment.objects.filter(order_id=order_id).values_list(
                "order__number", flat=True
            )[:1]
            out.append(
                Difference(
                    "ledger",
                    f"order {number[0] if number else order_id}",
                    f"{buyer} ₫ refunded to the buyer, {sellers} ₫ taken back from sellers",
                )
            )
    return out


def payouts() -> list[Difference]:
    rows = (
        Payout.objects.annotate(paid=Coalesce(Sum("entries__amount"), ZERO))
        .select_related("seller")
        .order_by("pk")
    )
    return [
        Difference(
            "payouts",
            f"payout {payout.pk} to {payout.seller.display_name} ({payout})",
            f"{payout.amount} ₫ paid, its ledger entries say {-payout.paid} ₫",
        )
        for payout in rows
        if payout.amount != -payout.paid
    ]


def _normal(data) -> str:
    return json.dumps(data, sort_keys=True, default=str)


def reports() -> list[Difference]:
    out = []
    for snapshot in ReportSnapshot.objects.filter(final=True).order_by("pk"):
        fresh = area_report(
            Scope(snapshot.scope, snapshot.scope_id or None), parse(snapshot.period)
        )
        if _normal(json.loads(_normal(fresh))) != _normal(snapshot.data):
            out.append(
                Difference(
                    "reports",
                    f"report {snapshot.scope} {snapshot.scope_id or ''} {snapshot.period}".replace(
                        "  ", " "
                    ),
                    "the kept figures differ from a fresh computation",
                )
            )
    return out


def _private_fields():
    yield Seller, Seller._meta.get_field("id_document")
    yield OcopCertificate, OcopCertificate._meta.get_field("scan")


def files() -> list[Difference]:
    out = []
    recorded: set[Path] = set()
    roots: set[Path] = set()
    for model, field in _private_fields():
        storage = field.storage
        root = Path(storage.location).resolve()
        roots.add(root)
        names = model.objects.exclude(**{field.name: ""}).values_list("pk", field.name)
        for pk, name in names.iterator(chunk_size=2000):
            path = (root / name).resolve()
            recorded.add(path)
            if not path.is_file():
                out.append(
                    Difference(
                        "files", f"{model._meta.verbose_name} {pk}", f"its file {name} is missing"
                    )
                )
    for root in sorted(roots):
        if not root.is_dir():
            continue
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = (Path(folder) / name).resolve()
                if path not in recorded:
                    out.append(
                        Difference(
                            "files", str(path.relative_to(root)), "a private file with no record"
                        )
                    )
    return out


CHECKS = ("stock", "ledger", "payouts", "reports", "files")


def run(checks=CHECKS) -> list[Difference]:
    functions = {
        "stock": stock,
        "ledger": ledger,
        "payouts": payouts,
        "reports": reports,
        "files": files,
    }
    return [difference for name in checks for difference in functions[name]()]
