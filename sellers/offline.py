"""The installable seller channel: manifest, service worker, offline page, per-seller copies.

The worker lives at ``/kenh-nguoi-ban/sw.js``, so it controls the seller channel and nothing
else: storefront pages never load it. It keeps the channel's shell and the last copy of the
pages marked by ``offline_copy`` (home, products, orders), in a cache named after the
signed-in person and seller. The ``cl_seller_app`` cookie names them too; the middleware
below drops it as soon as the browser is signed out or signed in as someone else, and the
worker serves a kept page only to the same name, so a shared phone never shows one seller's
pages to another.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

COOKIE = "cl_seller_app"
COPY_HEADER = "X-Offline-Copy"
# The files every seller-channel page needs, kept by the worker when it installs.
SHELL_FILES = ("lang/lang.css", "lang/favicon.svg", "sellers/app/drafts.js", "sellers/app/app.js")
ICONS = {192: "sellers/app/icon-192.png", 512: "sellers/app/icon-512.png"}


def _person_part(user_pk) -> str:
    return salted_hmac("sellers.offline.person", str(user_pk)).hexdigest()[:12]


def app_key(*, user_pk, seller_pk) -> str:
    """Names this person's copies for this seller; not guessable from the ids."""
    seller_part = salted_hmac("sellers.offline.seller", f"{user_pk}:{seller_pk}").hexdigest()
    return f"{_person_part(user_pk)}-{seller_part[:8]}"


def offline_copy(view):
    """Mark a seller-channel page as one the phone may keep to show without signal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(request, "seller_context", None)
        if context is not None and response.status_code == 200:
            response[COPY_HEADER] = app_key(user_pk=request.user.pk, seller_pk=context.seller.pk)
        return response

    return wrapper


class SellerAppCookieMiddleware:
    """Keeps ``cl_seller_app`` naming whoever is signed in to the seller channel, or nobody."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        context = getattr(request, "seller_context", None)
        current = request.COOKIES.get(COOKIE)
        if context is not None:
            key = app_key(user_pk=request.user.pk, seller_pk=context.seller.pk)
            if current != key:
                response.set_cookie(
                    COOKIE, key, max_age=settings.SESSION_COOKIE_AGE, samesite="Lax"
                )
        elif current and not _still_signed_in_as(request, current):
            response.delete_cookie(COOKIE, samesite="Lax")
        return response


def _still_signed_in_as(request, value: str) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and value.startswith(_person_part(user.pk) + "-"))


@cache
def _shell_version() -> str:
    digest = hashlib.sha256()
    for name in SHELL_FILES:
        with open(finders.find(name), "rb") as file:
            digest.update(file.read())
    for template in ("sellers/app/sw.js", "sellers/app/offline.html"):
        with open(get_template(template).origin.name, "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request):
    """The seller channel's worker (no user-facing text: pages carry their own)."""
    offline_url = reverse("backoffice:offline")
    config = {
        "version": _shell_version(),
        "offline": offline_url,
        "files": [offline_url, *(static(name) for name in SHELL_FILES)],
        "core": static("sellers/app/drafts.js"),
    }
    response = render(
        request,
        "sellers/app/sw.js",
        {"config": json.dumps(config)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    """The web app manifest that makes the seller channel installable on a phone."""
    home = reverse("backoffice:home")
    data = {
        "name": _("Chợ Làng seller channel"),
        "short_name": _("Chợ Làng shop"),
        "lang": request.LANGUAGE_CODE,
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f43",
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png"}
            for size, path in ICONS.items()
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def offline_page(request):
    """What the phone shows for a seller-channel page it has no copy of; nothing personal."""
    return render(request, "sellers/app/offline.html")


def is_seller_channel(path: str) -> bool:
    return path.startswith(reverse("backoffice:home"))
