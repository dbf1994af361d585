"""The custom user: signs in with a phone number (E.164) or an email; one is required."""

from django.conf import settings
from django.contrib.auth.models import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractUser

from .phone import looks_like_phone, normalise_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, identifier):
        """Find a user by phone (any common Vietnamese spelling) or by email."""
        identifier = (identifier or "").strip()
        if looks_like_phone(identifier):
            try:
                return self.get(phone=normalise_phone(identifier))
            except ValidationError:
                raise self.model.DoesNotExist from None
        return self.get(email__iexact=identifier)

    def _create_user(self, phone, email, password, **extra_fields):
        if not phone and not email:
            raise ValueError("A user needs a phone number or an email address.")
        user = self.model(
            phone=normalise_phone(phone) if phone else None,
            email=self.normalize_email(email) if email else None,
            **extra_fields,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone=None, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(phone, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, phone=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(phone, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the marketplace: buyer, seller member, helper, staff or operator.

    Oscar's first/last name fields are kept so its dashboard keeps working; in Vietnamese
    the family and middle names come first (``last_name``) and the given name last
    (``first_name``), so "Phan Thế Độ" is last_name "Phan Thế", first_name "Độ".
    """

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("International format, for example +84912345678."),
    )
    # Set when the account's own phone answered a code (sign-in by code): until then a
    # phone typed at registration proves nothing, e.g. for cash on delivery.
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False),
                name="user_has_phone_or_email",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.phone or self.email or f"#{self.pk}"

    def clean(self):
        self.email = self.__class__.objects.normalize_email(self.email) or None
        if self.phone:
            self.phone = normalise_phone(self.phone)
        else:
            self.phone = None
        if not self.phone and not self.email:
            raise ValidationError(_("A phone number or an email address is required."))

    def save(self, *args, **kwargs):
        # Empty strings would collide on the unique indexes: store NULL instead.
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)

    def _migrate_alerts_to_user(self):
        if self.email:
            super()._migrate_alerts_to_user()

    def get_full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name) if p).strip()

    def set_full_name(self, full_name: str) -> None:
        """Split a Vietnamese full name: the given name is the last word."""
        parts = (full_name or "").split()
        self.first_name = parts[-1] if parts else ""
        self.last_name = " ".join(parts[:-1])

    @property
    def full_name(self):
        return self.get_full_name()


class PhoneCode(models.Model):
    """A one-time code sent by SMS or e-mail. Only its hash is stored; written by
    ``users.otp``."""

    # The phone number (E.164), or the e-mail address for a code sent by e-mail.
    phone = models.CharField(max_length=254, db_index=True)
    purpose = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=128)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["phone", "purpose", "created_at"])]

    def __str__(self):
        return f"{self.purpose} {self.phone} {self.created_at:%Y-%m-%d %H:%M}"
