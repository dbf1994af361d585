"""Reads about sellers, shaped for the pages that show them."""

from django.db.models import Count, Q, QuerySet

from catalog import selectors as catalog_selectors

from .models import AuditEvent, HelperConsent, Seller


def public_sellers() -> QuerySet:
    """Sellers buyers may see: approved ones only (suspended shops vanish)."""
    return Seller.objects.filter(status=Seller.Status.APPROVED).select_related("commune__province")


def seller_products(seller: Seller) -> QuerySet:
    return catalog_selectors.for_product_cards(
        catalog_selectors.public_products().filter(seller=seller)
    ).order_by("-date_created")


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
    return (
        HelperConsent.objects.filter(seller=seller)
        .select_related("helper", "granted_by", "revoked_by")
        .order_by("revoked_at", "-granted_at")
    )


def helper_actions(seller: Seller) -> QuerySet:
    """What helpers did for ``seller``: events on its behalf by someone who held consent."""
    helper_ids = HelperConsent.objects.filter(seller=seller).values("helper_id")
    return audit_events(seller=seller).filter(actor_id__in=helper_ids)
