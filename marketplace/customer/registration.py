"""Registration that does not tell anyone which phones or e-mails already have accounts.

Submitting the registration form creates nothing yet. The details wait in the session
(the password already hashed) and a 6-digit code goes to the phone, or to the e-mail
when no phone was given. Only the right code creates the account and signs it in.

When the phone (or e-mail) already has an account, its owner gets a message instead of a
code: "someone tried to register with your number; sign in or reset your password". The
person at the form sees exactly what a new registrant sees, the code screen; whatever
they type is a wrong code. The request counts against the same code limits either way.

An e-mail given alongside a phone is checked when the code is right: if another account
has it, the new account is created without it and that e-mail's owner is told.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.security.ratelimit import client_ip
from marketplace.users.otp import (
    OtpError,
    send_code,
    send_email_code,
    verify_code,
    verify_email_code,
)

PURPOSE = "register"
SESSION_KEY = "registration_pending"


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _users():
    return get_user_model()._default_manager


def _phone_taken(phone: str) -> bool:
    return _users().filter(phone=phone).exists()


def _email_taken(email: str) -> bool:
    return _users().filter(email__iexact=email).exists()


def _tell_email_owner(email: str) -> None:
    send_mail(
        _("Someone tried to register with your e-mail address"),
        _(
            "Someone just tried to create a Chợ Làng account with this e-mail address, "
            "which already has an account. If it was you, sign in at %(login)s or choose a "
            "new password at %(reset)s. If it was not you, you need do nothing: no account "
            "was created and yours is unchanged."
        )
        % {"login": _site(reverse("customer:login")), "reset": _site(reverse("password-reset"))},
        None,
        [email],
    )


def _mail_code(email: str, code: str) -> None:
    send_mail(
        _("Your Chợ Làng registration code"),
        _(
            "Your code to finish registering at Chợ Làng is %(code)s. It works for 5 minutes. "
            "If you did not ask for it, you need do nothing."
        )
        % {"code": code},
        None,
        [email],
    )


def _send(request, phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    ip = client_ip(request)
    if phone:
        if _phone_taken(phone):
            message = _(
                "Chợ Làng: someone tried to register an account with this number, which has "
                "one already. If it was you, sign in with a code or reset your password. "
                "Never read codes to anyone."
            )
        else:
            message = _(
                "Chợ Làng: your registration code is %(code)s. It expires in 5 minutes. "
                "Never read it to anyone."
            )
        return send_code(phone=phone, purpose=PURPOSE, ip=ip, message=message), email
    taken = _email_taken(email)
    send = (lambda to, code: _tell_email_owner(to)) if taken else _mail_code
    return None, send_email_code(email=email, purpose=PURPOSE, ip=ip, send=send)


def start(request, form) -> dict:
    """Keep the form's details in the session and send the code (or the owner's notice).

    Raises ``OtpError`` (translated) when a code limit is reached or the number is not
    a phone number; nothing is kept then.
    """
    data = form.cleaned_data
    phone, email = _send(request, data.get("phone"), data.get("email"))
    details = {
        "full_name": data.get("full_name", ""),
        "phone": phone,
        "email": email,
        "password": make_password(data["password1"]),
        "next": data.get("redirect_url") or "",
    }
    request.session[SESSION_KEY] = details
    return details


def send_again(request) -> None:
    """A new code for the registration under way (the limits apply as for the first)."""
    details = request.session[SESSION_KEY]
    _send(request, details["phone"], details["email"])


def pending(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def finish(request, code: str):
    """Check the code; the right one creates the account. Returns ``(user, email_dropped)``.

    Raises ``OtpError`` for a wrong, expired or locked code (and when, in the meantime,
    someone else registered the same number).
    """
    details = request.session[SESSION_KEY]
    phone, email = details["phone"], details["email"]
    ip = client_ip(request)
    if phone:
        verify_code(phone=phone, purpose=PURPOSE, code=code, ip=ip)
    else:
        verify_email_code(email=email, purpose=PURPOSE, code=code, ip=ip)
    email_dropped = bool(phone and email and _email_taken(email))
    User = get_user_model()
    user = User(phone=phone or None, email=None if email_dropped else email or None)
    user.password = details["password"]
    user.set_full_name(details["full_name"])
    if phone:
        user.phone_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # registered by someone else after the code was sent
        raise OtpError(
            _("This number or e-mail has just been registered. Please sign in instead.")
        ) from exc
    if email_dropped:
        transaction.on_commit(lambda: _tell_email_owner(email))
    del request.session[SESSION_KEY]
    return user, email_dropped
