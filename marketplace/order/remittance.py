"""COD remittance: a carrier's statement of the cash it collected, matched to order parts.

A statement is recorded once by its carrier and number; importing it again (the webhook
delivered twice, the file uploaded twice) changes nothing. Each line is matched to its
parcel by tracking code, else by our client order code. A line whose parcel was
delivered and whose cash is exactly the parcel's cash to collect is credited at once:
the cash comes into the seller's ledger, less the carrier's shipping and COD fees. Every
other line (unknown, short, over, already credited, parcel not delivered) waits in the
operator's queue (``remittance_queue``).

Matching is set-based: a handful of statements for the whole file, whatever its size.
An order part is credited at most once ever: its line holds the part in a unique column,
so the database refuses a second credit even from another statement, and the parts are
locked while a statement is matched, so two statements at once wait for each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from marketplace.ledger.services import Remittance, credit_remittances

from .carriers import RemittanceLine as StatementLine
from .models import Fulfilment, RemittanceLine, RemittanceStatement, Shipment

L, P, T = RemittanceLine.Status, RemittanceLine.Problem, Shipment.Status
CHUNK = 5000  # codes per look-up (SQLite limits a statement's parameters)


class RemittanceError(Exception):
    """A translated message for the operator: the statement or resolution is refused."""


@dataclass(frozen=True)
class Imported:
    statement: RemittanceStatement
    new: bool  # False: this statement was recorded before, nothing changed


def _chunks(values: list):
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _shipments(carrier: str, field: str, codes: set[str]) -> dict[str, Shipment]:
    """The carrier's shipments by ``field`` (tracking or client code); a live one wins
    over a cancelled one. Parcels of other carriers never match: the seller's own courier
    handed its cash to the seller."""
    found: dict[str, Shipment] = {}
    rows = (
        Shipment.objects.select_related("fulfilment")
        .filter(carrier=carrier)
        .exclude(status=T.PENDING)
    )
    for chunk in _chunks(sorted(codes)):
        for shipment in rows.filter(**{f"{field}__in": chunk}).order_by("status", "pk"):
            key = getattr(shipment, field)
            if key not in found or found[key].status == T.CANCELLED:
                found[key] = shipment
    return found


def find_shipments(carrier: str, lines) -> list[Shipment | None]:
    """Each line's parcel: by tracking code, falling back to the client order code."""
    codes = {x.tracking_code for x in lines if x.tracking_code}
    by_tracking = _shipments(carrier, "tracking_code", codes)
    missing = {x.client_code for x in lines if x.client_code and x.tracking_code not in by_tracking}
    by_client = _shipments(carrier, "client_code", missing) if missing else {}
    return [by_tracking.get(x.tracking_code) or by_client.get(x.client_code) for x in lines]


def lock_parts(part_ids) -> set[int]:
    """Lock the order parts (in key order) and answer those already credited."""
    ids = sorted(set(part_ids))
    credited: set[int] = set()
    for chunk in _chunks(ids):
        list(Fulfilment.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
        credited |= set(
            RemittanceLine.objects.filter(credited_part__in=chunk).values_list(
                "credited_part_id", flat=True
            )
        )
    return credited


def problem_of(line, shipment: Shipment | None, credited: set[int]) -> str:
    """What keeps ``line`` from being credited to ``shipment``'s part; "" when nothing."""
    if shipment is None:
        return P.UNKNOWN
    if shipment.fulfilment_id in credited:
        return P.DUPLICATE
    if shipment.status != T.DELIVERED:
        return P.NOT_DELIVERED
    if line.cod_collected < shipment.cod_amount:
        return P.SHORT
    if line.cod_collected > shipment.cod_amount:
        return P.OVER
    return P.NONE


def memo(line: RemittanceLine) -> str:
    return _("COD statement %(statement)s, parcel %(code)s") % {
        "statement": line.statement.reference,
        "code": line.tracking_code,
    }


def credit(lines: list[RemittanceLine]) -> None:
    """Book the cash and fees of lines whose ``credited_part`` is set (already saved)."""
    credit_remittances(
        [
            Remittance(
                fulfilment=line.credited_part,
                collected=line.cod_collected,
                shipping_fee=line.shipping_fee,
                cod_fee=line.cod_fee,
                memo=memo(line),
            )
            for line in lines
        ]
    )


def _lines(statement, lines: list[StatementLine]) -> list[RemittanceLine]:
    shipments = find_shipments(statement.carrier, lines)
    credited = lock_parts(s.fulfilment_id for s in shipments if s is not None)
    rows = []
    for number, (line, shipment) in enumerate(zip(lines, shipments, strict=True), start=1):
        problem = problem_of(line, shipment, credited)
        row = RemittanceLine(
            statement=statement,
            row=number,
            tracking_code=line.tracking_code[:40],
            client_code=line.client_code[:40],
            cod_collected=line.cod_collected,
            shipping_fee=line.shipping_fee,
            cod_fee=line.cod_fee,
            shipment=shipment,
            fulfilment=shipment.fulfilment if shipment else None,
            expected=shipment.cod_amount if shipment else None,
            problem=problem,
            status=L.CREDITED if problem == P.NONE else L.QUEUED,
        )
        if problem == P.NONE:
            row.credited_part = shipment.fulfilment
            credited.add(shipment.fulfilment_id)  # the same parcel again is a duplicate
        rows.append(row)
    return RemittanceLine.objects.bulk_create(rows, batch_size=2000)


def import_statement(
    *,
    carrier: str,
    reference: str,
    lines: list[StatementLine],
    source: str,
    actor=None,
    file_name: str = "",
) -> Imported:
    """Record a carrier's statement once and credit every line that matches exactly.

    A statement already recorded under the same carrier and number is left as it is
    (``Imported.new`` is False).
    """
    reference = reference.strip()[:64]
    if not reference:
        raise RemittanceError(_("A statement needs the carrier's statement number."))
    existing = RemittanceStatement.objects.filter(carrier=carrier, reference=reference).first()
    if existing is not None:
        return Imported(statement=existing, new=False)
    try:
        with transaction.atomic():
            statement = RemittanceStatement.objects.create(
                carrier=carrier,
                reference=reference,
                source=source,
                file_name=file_name[:255],
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            rows = _lines(statement, lines)
            done = [row for row in rows if row.status == L.CREDITED]
            credit(done)
            statement.line_count, statement.credited_count = len(rows), len(done)
            statement.collected = sum((row.cod_collected for row in rows), 0)
            statement.save(update_fields=["line_count", "credited_count", "collected"])
            audit.record(
                actor=actor,
                verb="remittance.imported",
                target=statement,
                after={
                    "lines": len(rows),
                    "credited": len(done),
                    "queued": len(rows) - len(done),
                    "collected": str(statement.collected),
                },
            )
    except IntegrityError:
        existing = RemittanceStatement.objects.filter(carrier=carrier, reference=reference).first()
        if existing is None:
            raise
        return Imported(statement=existing, new=False)  # the same statement, at the same time
    return Imported(statement=statement, new=True)


def match_again(line: RemittanceLine, shipment: Shipment | None) -> str:
    """Match one locked, queued line against ``shipment``; credit it when it now matches.

    Returns the problem left ("" once credited).
    """
    part_id = shipment.fulfilment_id if shipment else None
    credited = lock_parts([part_id]) if part_id else set()
    line.shipment, line.fulfilment = shipment, shipment.fulfilment if shipment else None
    line.expected = shipment.cod_amount if shipment else None
    line.problem = problem_of(line, shipment, credited)
    if line.problem == P.NONE:
        line.credited_part = shipment.fulfilment
    line.save()
    if line.problem == P.NONE:
        credit([line])
    return line.problem


@transaction.atomic
def rematch_delivered(*, shipment: Shipment) -> int:
    """A parcel reported delivered after its statement line arrived: match the line again.

    Returns how many lines were credited now.
    """
    waiting = RemittanceLine.objects.select_for_update(of=("self",)).filter(
        shipment=shipment, status=L.QUEUED, problem=P.NOT_DELIVERED
    )
    credited = 0
    for line in waiting.select_related("statement").order_by("pk"):
        if match_again(line, shipment) == P.NONE:
            line.status = L.CREDITED
            line.save(update_fields=["status"])
            credited += 1
    return credited
