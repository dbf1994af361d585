"""Sign in with a phone number and a one-time code; the account is created on first use."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from marketplace.security.ratelimit import client_ip

from .backends import SESSION_BACKEND
from .forms import CodeForm, PhoneForm
from .otp import OtpError, send_code, verify_code
from .phone import display_phone, normalise_phone

PURPOSE = "login"
PHONE_KEY = "otp_login_phone"
NEXT_KEY = "otp_login_next"
# A device that signed in with a number keeps a signed note of it, so a flood of code
# requests for that number from elsewhere does not keep its owner out (see otp.py).
DEVICE_COOKIE = "phone_device"
DEVICE_SALT = "marketplace.users.device"
DEVICE_MAX_AGE = 180 * 24 * 3600


def _trusted_device(request, phone: str) -> bool:
    try:
        known = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
        )
        return known == normalise_phone(phone)
    except (signing.BadSignature, ValidationError):
        return False


def _remember_device(response, phone: str):
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(phone, salt=DEVICE_SALT),
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return settings.LOGIN_REDIRECT_URL


@never_cache
@csrf_protect
def phone_step(request):
    """Screen 1: the phone number. A code is texted to it."""
    form = PhoneForm(request.POST or None, initial={"phone": request.GET.get("phone", "")})
    if request.method == "POST" and form.is_valid():
        try:
            phone = send_code(
                phone=form.cleaned_data["phone"],
                purpose=PURPOSE,
                ip=client_ip(request),
                trusted=_trusted_device(request, form.cleaned_data["phone"]),
            )
        except OtpError as exc:
            form.add_error("phone", str(exc))
        else:
            request.session[PHONE_KEY] = phone
            request.session[NEXT_KEY] = _safe_next(request, request.POST.get("next"))
            return redirect("users:code")
    return render(request, "users/phone.html", {"form": form, "next": request.GET.get("next", "")})


@never_cache
@csrf_protect
def code_step(request):
    """Screen 2: the code. Right code → signed in (a new account on first use)."""
    phone = request.session.get(PHONE_KEY)
    if not phone:
        return redirect("users:phone")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verify_code(
                phone=phone, purpose=PURPOSE, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except OtpError as exc:
            form.add_error("code", str(exc))
        else:
            user = _user_for(phone)
            if user.phone_verified_at is None:
                user.phone_verified_at = timezone.now()
                user.save(update_fields=["phone_verified_at"])
            if user.is_active:
                target = request.session.get(NEXT_KEY) or settings.LOGIN_REDIRECT_URL
                login(request, user, backend=SESSION_BACKEND)  # rotates the session key
                return _remember_device(redirect(target), phone)
            form.add_error("code", _("This account is closed. Please contact the marketplace."))
    context = {
        "form": form,
        "phone": display_phone(phone),
        "again_url": reverse("users:phone") + f"?phone={display_phone(phone)}",
    }
    return render(request, "users/code.html", context)


def _user_for(phone: str):
    User = get_user_model()
    user = User.objects.filter(phone=phone).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(phone=phone)
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:  # the same person confirmed twice at once
        return User.objects.get(phone=phone)
