"""Sign in with a phone number and a one-time code; the account is created on first use."""

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .backends import SESSION_BACKEND
from .forms import CodeForm, PhoneForm
from .otp import OtpError, send_code, verify_code
from .phone import display_phone

PURPOSE = "login"
PHONE_KEY = "otp_login_phone"
NEXT_KEY = "otp_login_next"


def client_ip(request) -> str | None:
    # Behind the proxy, production.py makes REMOTE_ADDR the client's address.
    return request.META.get("REMOTE_ADDR") or None


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
                phone=form.cleaned_data["phone"], purpose=PURPOSE, ip=client_ip(request)
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
            verify_code(phone=phone, purpose=PURPOSE, code=form.cleaned_data["code"])
        except OtpError as exc:
            form.add_error("code", str(exc))
        else:
            user = _user_for(phone)
            if user.is_active:
                target = request.session.get(NEXT_KEY) or settings.LOGIN_REDIRECT_URL
                login(request, user, backend=SESSION_BACKEND)  # rotates the session key
                return redirect(target)
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
