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
from django.db.models import QuerySet

from .models import Commune, HelperConsent, Seller, SellerMember

ACTING_FOR_SESSION_KEY = "acting_for_seller"
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


def active_consents(helper) -> QuerySet:
    return HelperConsent.objects.filter(helper=helper, revoked_at__isnull=True).select_related(
        "seller__commune__province"
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
        request.session.pop(ACTING_FOR_SESSION_KEY, None)  # consent was revoked
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
            if context is None or context.seller.status not in statuses:
                raise PermissionDenied
            request.seller_context = context
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


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
