"""The carrier's status webhooks: verify the signature, look the handler up, apply once.

Each step of a parcel is recorded once (a replay is a duplicate) and only moves the
order part forward, so deliveries repeated or out of order change the state once.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .carriers import http_carrier
from .shipments import apply_carrier_status

logger = logging.getLogger(__name__)


def _status(update: dict) -> str:
    return apply_carrier_status(
        tracking_code=update["tracking_code"], status=update["status"], at=update["at"]
    )


# Every status update is one kind of event; a table keeps room for others (remittance).
HANDLERS = {"status": _status}


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
    outcome = HANDLERS["status"](update)
    logger.info("carrier webhook %s %s: %s", update["tracking_code"], update["status"], outcome)
    return HttpResponse(outcome, content_type="text/plain")
