"""Who may act for which seller, and which communes a staff member looks after.

A seller member acts for its own seller. A helper acts for a seller only while that
seller's consent is active, after choosing it ("act for seller Y"); the choice is kept in
the session. Views that belong to the seller back office use ``seller_required``.
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import redirect, render

from marketplace.places.models import Commune

from .models import HelperConsent, HelperMembership, Seller, SellerMember
from .wording import consent_end_message

ACTING_FOR_SESSION_KEY = "acting_for_seller"
# The seller whose consent ended while the helper was acting for it: the helper is told
# why the back office closed instead of meeting a bare "forbidden" page.
CONSENT_ENDED_SESSION_KEY = "consent_ended_seller"
# A suspended seller still sees its orders and history; it just cannot sell.
BACK_OFFICE_STATUSES = (Seller.Status.APPROVED, Seller.Status.SUSPENDED)


@dataclass(frozen=True)
class SellerContext:
    seller: Seller
    actor: object  # the signed-in user
    helper: object | None = None  # set when a helper acts for the seller

    @property
    def acting_as_helper(self) -> bool:
        return self.helper is not None


def helper_communes(user) -> QuerySet:
    """Communes whose digital-technology team ``user`` is an active member of."""
    if not user.is_authenticated:
        return Commune.objects.none()
    return Commune.objects.filter(
        helper_memberships__user=user,
        helper_memberships__status=HelperMembership.Status.ACTIVE,
    )


def active_consents(helper) -> QuerySet:
    """Consents ``helper`` may act on: not revoked, and the helper still belongs to the
    team of the seller's commune (leaving the team ends acting even before any revoke)."""
    in_team = HelperMembership.objects.filter(
        user_id=OuterRef("helper_id"),
        commune_id=OuterRef("seller__commune_id"),
        status=HelperMembership.Status.ACTIVE,
    )
    return (
        HelperConsent.objects.filter(helper=helper, revoked_at__isnull=True)
        .filter(Exists(in_team))
        .select_related("seller__commune__province")
    )


def seller_context(request) -> SellerContext | None:
    """The seller the signed-in user is acting for, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    acting_for = request.session.get(ACTING_FOR_SESSION_KEY)
    if acting_for:
        consent = active_consents(user).filter(seller_id=acting_for).first()
        if consent is not None:
            return SellerContext(seller=consent.seller, actor=user, helper=user)
        # The consent was revoked (or the helper left the team): remember for whom, so
        # the next back-office page says so.
        request.session.pop(ACTING_FOR_SESSION_KEY, None)
        request.session[CONSENT_ENDED_SESSION_KEY] = acting_for
    membership = (
        SellerMember.objects.filter(user=user)
        .select_related("seller__commune__province", "seller__partner")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return SellerContext(seller=membership.seller, actor=user)
    return None


def seller_required(view=None, *, statuses=BACK_OFFICE_STATUSES):
    """Let the view run only for someone acting for a seller in one of ``statuses``.

    Sets ``request.seller_context``. Anonymous users go to sign-in; others get 403.
    """

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.SELLER_SIGNIN_URL)
            context = seller_context(request)
            if context is None and request.session.get(CONSENT_ENDED_SESSION_KEY):
                return consent_ended(request)
            if context is None:
                # Signed in but no shop: show the two ways in (apply, or help as a
                # member of the commune's team) rather than a bare "forbidden".
                return render(request, "sellers/backoffice/no_shop.html", status=403)
            if context.seller.status not in BACK_OFFICE_STATUSES:
                # An application not approved yet (or sent back, or refused): its page
                # says where it stands and what is missing, instead of a bare "forbidden".
                return redirect("sellers:application")
            if context.seller.status not in statuses:
                raise PermissionDenied
            request.seller_context = context
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def ended_consent(user, seller_id) -> HelperConsent | None:
    """The latest consent of ``user`` for ``seller_id`` that no longer lets them act."""
    return (
        HelperConsent.objects.filter(helper=user, seller_id=seller_id)
        .select_related("seller__commune", "revoked_by")
        .order_by("-granted_at", "-pk")
        .first()
    )


def consent_ended(request, seller_id=None):
    """A 403 page telling the helper that the shop (or commune staff) withdrew consent."""
    seller_id = seller_id or request.session.get(CONSENT_ENDED_SESSION_KEY)
    consent = ended_consent(request.user, seller_id) if seller_id else None
    if consent is None:
        raise PermissionDenied
    return render(
        request,
        "sellers/backoffice/consent_ended.html",
        {"consent": consent, "message": consent_end_message(consent)},
        status=403,
    )


def may_review(user, commune_id) -> bool:
    """Operators review everywhere; commune staff only in their own communes."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return staff_communes(user).filter(pk=commune_id).exists()


def is_commune_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or staff_communes(user).exists())


def staff_communes(user) -> QuerySet:
    """Communes a commune staff member reviews; empty for everyone else."""
    if not user.is_authenticated:
        return Commune.objects.none()
    return Commune.objects.filter(staff__user=user)
