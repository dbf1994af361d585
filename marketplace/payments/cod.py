"""Cash on delivery: who may use it.

Buyers who refuse parcels at the door ("bom hàng") cost sellers two shipping fees. After
``COD_MAX_REFUSALS`` refusals a phone number can no longer choose cash on delivery until
an operator resets its count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.audit import services as audit
from marketplace.order.models import CodRefusal
from marketplace.users.phone import normalise_phone

OTP_PURPOSE = "cod"


def _normal(phone: str) -> str:
    try:
        return normalise_phone(phone)
    except Exception:  # an unparsable number has no history either
        return phone


def refusal_count(phone: str) -> int:
    return CodRefusal.objects.filter(phone=_normal(phone), reset_at__isnull=True).count()


def refusals_for(phone: str, limit: int = 50):
    """The phone's refused parcels, newest first, reset ones included (for the operator)."""
    return (
        CodRefusal.objects.filter(phone=_normal(phone))
        .select_related("fulfilment__order", "fulfilment__seller")
        .order_by("-recorded_at")[:limit]
    )


def needs_code(user, phone: str) -> bool:
    """Cash on delivery is confirmed by a code texted to the delivery phone, so nobody can
    burn another person's cash-on-delivery allowance. The one exception is a signed-in
    buyer shipping to the account's own phone, already proven by a code."""
    own = getattr(user, "phone", None) if getattr(user, "is_authenticated", False) else None
    return not (own and user.phone_verified_at and _normal(phone) == own)


def cod_allowed(phone: str) -> bool:
    return not phone or refusal_count(phone) < settings.COD_MAX_REFUSALS


@transaction.atomic
def reset_refusals(*, phone: str, actor) -> int:
    """Let a phone use cash on delivery again; returns how many refusals were cleared."""
    phone = _normal(phone)
    cleared = CodRefusal.objects.filter(phone=phone, reset_at__isnull=True).update(
        reset_at=timezone.now(), reset_by=actor
    )
    audit.record(actor=actor, verb="cod.refusals_reset", after={"phone": phone, "cleared": cleared})
    return cleared
