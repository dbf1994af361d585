"""Who is the marketplace operator, in one place.

The operator (a superuser) confirms VietQR transfers, refunds orders, pays sellers out,
sets commission rates, clears refused COD parcels and reads the whole marketplace's
reports; every page under ``/van-hanh/`` is theirs alone. Oscar's dashboard, the CMS and
Django's admin keep their own checks.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_operator(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def operator_required(view):
    """Only the marketplace operator: others are asked to sign in, or refused with 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
