"""Password sign-in lockout with django-axes.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one account from one address, that
account is locked from that address for ``AXES_COOLOFF_TIME``: other people (and the
owner on another network) can still sign in, and the phone-code sign-in keeps its own
limits (marketplace.users.otp). Every password form goes through ``authenticate()`` with
the request: Oscar's sign-in, Django admin and the CMS.
"""

from axes.backends import AxesStandaloneBackend
from django.core.exceptions import ValidationError
from django.shortcuts import render

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
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # A session that names this backend (a sign-in that passed it explicitly) must
        # still find its user on the next request instead of failing every page.
        return PhoneOrEmailBackend().get_user(user_id)


def username(request, credentials) -> str:
    """One account, however it is typed: ``0912 345 678`` and ``+84912345678`` count
    together, and so do e-mail addresses in any letter case."""
    raw = ((credentials or {}).get("username") or "").strip()
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
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/locked_out.html", {"minutes": minutes}, status=429)
