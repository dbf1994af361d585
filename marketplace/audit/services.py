"""The one way to write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from .models import AuditEvent

if TYPE_CHECKING:
    from marketplace.places.models import Commune
    from sellers.models import Seller


def record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    on_behalf_of: Seller | None = None,
    commune: Commune | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event. ``verb`` is dotted, e.g. ``seller.approved``, ``product.created``.

    When a helper acts for a seller, ``actor`` is the helper and ``on_behalf_of`` the
    seller, so the log reads "helper H for seller Y". The commune defaults to the
    seller's, which is what commune staff filter on.
    """
    if commune is None and on_behalf_of is not None:
        commune = on_behalf_of.commune
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        on_behalf_of=on_behalf_of,
        commune=commune,
        reason=reason,
        before=before or {},
        after=after or {},
    )
