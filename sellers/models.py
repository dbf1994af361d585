"""Sellers and the people around them: members, commune staff, helpers and consents."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.places.models import OFFICIAL_PREFIXES, Commune
from marketplace.security.storage import get_private_storage

from .banks import banks

# --- Sellers ----------------------------------------------------------------------------


# Words under /nguoi-ban/ that belong to pages, so no seller slug may take them.
RESERVED_SLUGS = frozenset({"dang-ky", "ho-so", "giay-to", "trang-thai", "tim", "moi"})


def document_path(instance, filename: str) -> str:
    # A random name: the applicant's file name may carry their ID number.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"seller-papers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


# "May this seller sell": the one rule. Only an approved seller's products, stories and
# lives reach buyers; an applicant, a rejected or a suspended seller sells nothing.
SELLING_STATUSES = ("approved",)


def selling_q(prefix: str = "") -> Q:
    """The rule as a filter, on a seller reached through ``prefix`` (e.g. ``"seller__"``)."""
    return Q(**{f"{prefix}status__in": SELLING_STATUSES})


class SellerQuerySet(models.QuerySet):
    def selling(self):
        """Sellers who may sell now."""
        return self.filter(selling_q())


class Seller(models.Model):
    """A household, cooperative or enterprise selling on the marketplace.

    Once approved it owns an Oscar ``Partner``: stock and prices live in that partner's
    stock records, and its orders are split out per seller.
    """

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    SELLING_STATUSES = SELLING_STATUSES

    kind = models.CharField(_("seller kind"), max_length=16, choices=Kind.choices)
    display_name = models.CharField(_("shop name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    representative_name = models.CharField(_("representative"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=16)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="sellers", verbose_name=_("commune")
    )
    address = models.CharField(_("village / street address"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    produces = models.TextField(_("what you produce"), blank=True)
    # Private: stored outside MEDIA_ROOT, read only through a view that checks who asks.
    id_document = models.FileField(
        _("ID or registration paper"),
        storage=get_private_storage,
        upload_to=document_path,
        blank=True,
    )
    bank_bin = models.CharField(_("bank code (BIN)"), max_length=8, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=32, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    # Buyers paying by VietQR transfer this seller's part straight to its own account; the
    # platform's commission is then invoiced instead of deducted.
    direct_transfers = models.BooleanField(
        _("buyers pay me directly by bank transfer"), default=False
    )
    # Set by the operator when they switch direct transfers off; while set, the seller
    # cannot switch them on again.
    direct_transfers_blocked = models.CharField(
        _("why direct transfers are off"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seller",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = SellerQuerySet.as_manager()

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["display_name"]
        indexes = [models.Index(fields=["status", "commune"])]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("sellers:detail", kwargs={"slug": self.slug})

    @property
    def is_selling(self) -> bool:
        return self.status in SELLING_STATUSES

    @property
    def has_valid_bank_account(self) -> bool:
        """A bank on the VietQR list, an account number of 6 to 19 digits and a holder."""
        number = self.bank_account_number or ""
        return (
            any(b["bin"] == self.bank_bin for b in banks())
            and number.isdigit()
            and 6 <= len(number) <= 19
            and bool(self.bank_account_holder.strip())
        )

    @property
    def takes_direct_transfers(self) -> bool:
        """Buyers' transfers for this seller's parts go to the seller's own account."""
        return (
            self.direct_transfers
            and not self.direct_transfers_blocked
            and self.has_valid_bank_account
        )


class SellerMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.OWNER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seller member")
        constraints = [
            models.UniqueConstraint(fields=["seller", "user"], name="unique_seller_member")
        ]

    def __str__(self):
        return f"{self.user} @ {self.seller}"


class CommuneStaff(models.Model):
    """A commune official who reviews applications and sees reports for one commune."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commune_roles"
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="staff")
    title = models.CharField(_("title"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commune staff")
        verbose_name_plural = _("commune staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "commune"], name="unique_commune_staff")
        ]

    def __str__(self):
        return f"{self.user} ({self.commune.full_name})"


def commune_phrase(commune: Commune) -> str:
    """The commune as it reads inside a sentence: "xã Liên Sơn" (a proper noun)."""
    return f"{OFFICIAL_PREFIXES[commune.kind].lower()} {commune.name}"


class HelperMembership(models.Model):
    """A member of a commune's community digital-technology team ("tổ công nghệ số
    cộng đồng"). Only members may ask the sellers of that commune for consent, and a
    consent works only while its helper is still a member of the seller's commune team.

    A person asks to join (pending) and commune staff approve, or staff add them at once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for commune staff")
        ACTIVE = "active", _("Team member")
        REMOVED = "removed", _("Removed from the team")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_memberships"
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="helper_memberships",
        verbose_name=_("commune"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("digital-technology team member")
        verbose_name_plural = _("digital-technology team members")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "commune"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_membership_per_user_commune",
            )
        ]
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self):
        return f"{self.user} ({commune_phrase(self.commune)})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class HelperConsent(models.Model):
    """A seller's permission for a community digital-technology helper to act for them."""

    class Method(models.TextChoices):
        OTP = "otp", _("Code sent to the seller's phone")
        IN_PERSON = "in_person", _("In person, recorded by commune staff")

    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_consents"
    )
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="helper_consents")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(
        _("how consent was given"), max_length=16, choices=Method.choices, default=Method.OTP
    )

    class Meta:
        verbose_name = _("helper consent")
        verbose_name_plural = _("helper consents")
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "seller"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_consent_per_helper_seller",
            )
        ]

    def __str__(self):
        return f"{self.helper} → {self.seller}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
