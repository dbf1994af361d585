"""Every cookie the site sets carries SameSite, and Secure wherever the session cookie is.

Django's own cookies follow their settings, but Oscar's basket cookie is set without
SameSite, and any cookie a library adds later would be too. This middleware runs last on
the way out, so it sees every cookie of the response.
"""

from django.conf import settings


class CookieFlagsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for morsel in response.cookies.values():
            if not morsel["samesite"]:
                morsel["samesite"] = "Lax"
            if settings.SESSION_COOKIE_SECURE:
                morsel["secure"] = True
        return response
