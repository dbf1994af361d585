"""Reads about sellers, shaped for the pages that show them."""

from django.db.models import Count, Q, QuerySet

from marketplace.audit.models import AuditEvent
from marketplace.places.models import Commune

from .access import staff_communes
from .models import HelperConsent, HelperMembership, Seller, SellerMember


def public_sellers() -> QuerySet:
    """Sellers buyers may see: approved ones only (suspended shops vanish)."""
    return Seller.objects.selling().select_related("commune__province")


def sellers_for_reviewer(user) -> QuerySet:
    """Sellers of the communes ``user`` looks after (all of them for an operator)."""
    sellers = Seller.objects.exclude(status=Seller.Status.DRAFT).select_related("commune__province")
    if user.is_superuser:
        return sellers
    return sellers.filter(commune__staff__user=user)


def review_queue(user, status: str) -> QuerySet:
    """Applications (or shops) in ``status`` for this reviewer, oldest first."""
    return sellers_for_reviewer(user).filter(status=status).order_by("submitted_at", "pk")


def queue_counts(user) -> dict[str, int]:
    """How many sellers of this reviewer are in each status, in one query."""
    statuses = [s for s in Seller.Status.values if s != Seller.Status.DRAFT]
    aggregates = {s: Count("pk", filter=Q(status=s)) for s in statuses}
    return sellers_for_reviewer(user).aggregate(**aggregates)


def audit_events(*, user=None, seller: Seller | None = None) -> QuerySet:
    """Audit events visible to ``user`` (operator: all; staff: their communes), or those
    about ``seller`` when given."""
    events = AuditEvent.objects.select_related("actor", "on_behalf_of", "commune")
    if seller is not None:
        return events.filter(on_behalf_of=seller)
    if user.is_superuser:
        return events
    return events.filter(commune__staff__user=user)


def helper_consents(seller: Seller) -> QuerySet:
    """Every helper the seller ever let act for it, active ones first."""
    return (
        HelperConsent.objects.filter(seller=seller)
        .select_related("helper", "granted_by", "revoked_by", "seller__commune")
        .order_by("revoked_at", "-granted_at")
    )


def reviewed_communes(user) -> QuerySet:
    """Communes whose teams and consents ``user`` looks after (operator: every commune
    that has a team member or a seller consent)."""
    if user.is_superuser:
        return Commune.objects.filter(
            Q(helper_memberships__isnull=False) | Q(sellers__helper_consents__isnull=False)
        ).distinct()
    return staff_communes(user)


def team_members(user) -> QuerySet:
    """Team members and requests of the communes ``user`` looks after: requests first."""
    members = HelperMembership.objects.select_related("user", "commune", "added_by", "removed_by")
    if not user.is_superuser:
        members = members.filter(commune__staff__user=user)
    return members.order_by("status", "commune__name", "-requested_at")


def commune_consents(user) -> QuerySet:
    """Every consent given by sellers of the communes ``user`` looks after."""
    consents = HelperConsent.objects.select_related(
        "helper", "seller__commune", "granted_by", "revoked_by"
    )
    if not user.is_superuser:
        consents = consents.filter(seller__commune__staff__user=user)
    return consents.order_by("revoked_at", "-granted_at", "-pk")


def helper_memberships(user) -> QuerySet:
    """The teams ``user`` belongs to or asked to join."""
    return (
        HelperMembership.objects.filter(user=user)
        .exclude(status=HelperMembership.Status.REMOVED)
        .select_related("commune__province")
        .order_by("commune__name")
    )


def ended_consents(helper) -> QuerySet:
    """Consents ``helper`` no longer holds, latest first (the helper's own history)."""
    return (
        HelperConsent.objects.filter(helper=helper, revoked_at__isnull=False)
        .select_related("seller__commune", "revoked_by")
        .order_by("-revoked_at")
    )


def helper_actions(seller: Seller) -> QuerySet:
    """What helpers did for ``seller``: events on its behalf by someone who held consent."""
    helper_ids = HelperConsent.objects.filter(seller=seller).values("helper_id")
    return audit_events(seller=seller).filter(actor_id__in=helper_ids)


def revoked_by_shop(consents) -> set[int]:
    """Of ``consents``, the ids of those a member of the shop itself revoked (one query)."""
    pairs = set(
        SellerMember.objects.filter(
            seller_id__in={c.seller_id for c in consents},
            user_id__in={c.revoked_by_id for c in consents if c.revoked_by_id},
        ).values_list("seller_id", "user_id")
    )
    return {c.pk for c in consents if (c.seller_id, c.revoked_by_id) in pairs}
