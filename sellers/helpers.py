"""Helpers and consent: linking a community tech helper to a seller, acting for it, revoking.

A helper is linked only with the seller's consent: either the seller reads out a code
sent to the seller's own phone, or commune staff record consent given in person.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.users.otp import OtpError, send_code, verify_code
from marketplace.users.phone import normalise_phone

from . import audit
from .access import ACTING_FOR_SESSION_KEY, active_consents, may_review
from .models import HelperConsent, Seller, SellerMember
from .services import SellerError, sync_story_access

CONSENT_PURPOSE = "helper_consent"
CONSENTING_STATUSES = (Seller.Status.APPROVED, Seller.Status.SUSPENDED)


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except ValidationError as exc:
        raise SellerError(" ".join(exc.messages)) from exc


def _seller_by_phone(phone: str) -> Seller:
    seller = Seller.objects.filter(phone=phone, status__in=CONSENTING_STATUSES).first()
    if seller is None:
        raise SellerError(_("No shop on the marketplace has this phone number."))
    return seller


def request_consent_code(*, helper, seller_phone: str, ip: str | None = None) -> Seller:
    """Text the seller a code; the seller tells it to the helper to give consent."""
    seller = _seller_by_phone(_phone(seller_phone))
    if SellerMember.objects.filter(seller=seller, user=helper).exists():
        raise SellerError(_("You are a member of this shop already."))
    helper_name = helper.get_full_name() or helper.phone or ""
    message = _(
        "Chợ Làng: “%(helper)s” asks to help run your shop. If you agree, give them "
        "this code: %(code)s. It expires in 5 minutes."
    )
    try:
        send_code(
            phone=seller.phone,
            purpose=CONSENT_PURPOSE,
            ip=ip,
            message=message,
            values={"helper": helper_name},
        )
    except OtpError as exc:
        raise SellerError(str(exc)) from exc
    return seller


def confirm_consent(
    *, helper, seller_phone: str, code: str, ip: str | None = None
) -> HelperConsent:
    """Check the code the seller received; on success the helper is linked."""
    seller = _seller_by_phone(_phone(seller_phone))
    try:
        verify_code(phone=seller.phone, purpose=CONSENT_PURPOSE, code=code, ip=ip)
    except OtpError as exc:
        raise SellerError(str(exc)) from exc
    return _grant(helper=helper, seller=seller, granted_by=helper, method=HelperConsent.Method.OTP)


def record_consent_in_person(*, actor, seller: Seller, helper_phone: str) -> HelperConsent:
    """Commune staff record that the seller agreed in front of them."""
    if not may_review(actor, seller.commune_id):
        with transaction.atomic():
            audit.record(actor=actor, verb="consent.denied", target=seller, commune=seller.commune)
        raise PermissionDenied
    helper = get_user_model().objects.filter(phone=_phone(helper_phone)).first()
    if helper is None:
        raise SellerError(
            _("Nobody has signed in with this phone number yet. Ask the helper to sign in once.")
        )
    return _grant(
        helper=helper, seller=seller, granted_by=actor, method=HelperConsent.Method.IN_PERSON
    )


@transaction.atomic
def _grant(*, helper, seller: Seller, granted_by, method: str) -> HelperConsent:
    current = active_consents(helper).filter(seller=seller).first()
    if current is not None:
        return current  # consenting twice changes nothing
    consent = HelperConsent.objects.create(
        helper=helper, seller=seller, granted_by=granted_by, method=method
    )
    sync_story_access(seller)
    audit.record(
        actor=granted_by,
        verb="consent.granted",
        target=consent,
        on_behalf_of=seller,
        after={"helper": str(helper), "method": method},
    )
    return consent


@transaction.atomic
def revoke_consent(*, actor, consent: HelperConsent) -> HelperConsent:
    """End a consent. The seller's own members, the helper, staff of the commune and
    operators may; helpers acting for the seller may not revoke others' consent."""
    consent = HelperConsent.objects.select_for_update().get(pk=consent.pk)
    is_member = SellerMember.objects.filter(seller_id=consent.seller_id, user=actor).exists()
    allowed = (
        is_member or actor.pk == consent.helper_id or may_review(actor, consent.seller.commune_id)
    )
    if not allowed:
        raise PermissionDenied
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at, consent.revoked_by = timezone.now(), actor
    consent.save(update_fields=["revoked_at", "revoked_by"])
    sync_story_access(consent.seller)
    audit.record(
        actor=actor,
        verb="consent.revoked",
        target=consent,
        on_behalf_of=consent.seller,
        before={"helper": str(consent.helper)},
    )
    return consent


def start_acting_for(*, request, seller_id: int) -> Seller:
    """Switch the signed-in helper to act for ``seller_id``; needs an active consent."""
    consent = active_consents(request.user).filter(seller_id=seller_id).first()
    if consent is None:
        raise PermissionDenied
    request.session[ACTING_FOR_SESSION_KEY] = consent.seller_id
    with transaction.atomic():
        audit.record(
            actor=request.user,
            verb="helper.acting_started",
            target=consent.seller,
            on_behalf_of=consent.seller,
        )
    return consent.seller


def stop_acting(request) -> None:
    request.session.pop(ACTING_FOR_SESSION_KEY, None)
