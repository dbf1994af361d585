"""Livestream host identity (E-commerce Law): verified by commune staff or operator."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from marketplace.audit.services import record

from ..models import HostVerification


def verify_host(*, seller, actor, host_name: str, id_checked: str) -> HostVerification:
    """Record that ``actor`` (commune staff or operator) checked the seller's host identity."""
    with transaction.atomic():
        verification, _created = HostVerification.objects.update_or_create(
            seller=seller,
            defaults={
                "host_name": host_name,
                "id_checked": id_checked,
                "verified_by": actor,
                "verified_at": timezone.now(),
                "revoked_by": None,
                "revoked_at": None,
            },
        )
        record(
            actor=actor,
            verb="live.host_verified",
            target=verification,
            on_behalf_of=seller,
            after={"host_name": host_name, "id_checked": id_checked},
        )
    return verification


def revoke_host(*, seller, actor, reason: str) -> None:
    """Withdraw a host verification: the seller can no longer start lives."""
    with transaction.atomic():
        updated = HostVerification.objects.filter(seller=seller, revoked_at__isnull=True).update(
            revoked_by=actor, revoked_at=timezone.now()
        )
        if updated:
            record(actor=actor, verb="live.host_revoked", on_behalf_of=seller, reason=reason)


def host_is_verified(seller) -> bool:
    return HostVerification.objects.filter(seller=seller, revoked_at__isnull=True).exists()
