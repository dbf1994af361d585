"""Password sign-in lockout with django-axes.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one account from one address, that
account is locked from that address for ``AXES_COOLOFF_TIME``: other people (and the
owner on another network) can still sign in, and the phone-code sign-in keeps its own
limits (marketplace.users.otp). Guesses spread over many addresses are counted for the
account as a whole: after ``AXES_ACCOUNT_FAILURE_LIMIT`` of them the password sign-in is
paused everywhere (the owner can still sign in with a phone code or reset the password).
An account's phone and e-mail count as one account. Every password form goes through
``authenticate()`` with the request: Oscar's sign-in, Django admin and the CMS.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from marketplace.users.backends import PhoneOrEmailBackend
from marketplace.users.phone import looks_like_phone, normalise_phone

from .ratelimit import client_ip


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, for web sign-ins only.

    Sign-ins without a request (management commands, the shell) cannot be guessed at
    over the network; axes would refuse them outright, so they pass to the next backend.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        if _account_failures(request, username) >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Account locked from every address.")
        return None

    def get_user(self, user_id):
        # A session that names this backend (a sign-in that passed it explicitly) must
        # still find its user on the next request instead of failing every page.
        return PhoneOrEmailBackend().get_user(user_id)


def _account_failures(request, typed) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(
        username=username(request, {"username": typed}), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def username(request, credentials) -> str:
    """One account, however it is typed: its phone in any spelling and its e-mail in any
    letter case count together. Names with no account count by their typed spelling."""
    raw = ((credentials or {}).get("username") or "").strip()
    try:
        account = get_user_model()._default_manager.get_by_natural_key(raw)
    except get_user_model().DoesNotExist:
        pass
    else:
        return f"account:{account.pk}"
    if looks_like_phone(raw):
        try:
            return normalise_phone(raw)
        except ValidationError:
            return raw
    return raw.lower()


def ip_address(request) -> str | None:
    # Sign-ins made in code (tests, commands) have no address; axes stores None then.
    address = client_ip(request)
    return None if address == "unknown" else address


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of the sign-in form while an account is locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/locked_out.html", {"minutes": minutes}, status=429)
