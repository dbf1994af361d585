"""The operator's resolutions for statement lines that were not credited by themselves.

Each closes (or re-matches) one queued line in one transaction, with an audit record:
accept it as it is (with a reason), assign it to the right order part, or dismiss it
(with a reason). An order part is still credited at most once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit

from .models import Fulfilment, RemittanceLine, Shipment
from .remittance import RemittanceError, credit, lock_parts, match_again
from .shipments import apply_carrier_status

Order = get_model("order", "Order")
L, P, T = RemittanceLine.Status, RemittanceLine.Problem, Shipment.Status
GONE = {Fulfilment.Status.REFUSED, Fulfilment.Status.CANCELLED}


def _locked(line: RemittanceLine) -> RemittanceLine:
    line = (
        RemittanceLine.objects.select_for_update(of=("self",))
        .select_related("statement", "shipment__fulfilment")
        .get(pk=line.pk)
    )
    if line.status != L.QUEUED:
        raise RemittanceError(_("This line was already dealt with."))
    return line


def _reason(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise RemittanceError(message)
    return reason[:255]


def _close(line: RemittanceLine, *, status: str, actor, verb: str, reason: str = "") -> None:
    line.status, line.resolved_by, line.resolved_at = status, actor, timezone.now()
    line.note = reason[:255] if reason else line.note
    line.save()
    part = line.fulfilment
    audit.record(
        actor=actor,
        verb=verb,
        target=line,
        on_behalf_of=part.seller if part else None,
        reason=reason,
        after={
            "statement": line.statement.reference,
            "tracking_code": line.tracking_code,
            "collected": str(line.cod_collected),
            "order": part.order.number if part else "",
            "credited": line.credited_part_id is not None,
        },
    )


@transaction.atomic
def accept(*, line: RemittanceLine, actor, reason: str) -> RemittanceLine:
    """Credit the line as it is (a short or over amount, a parcel we never saw delivered:
    the carrier's statement says it was). The reason is kept."""
    reason = _reason(reason, _("Say why this line is accepted as it is."))
    line = _locked(line)
    shipment = line.shipment
    if shipment is None:
        raise RemittanceError(_("No order part is known for this line: assign it to one first."))
    if shipment.fulfilment_id in lock_parts([shipment.fulfilment_id]):
        raise RemittanceError(_("This order part was already credited: dismiss the line instead."))
    if shipment.status != T.DELIVERED:
        if shipment.status in (T.RETURNED, T.CANCELLED) or shipment.fulfilment.status in GONE:
            raise RemittanceError(
                _(
                    "This parcel came back or was cancelled, so no cash can belong to it: "
                    "dismiss the line or assign it to another order part."
                )
            )
        # The statement is the carrier's word that the parcel was delivered.
        apply_carrier_status(tracking_code=shipment.tracking_code, status=T.DELIVERED)
        line.refresh_from_db()
    if line.credited_part_id is None:  # delivering it did not credit it exactly
        line.credited_part = shipment.fulfilment
        line.save(update_fields=["credited_part"])
        credit([line])
    _close(line, status=L.ACCEPTED, actor=actor, verb="remittance.accepted", reason=reason)
    return line


def _find(carrier: str, code: str) -> Shipment:
    """The carrier's parcel an operator names: tracking code, client order code or order
    number."""
    code = code.strip()
    live = (
        Shipment.objects.select_related("fulfilment")
        .filter(carrier=carrier)
        .exclude(status__in=[T.PENDING, T.CANCELLED])
    )
    found = live.filter(tracking_code=code).first() or live.filter(client_code=code).first()
    if found is not None:
        return found
    parcels = list(live.filter(fulfilment__order__number=code)[:2])
    if len(parcels) > 1:
        raise RemittanceError(
            _("Order %(number)s has parcels from several sellers: give the tracking code.")
            % {"number": code}
        )
    if not parcels:
        raise RemittanceError(
            _("No parcel has the code or order number %(code)s.") % {"code": code or "—"}
        )
    return parcels[0]


@transaction.atomic
def assign(*, line: RemittanceLine, actor, code: str) -> RemittanceLine:
    """Attach the line to the order part the operator names; it is matched again and
    credited when it now matches exactly, else it stays queued with its new problem."""
    line = _locked(line)
    shipment = _find(line.statement.carrier, code)
    before = {"order": line.fulfilment.order.number if line.fulfilment else ""}
    if match_again(line, shipment) == P.NONE:
        _close(line, status=L.ACCEPTED, actor=actor, verb="remittance.assigned")
    else:
        audit.record(
            actor=actor,
            verb="remittance.assigned",
            target=line,
            on_behalf_of=shipment.fulfilment.seller,
            before=before,
            after={"order": shipment.fulfilment.order.number, "problem": line.problem},
        )
    return line


@transaction.atomic
def dismiss(*, line: RemittanceLine, actor, reason: str) -> RemittanceLine:
    """Close a line that credits nothing (already credited, a parcel not ours); the
    reason is kept."""
    reason = _reason(reason, _("Say why this line is dismissed."))
    line = _locked(line)
    _close(line, status=L.DISMISSED, actor=actor, verb="remittance.dismissed", reason=reason)
    return line
