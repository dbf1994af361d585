"""Helpers and consent: commune digital-technology teams, linking a team member to a
seller, acting for it, revoking.

A helper is a member of a commune's community digital-technology team, added or approved
by that commune's staff. A member may ask for consent only from sellers of the communes
their team serves, and is linked only with the seller's consent: either the seller shows
the helper a code sent to the seller's own phone, or commune staff record consent given
in person.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import services as audit
from marketplace.places.models import Commune
from marketplace.users.otp import OtpError, hold_code, send_code, verify_code
from marketplace.users.phone import normalise_phone

from .access import (
    ACTING_FOR_SESSION_KEY,
    CONSENT_ENDED_SESSION_KEY,
    active_consents,
    helper_communes,
    may_review,
)
from .models import HelperConsent, HelperMembership, Seller, SellerMember
from .services import SellerError, sync_story_access
from .wording import consent_sms, person_name

Membership = HelperMembership.Status

CONSENT_PURPOSE = "helper_consent"
CONSENTING_STATUSES = (Seller.Status.APPROVED, Seller.Status.SUSPENDED)

logger = logging.getLogger(__name__)


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except ValidationError as exc:
        raise SellerError(" ".join(exc.messages)) from exc


def _served_communes(helper):
    communes = helper_communes(helper)
    if not communes.exists():
        raise SellerError(
            _(
                "Only members of a commune's digital-technology team can ask sellers for "
                "consent. Ask to join your commune's team first."
            )
        )
    return communes


def _seller_by_phone(phone: str, helper) -> Seller | None:
    # Looked up only among the communes the helper's team serves: a shop elsewhere
    # answers exactly like no shop at all.
    return Seller.objects.filter(
        phone=phone, status__in=CONSENTING_STATUSES, commune__in=_served_communes(helper)
    ).first()


def request_consent_code(*, helper, seller_phone: str, ip: str | None = None) -> Seller | None:
    """Text the seller a code naming the helper's team; the seller shows it to the helper
    (in person) to give consent. Only team members, only sellers of their communes.

    A number that is not a shop of those communes gets no text, but the helper is answered
    exactly as if it had one: the answer must not tell who has a shop. Returns the seller,
    or ``None`` when nothing was sent.
    """
    phone = _phone(seller_phone)
    seller = _seller_by_phone(phone, helper)
    if seller is None:
        logger.info("Consent code not sent: no shop of the helper's communes has that phone")
        try:
            # A code nobody receives: the next screen and its errors look the same.
            hold_code(phone=phone, purpose=CONSENT_PURPOSE, ip=ip)
        except OtpError as exc:
            raise SellerError(str(exc)) from exc
        return None
    if SellerMember.objects.filter(seller=seller, user=helper).exists():
        raise SellerError(_("You are a member of this shop already."))
    message, values = consent_sms(helper=helper, commune=seller.commune)
    try:
        send_code(
            phone=seller.phone,
            purpose=CONSENT_PURPOSE,
            ip=ip,
            message=message,
            values=values,
        )
    except OtpError as exc:
        raise SellerError(str(exc)) from exc
    return seller


def confirm_consent(
    *, helper, seller_phone: str, code: str, ip: str | None = None
) -> HelperConsent:
    """Check the code the seller received; on success the helper is linked."""
    phone = _phone(seller_phone)
    seller = _seller_by_phone(phone, helper)
    try:
        # Checked for any number, so one without a shop fails like a wrong code (and the
        # attempt counts against the limits the same way).
        verify_code(phone=phone, purpose=CONSENT_PURPOSE, code=code, ip=ip)
    except OtpError as exc:
        raise SellerError(str(exc)) from exc
    if seller is None:  # the code was sent by another team: not this helper's shop
        raise SellerError(_("This shop is not in the communes your team serves."))
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
    if not helper_communes(helper).filter(pk=seller.commune_id).exists():
        raise SellerError(
            _(
                "This person is not a member of the commune's digital-technology team. "
                "Add them to the team first."
            )
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
        after={"helper": str(helper), "helper_id": helper.pk, "method": method},
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
        before={"helper": str(consent.helper), "helper_id": consent.helper_id},
    )
    return consent


def start_acting_for(*, request, seller_id: int) -> Seller:
    """Switch the signed-in helper to act for ``seller_id``; needs an active consent."""
    consent = active_consents(request.user).filter(seller_id=seller_id).first()
    if consent is None:
        raise PermissionDenied
    request.session[ACTING_FOR_SESSION_KEY] = consent.seller_id
    request.session.pop(CONSENT_ENDED_SESSION_KEY, None)
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


# --- Digital-technology teams ---------------------------------------------------------------


def _who(user) -> dict:
    return {"member": person_name(user), "member_id": user.pk}


def _check_staff(actor, commune: Commune) -> None:
    """Refuse (and log the attempt) when ``actor`` does not look after ``commune``."""
    if may_review(actor, commune.pk):
        return
    with transaction.atomic():
        audit.record(actor=actor, verb="team.denied", commune=commune)
    raise PermissionDenied


@transaction.atomic
def ask_to_join_team(*, user, commune: Commune) -> HelperMembership:
    """A signed-in person asks to join ``commune``'s team; staff then approve or not."""
    current = HelperMembership.objects.filter(
        user=user, commune=commune, status__in=[Membership.PENDING, Membership.ACTIVE]
    ).first()
    if current is not None:
        return current  # asking twice changes nothing
    membership = HelperMembership.objects.create(user=user, commune=commune)
    audit.record(
        actor=user, verb="team.requested", target=membership, commune=commune, after=_who(user)
    )
    return membership


def add_team_member(*, actor, commune: Commune, phone: str) -> HelperMembership:
    """Commune staff add a person (who has signed in once) to their commune's team, or
    approve that person's pending request."""
    _check_staff(actor, commune)  # outside the transaction: a refusal stays logged
    with transaction.atomic():
        return _add(actor=actor, commune=commune, phone=phone)


def _add(*, actor, commune: Commune, phone: str) -> HelperMembership:
    user = get_user_model().objects.filter(phone=_phone(phone)).first()
    if user is None:
        raise SellerError(
            _("Nobody has signed in with this phone number yet. Ask the helper to sign in once.")
        )
    membership = (
        HelperMembership.objects.select_for_update()
        .filter(user=user, commune=commune, status__in=[Membership.PENDING, Membership.ACTIVE])
        .first()
    )
    if membership is not None:
        return _activate(actor=actor, membership=membership)
    membership = HelperMembership.objects.create(
        user=user,
        commune=commune,
        status=Membership.ACTIVE,
        added_by=actor,
        joined_at=timezone.now(),
    )
    audit.record(
        actor=actor, verb="team.added", target=membership, commune=commune, after=_who(user)
    )
    return membership


def approve_team_member(*, actor, membership: HelperMembership) -> HelperMembership:
    """Commune staff accept a person who asked to join their commune's team."""
    _check_staff(actor, membership.commune)
    with transaction.atomic():
        membership = HelperMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Membership.REMOVED:
            raise SellerError(_("This person was removed from the team; add them again by phone."))
        return _activate(actor=actor, membership=membership)


def _activate(*, actor, membership: HelperMembership) -> HelperMembership:
    if membership.status == Membership.ACTIVE:
        return membership
    membership.status, membership.added_by = Membership.ACTIVE, actor
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "added_by", "joined_at"])
    audit.record(
        actor=actor,
        verb="team.approved",
        target=membership,
        commune=membership.commune,
        after=_who(membership.user),
    )
    return membership


def remove_team_member(*, actor, membership: HelperMembership, reason: str = "") -> int:
    """Take a person off the team (or turn down their request). Every consent they hold
    from sellers of that commune is revoked with it; returns how many."""
    _check_staff(actor, membership.commune)
    with transaction.atomic():
        return _remove(actor=actor, membership=membership, reason=reason)


def _remove(*, actor, membership: HelperMembership, reason: str) -> int:
    membership = HelperMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.REMOVED:
        return 0
    before = membership.status
    membership.status, membership.removed_by = Membership.REMOVED, actor
    membership.removed_at, membership.removal_reason = timezone.now(), reason.strip()
    membership.save(update_fields=["status", "removed_by", "removed_at", "removal_reason"])
    consents = HelperConsent.objects.filter(
        helper_id=membership.user_id,
        seller__commune_id=membership.commune_id,
        revoked_at__isnull=True,
    ).select_related("seller__commune", "helper")
    revoked = 0
    for consent in consents:
        revoke_consent(actor=actor, consent=consent)
        revoked += 1
    audit.record(
        actor=actor,
        verb="team.removed" if before == Membership.ACTIVE else "team.declined",
        target=membership,
        commune=membership.commune,
        reason=membership.removal_reason,
        after={**_who(membership.user), "consents_revoked": revoked},
    )
    return revoked
