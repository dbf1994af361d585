"""One-time codes by SMS (or e-mail): 6 digits, 5 minutes, single use, stored hashed, rate limited.

``send_code``/``verify_code`` (and their e-mail twins) are the only entry points; sign-in,
registration, seller consent and cash-on-delivery checks all use them with their own
``purpose``.

The limits are built so that a stranger who types someone else's number cannot keep its
owner out:

- every purpose has its own budget, so asking for helper-consent or cash-on-delivery codes
  to a seller's phone never uses up the seller's sign-in codes;
- the per-number budget is counted per requesting address: a stranger spends only the
  budget of the address they ask from, and the owner asking from their own address still
  gets a code;
- a code is tied to the address that asked for it: a stranger's request neither cancels
  the owner's code nor can their wrong guesses lock it;
- a ceiling per number and purpose across all addresses stops a text-message flood; a
  device that has already signed in with that number (``trusted``) is not held by it.
"""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.notifications.sms import render_sms, send_sms

from .models import PhoneCode
from .phone import normalise_phone

CODE_LIFETIME = timedelta(minutes=5)
SENDS_PER_PHONE_PER_ADDRESS_PER_HOUR = 5
SENDS_PER_PHONE_PER_HOUR = 15  # all addresses together, per purpose
SENDS_PER_IP_PER_HOUR = 20
MAX_WRONG_ATTEMPTS = 5


class OtpError(Exception):
    """A translated message safe to show the person."""


def _address(ip: str | None) -> str | None:
    # Stored in an address column: anything else (no address known) counts as "none".
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def _hash(phone: str, purpose: str, code: str) -> str:
    message = f"{phone}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _check_send_limits(phone: str, purpose: str, ip: str | None, now, trusted: bool) -> None:
    to_phone = Q(phone=phone, purpose=purpose)
    from_here = Q(ip=ip)
    # The last hour's codes to this phone and from this address, counted in one query.
    recent = PhoneCode.objects.filter(created_at__gte=now - timedelta(hours=1))
    counts = recent.filter(to_phone | from_here if ip else to_phone).aggregate(
        phone_here=Count("pk", filter=to_phone & from_here),
        phone=Count("pk", filter=to_phone),
        here=Count("pk", filter=from_here),
    )
    too_many = _("Too many codes were sent to this number. Please try again in an hour.")
    if counts["phone_here"] >= SENDS_PER_PHONE_PER_ADDRESS_PER_HOUR:
        raise OtpError(too_many)
    if not trusted and counts["phone"] >= SENDS_PER_PHONE_PER_HOUR:
        raise OtpError(too_many)
    if ip and counts["here"] >= SENDS_PER_IP_PER_HOUR:
        raise OtpError(_("Too many codes were requested from here. Please try again later."))


def _issue(destination: str, purpose: str, ip: str | None, trusted: bool) -> str:
    """Store a fresh code for ``destination`` (inside the caller's transaction); returns it."""
    now = timezone.now()
    _check_send_limits(destination, purpose, ip, now, trusted)
    PhoneCode.objects.filter(
        phone=destination, purpose=purpose, ip=ip, used_at__isnull=True
    ).update(used_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    PhoneCode.objects.create(
        phone=destination,
        purpose=purpose,
        code_hash=_hash(destination, purpose, code),
        ip=ip,
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    return code


def _phone(phone: str) -> str:
    try:
        return normalise_phone(phone)
    except Exception as exc:  # ValidationError carries the translated text
        raise OtpError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


@transaction.atomic
def send_code(
    *,
    phone: str,
    purpose: str,
    ip: str | None = None,
    message: str = "",
    values: dict | None = None,
    trusted: bool = False,
) -> str:
    """Create and text a fresh code to ``phone``; returns the normalised phone.

    Earlier unused codes for the same phone and purpose asked from the same address stop
    working. ``trusted`` is for a device that has signed in with this number before.
    ``message`` is the SMS text with ``%(code)s`` in it and ``values`` for its other
    placeholders (see ``marketplace.notifications.sms.render_sms``); a default text is used
    otherwise. A ``message`` without ``%(code)s`` still creates a code (and counts against
    every limit) but nobody learns it: for answers that must look the same either way.
    Raises ``OtpError`` when a limit is reached or the number is invalid.
    """
    phone = _phone(phone)
    code = _issue(phone, purpose, _address(ip), trusted)
    text = render_sms(
        message or _("Chợ Làng: your code is %(code)s. It expires in 5 minutes."),
        {**(values or {}), "code": code},
    )
    transaction.on_commit(lambda: send_sms(to=phone, text=text))
    return phone


@transaction.atomic
def hold_code(*, phone: str, purpose: str, ip: str | None = None) -> str:
    """Create a code for ``phone`` that is sent to nobody; returns the normalised phone.

    For answers that must not tell whether a number is known: the person asking sees the
    same code screen, their guesses fail as wrong codes, and the request counts against
    the same limits as a real one. No text message leaves.
    """
    phone = _phone(phone)
    _issue(phone, purpose, _address(ip), False)
    return phone


@transaction.atomic
def send_email_code(*, email: str, purpose: str, ip: str | None = None, send) -> str:
    """Create a code for ``email`` under the same limits as text-message codes and hand it
    to ``send(email, code)`` after the transaction commits; returns the normalised
    address. ``send`` may leave the code out (see ``send_code``)."""
    email = normalise_email(email)
    code = _issue(email, purpose, _address(ip), False)
    transaction.on_commit(lambda: send(email, code))
    return email


def verify_code(*, phone: str, purpose: str, code: str, ip: str | None = None) -> str:
    """Use up the current code asked from ``ip`` if ``code`` matches; returns the
    normalised phone.

    Raises ``OtpError`` for a wrong, expired, used or locked code. After
    ``MAX_WRONG_ATTEMPTS`` wrong tries the code is locked and a new one is needed.
    """
    phone = _phone(phone)
    _verify(phone, purpose, code, ip)
    return phone


def verify_email_code(*, email: str, purpose: str, code: str, ip: str | None = None) -> str:
    """``verify_code`` for a code sent by e-mail; returns the normalised address."""
    email = normalise_email(email)
    _verify(email, purpose, code, ip)
    return email


def _verify(destination: str, purpose: str, code: str, ip: str | None) -> None:
    # The wrong-try counter must be saved even though we then refuse: decide inside the
    # transaction, raise after it has committed.
    with transaction.atomic():
        error = _consume(destination, purpose, code, _address(ip))
    if error:
        raise OtpError(error)


def _consume(phone: str, purpose: str, code: str, ip: str | None) -> str | None:
    now = timezone.now()
    current = (
        PhoneCode.objects.select_for_update()
        .filter(phone=phone, purpose=purpose, ip=ip, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if current is None:
        return _("There is no valid code for this number. Please ask for a new code.")
    if current.expires_at < now:
        return _("This code has expired. Please ask for a new code.")
    if current.attempts >= MAX_WRONG_ATTEMPTS:
        return _("Too many wrong codes. Please ask for a new code.")
    given = "".join(ch for ch in str(code) if ch.isdigit())
    if not hmac.compare_digest(current.code_hash, _hash(phone, purpose, given)):
        current.attempts += 1
        current.save(update_fields=["attempts"])
        left = MAX_WRONG_ATTEMPTS - current.attempts
        if left <= 0:
            return _("Too many wrong codes. Please ask for a new code.")
        return _("The code is not right. %(left)s tries left.") % {"left": left}
    current.used_at = now
    current.save(update_fields=["used_at"])
    return None
