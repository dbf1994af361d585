"""Production: everything that matters comes from the environment.

``manage.py check --deploy`` is clean with these defaults. Two switches trade a check for
a reverse proxy that does the same job; turning them off is deliberate, never silent:

- ``SECURE_SSL_REDIRECT=false`` raises ``security.W008``. Only do it when the proxy in
  front redirects plain HTTP to HTTPS itself (or for the local compose stack, which has no
  TLS at all).
- ``SECURE_HSTS_SECONDS=0`` raises ``security.W004`` (and ``SECURE_HSTS_PRELOAD=false``
  raises ``security.W021``). Only do it when the proxy adds the
  ``Strict-Transport-Security`` header to every HTTPS response.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

if not env.str("SECRET_KEY", default=""):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the "
        "environment (see .env.example)."
    )
SECRET_KEY = env.str("SECRET_KEY")
# Web, worker and beat refuse to start while a demo or test value is left (the demo VietQR
# account, console email or SMS, Stripe test keys…): see marketplace/operations/guards.py.
# `manage.py check --deploy` lists them all.
REFUSE_DEMO_SETTINGS = True
# Never read from the environment here: a stray DEBUG=1 must not leak tracebacks.
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production needs the site's host names, comma-separated "
        "(see .env.example)."
    )

# Absolute links in emails, SMS, payment return URLs and the CMS. Defaults to HTTPS on the
# first allowed host so a single-domain deployment needs nothing more.
_first_host = ALLOWED_HOSTS[0].lstrip(".*")
SITE_URL = env.str("SITE_URL", default=f"https://{_first_host}" if _first_host else "")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set and cannot be derived from ALLOWED_HOSTS.")
SITE_URL = SITE_URL.rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
OSCAR_URL_SCHEMA = SITE_URL.split("://", 1)[0]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Unlike the embedded demo, production leaves MEDIA_URL to the web server (or object
# storage). Setups without one, like docker-compose.yml, set SERVE_MEDIA=true.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

# TLS is terminated by the reverse proxy in front of gunicorn, which sets
# X-Forwarded-Proto (and must overwrite any value the client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers and container health checks probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Every subdomain of a marketplace domain is HTTPS-only, so the preload directive is on by
# default; it only takes effect once the domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
