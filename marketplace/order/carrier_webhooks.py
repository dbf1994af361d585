"""The carrier's status webhooks: verify the signature, look the handler up, apply once.

Each step of a parcel is recorded once (a replay is a duplicate) and only moves the
order part forward, so deliveries repeated or out of order change the state once. A COD
remittance event names a statement: it is fetched and imported once by its number.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import remittance
from .carriers import CarrierError, get_carrier, http_carrier, is_configured
from .models import RemittanceStatement
from .shipments import apply_carrier_status

logger = logging.getLogger(__name__)


def _status(update: dict) -> str:
    return apply_carrier_status(
        tracking_code=update["tracking_code"], status=update["status"], at=update["at"]
    )


def _remittance(event: dict) -> str:
    """A statement is ready: fetch its lines and import it once (a replay changes nothing)."""
    if not is_configured():
        return "ignored"  # no carrier account: no statement to fetch
    carrier = get_carrier()
    if RemittanceStatement.objects.filter(
        carrier=carrier.code, reference=event["statement_id"]
    ).exists():
        return "duplicate"
    lines = carrier.remittance(event["statement_id"])
    imported = remittance.import_statement(
        carrier=carrier.code,
        reference=event["statement_id"],
        lines=lines,
        source=RemittanceStatement.Source.WEBHOOK,
    )
    return "applied" if imported.new else "duplicate"


HANDLERS = {"status": _status, "remittance": _remittance}


@csrf_exempt
@require_POST
def carrier_webhook(request):
    try:
        update = http_carrier.verify_webhook(
            request.body, request.headers.get("X-Carrier-Signature")
        )
    except http_carrier.BadSignature as exc:
        logger.warning("carrier webhook refused: %s", exc)
        return HttpResponseBadRequest("bad signature")
    try:
        outcome = HANDLERS[update["kind"]](update)
    except CarrierError as exc:  # the statement could not be fetched: the carrier retries
        logger.warning("carrier webhook %s: %s", update["kind"], exc)
        return HttpResponse("carrier unavailable", status=503, content_type="text/plain")
    logger.info(
        "carrier webhook %s %s: %s",
        update["kind"],
        update.get("tracking_code") or update.get("statement_id"),
        outcome,
    )
    return HttpResponse(outcome, content_type="text/plain")
