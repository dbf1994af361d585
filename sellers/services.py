"""Writes about sellers: applying, review by commune staff, suspension, bank details.

Every function takes keyword arguments, runs in one transaction and raises
``SellerError`` (a translated message) when the action is not allowed as asked. Status
changes go through ``Seller.save()`` so search indexing hears about them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.audit import services as audit
from marketplace.security.images import without_metadata

from . import signals, tasks
from .access import may_review
from .banks import bank_name
from .models import RESERVED_SLUGS, Seller, SellerMember

Partner = get_model("partner", "Partner")

EDITABLE_STATUSES = (Seller.Status.DRAFT, Seller.Status.CHANGES_REQUESTED)
APPLICATION_FIELDS = (
    "kind",
    "display_name",
    "representative_name",
    "phone",
    "commune",
    "address",
    "produces",
    "bank_bin",
    "bank_account_number",
    "bank_account_holder",
)


class SellerError(Exception):
    """A translated message safe to show the person; nothing was changed."""


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug for ``name`` that no other seller has and that no page under /nguoi-ban/ uses."""
    base = slugify(name.replace("Đ", "D").replace("đ", "d"))[:120] or "cua-hang"
    if base in RESERVED_SLUGS:
        base = f"{base}-shop"
    taken = set(
        Seller.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def application_of(user) -> Seller | None:
    """The seller this user applied for (as owner), if any."""
    membership = (
        SellerMember.objects.filter(user=user, role=SellerMember.Role.OWNER)
        .select_related("seller__commune__province")
        .order_by("pk")
        .first()
    )
    return membership.seller if membership else None


@transaction.atomic
def save_application(*, user, data: dict, document=None, submit: bool) -> Seller:
    """Create or update ``user``'s application; ``submit`` sends it to commune staff.

    A draft may be incomplete; the form decides what is required. Once submitted the
    application is locked until staff request changes.
    """
    seller = application_of(user)
    if seller is not None:
        seller = Seller.objects.select_for_update().get(pk=seller.pk)
        if seller.status not in EDITABLE_STATUSES:
            raise SellerError(_("This application can no longer be changed."))
    else:
        seller = Seller(status=Seller.Status.DRAFT)
    for field in APPLICATION_FIELDS:
        if field in data and data[field] is not None:
            setattr(seller, field, data[field])
    if document:
        seller.id_document = without_metadata(document)
    if not seller.slug or seller.status == Seller.Status.DRAFT:
        seller.slug = unique_slug(seller.display_name or str(user.pk), exclude_pk=seller.pk)
    if submit:
        seller.status = Seller.Status.APPLIED
        seller.submitted_at = timezone.now()
    seller.save()
    SellerMember.objects.get_or_create(
        seller=seller, user=user, defaults={"role": SellerMember.Role.OWNER}
    )
    if submit:
        audit.record(actor=user, verb="seller.applied", target=seller, on_behalf_of=seller)
    return seller


def _check_reviewer(actor, seller: Seller, verb: str) -> None:
    """Refuse (and log the attempt) when ``actor`` does not look after the seller's commune."""
    if may_review(actor, seller.commune_id):
        return
    # Its own transaction: the refusal must stay in the log although nothing else is saved.
    with transaction.atomic():
        audit.record(actor=actor, verb=f"{verb}.denied", target=seller, commune=seller.commune)
    raise PermissionDenied


# decision → (statuses it may start from, resulting status, reason required, verb)
DECISIONS = {
    "approve": ((Seller.Status.APPLIED,), Seller.Status.APPROVED, False, "seller.approved"),
    "reject": ((Seller.Status.APPLIED,), Seller.Status.REJECTED, True, "seller.rejected"),
    "request_changes": (
        (Seller.Status.APPLIED,),
        Seller.Status.CHANGES_REQUESTED,
        True,
        "seller.changes_requested",
    ),
    "suspend": ((Seller.Status.APPROVED,), Seller.Status.SUSPENDED, True, "seller.suspended"),
    "reinstate": ((Seller.Status.SUSPENDED,), Seller.Status.APPROVED, False, "seller.reinstated"),
}


def decide(*, actor, seller: Seller, decision: str, reason: str = "") -> Seller:
    """Apply a commune decision to ``seller``: approve, reject, request changes, suspend
    or reinstate.

    Idempotent: repeating a decision that already took effect changes nothing (a double
    submitted form). Raises ``PermissionDenied`` outside the actor's communes (logged)
    and ``SellerError`` for a decision that does not fit the seller's status.
    """
    if decision not in DECISIONS:
        raise SellerError(_("Unknown decision."))
    sources, target, needs_reason, verb = DECISIONS[decision]
    _check_reviewer(actor, seller, verb)
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise SellerError(_("Please write the reason: the seller will read it."))
    with transaction.atomic():
        seller = Seller.objects.select_for_update().select_related("commune").get(pk=seller.pk)
        if seller.status == target:
            return seller
        if seller.status not in sources:
            raise SellerError(_("This decision does not fit the seller's current status."))
        before = {"status": seller.status, "reason": seller.status_reason}
        seller.status, seller.status_reason = target, reason
        if decision == "approve":
            _open_shop(seller)
        seller.save()
        sync_story_access(seller)
        audit.record(
            actor=actor,
            verb=verb,
            target=seller,
            on_behalf_of=seller,
            reason=reason,
            before=before,
            after={"status": seller.status, "reason": reason},
        )
        transaction.on_commit(
            lambda: tasks.notify_seller.delay(seller_id=seller.pk, decision=decision)
        )
    return seller


def sync_story_access(seller: Seller) -> None:
    """Tell the apps that hold permissions for the seller (its Wagtail story editors) that
    who may act for it changed; they follow within the same transaction."""
    signals.access_changed.send(sender=Seller, seller=seller)


def _open_shop(seller: Seller) -> None:
    """Give an approved seller its Oscar partner, linked to the seller's members.

    Oscar's ``partner.dashboard_access`` permission is deliberately not granted: Oscar's
    dashboard shows partner users whole orders, other sellers' lines included. Sellers
    work in the back office under /kenh-nguoi-ban/ instead.
    """
    seller.approved_at = seller.approved_at or timezone.now()
    if seller.partner_id is None:
        seller.partner = Partner.objects.create(code=seller.slug, name=seller.display_name)
    for member in seller.members.select_related("user"):
        seller.partner.users.add(member.user)


@transaction.atomic
def update_bank_details(
    *, context, bank_bin: str, account_number: str, account_holder: str
) -> Seller:
    """Change where payouts go. Only the seller's own members may; never a helper."""
    if context.acting_as_helper:
        raise PermissionDenied
    seller = Seller.objects.select_for_update().get(pk=context.seller.pk)
    before = _bank_summary(seller)
    seller.bank_bin = bank_bin
    seller.bank_account_number = account_number
    seller.bank_account_holder = account_holder
    after = _bank_summary(seller)
    if before == after:
        return seller
    seller.save()
    audit.record(
        actor=context.actor,
        verb="seller.bank_changed",
        target=seller,
        on_behalf_of=seller,
        before=before,
        after=after,
    )
    if seller.direct_transfers and not seller.has_valid_bank_account:
        _switch_direct(seller, on=False, actor=context.actor, reason="bank account not valid")
    return seller


def _switch_direct(seller: Seller, *, on: bool, actor, reason: str = "") -> None:
    seller.direct_transfers = on
    seller.save(update_fields=["direct_transfers", "updated_at"])
    audit.record(
        actor=actor,
        verb="seller.direct_transfers_on" if on else "seller.direct_transfers_off",
        target=seller,
        on_behalf_of=seller,
        reason=reason,
        after={"direct_transfers": on},
    )


@transaction.atomic
def set_direct_transfers(*, context, on: bool) -> Seller:
    """The seller's choice: buyers who pay by VietQR transfer its parts straight to its
    own account (the platform then invoices its commission). Only the seller's own
    members may choose; switching on needs a valid bank account and no operator block."""
    if context.acting_as_helper:
        raise PermissionDenied
    seller = Seller.objects.select_for_update().get(pk=context.seller.pk)
    if on and seller.direct_transfers_blocked:
        raise SellerError(
            _("The marketplace switched direct transfers off for your shop: %(reason)s")
            % {"reason": seller.direct_transfers_blocked}
        )
    if on and not seller.has_valid_bank_account:
        raise SellerError(
            _("Fill in your bank, account number and account holder first, then switch on.")
        )
    if seller.direct_transfers != on:
        _switch_direct(seller, on=on, actor=context.actor)
    return seller


@transaction.atomic
def block_direct_transfers(*, seller: Seller, actor, reason: str) -> Seller:
    """The operator switches a seller's direct transfers off; the seller cannot switch
    them on again until the operator allows it. The reason is shown to the seller."""
    reason = reason.strip()
    if not reason:
        raise SellerError(_("Say why direct transfers are switched off."))
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    seller.direct_transfers_blocked = reason[:255]
    seller.direct_transfers = False
    seller.save(update_fields=["direct_transfers", "direct_transfers_blocked", "updated_at"])
    audit.record(
        actor=actor,
        verb="seller.direct_transfers_blocked",
        target=seller,
        on_behalf_of=seller,
        reason=reason,
        after={"direct_transfers": False},
    )
    return seller


@transaction.atomic
def allow_direct_transfers(*, seller: Seller, actor) -> Seller:
    """The operator lifts its block: the seller may switch direct transfers on again."""
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    if not seller.direct_transfers_blocked:
        return seller
    before = seller.direct_transfers_blocked
    seller.direct_transfers_blocked = ""
    seller.save(update_fields=["direct_transfers_blocked", "updated_at"])
    audit.record(
        actor=actor,
        verb="seller.direct_transfers_allowed",
        target=seller,
        on_behalf_of=seller,
        before={"blocked": before},
    )
    return seller


def _bank_summary(seller: Seller) -> dict:
    # The log keeps enough to recognise the account, not the whole number.
    number = seller.bank_account_number or ""
    return {
        "bank": bank_name(seller.bank_bin) if seller.bank_bin else "",
        "account": f"…{number[-4:]}" if number else "",
        "holder": seller.bank_account_holder,
    }


@transaction.atomic
def update_shop_profile(*, context, description: str, address: str) -> Seller:
    """Change the shop's public description and address (members and helpers may)."""
    seller = Seller.objects.select_for_update().get(pk=context.seller.pk)
    before = {"description": seller.description, "address": seller.address}
    seller.description, seller.address = description, address
    after = {"description": description, "address": address}
    if before != after:
        seller.save()
        audit.record(
            actor=context.actor,
            verb="seller.profile_updated",
            target=seller,
            on_behalf_of=seller,
            before=before,
            after=after,
        )
    return seller
