"""Sellers, the people around them, and the administrative units they live in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- Administrative units (after the 1 July 2025 reform: no districts) ----------------


class AdminUnitDataset(models.Model):
    """Which version of the official list of provinces and communes is loaded."""

    version = models.CharField(_("phiên bản"), max_length=32, unique=True)
    source = models.CharField(_("nguồn"), max_length=255)
    effective_date = models.DateField(_("hiệu lực từ"))
    province_count = models.PositiveIntegerField(default=0)
    commune_count = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bộ dữ liệu đơn vị hành chính")
        ordering = ["-loaded_at"]

    def __str__(self):
        return self.version


class Province(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho", _("Thành phố trực thuộc trung ương")

    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=64)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    slug = models.SlugField(max_length=64, unique=True)
    dataset_version = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        prefix = _("Tỉnh") if self.kind == self.Kind.PROVINCE else _("Thành phố")
        return f"{prefix} {self.name}"


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.CharField(_("tên"), max_length=64)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh")
    )
    # Accent-free lowercase name, so "bao nhai" finds "Bảo Nhai".
    search_name = models.CharField(max_length=64, db_index=True)
    dataset_version = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("xã/phường")
        verbose_name_plural = _("xã/phường")
        ordering = ["province__name", "name"]
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        return f"{self.full_name}, {self.province.name}"

    @property
    def full_name(self):
        return f"{self.get_kind_display()} {self.name}"


# --- Sellers ----------------------------------------------------------------------------


class Seller(models.Model):
    """A household, cooperative or enterprise selling on the marketplace.

    Once approved it owns an Oscar ``Partner``: stock and prices live in that partner's
    stock records, and its orders are split out per seller.
    """

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Hộ gia đình")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã nộp đơn")
        APPROVED = "approved", _("Đã duyệt")
        CHANGES_REQUESTED = "changes_requested", _("Cần bổ sung")
        REJECTED = "rejected", _("Bị từ chối")
        SUSPENDED = "suspended", _("Tạm ngừng")

    kind = models.CharField(_("loại người bán"), max_length=16, choices=Kind.choices)
    display_name = models.CharField(_("tên gian hàng"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    representative_name = models.CharField(_("người đại diện"), max_length=120)
    phone = models.CharField(_("số điện thoại"), max_length=16)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="sellers", verbose_name=_("xã/phường")
    )
    address = models.CharField(_("thôn/xóm, địa chỉ"), max_length=255)
    description = models.TextField(_("giới thiệu"), blank=True)
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=8, blank=True)
    bank_account_number = models.CharField(_("số tài khoản"), max_length=32, blank=True)
    bank_account_holder = models.CharField(_("chủ tài khoản"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    status_reason = models.TextField(_("lý do"), blank=True)
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

    class Meta:
        verbose_name = _("người bán")
        verbose_name_plural = _("người bán")
        ordering = ["display_name"]
        indexes = [models.Index(fields=["status", "commune"])]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("sellers:detail", kwargs={"slug": self.slug})

    @property
    def is_selling(self) -> bool:
        return self.status == self.Status.APPROVED


class SellerMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ gian hàng")
        STAFF = "staff", _("Nhân viên")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.OWNER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên gian hàng")
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
    title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cán bộ xã")
        verbose_name_plural = _("cán bộ xã")
        constraints = [
            models.UniqueConstraint(fields=["user", "commune"], name="unique_commune_staff")
        ]

    def __str__(self):
        return f"{self.user} ({self.commune.full_name})"


class HelperConsent(models.Model):
    """A seller's permission for a community digital-technology helper to act for them."""

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

    class Meta:
        verbose_name = _("ủy quyền hỗ trợ")
        verbose_name_plural = _("ủy quyền hỗ trợ")
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
