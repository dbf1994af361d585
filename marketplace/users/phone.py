"""Phone numbers: everything is stored in E.164 (+84912345678)."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(raw: str) -> str:
    """Return ``raw`` as E.164, reading national numbers as Vietnamese.

    ``0912 345 678``, ``0912.345.678``, ``84912345678`` and ``+84 912 345 678`` all give
    ``+84912345678``. Raises ``ValidationError`` for anything that is not a valid number.
    """
    text = (raw or "").strip()
    if text.startswith("84") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("This phone number is not valid. A valid example: 0912 345 678."),
            code="invalid_phone",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid. A valid example: 0912 345 678."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(identifier: str) -> bool:
    """True when a login identifier is meant as a phone number rather than an email."""
    return "@" not in identifier and any(ch.isdigit() for ch in identifier)


def display_phone(e164: str) -> str:
    """Format a stored number the way Vietnamese people write it (0912 345 678)."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, settings.PHONE_DEFAULT_REGION)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
