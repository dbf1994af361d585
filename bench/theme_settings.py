"""Server settings for ``bench/theme.py``: production settings on loopback, two variants.

``BENCH_VARIANT=ours`` is the site as deployed (theme, page cache in Redis, manifest
static files). ``BENCH_VARIANT=stock`` renders the same views and data with django-oscar's
own templates first in the search path and no page cache: what stock Oscar would serve.
Both add ``/bench/trivial``, a view returning a fixed string, as the ceiling.
"""

from pathlib import Path

import oscar

from marketplace.settings.production import *  # noqa: F403
from marketplace.settings.production import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, TEMPLATES, env

ROOT_URLCONF = "bench.theme_urls"
# Plain HTTP on loopback: no TLS proxy in front.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
OSCAR_BASKET_COOKIE_SECURE = False
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = False
SERVE_MEDIA = True
# A benchmark on loopback with demo data: no buyer, no money, no message leaves the machine.
REFUSE_DEMO_SETTINGS = False
# The benchmark fills its database with the demo data (``load_demo``).
INSTALLED_APPS = [*INSTALLED_APPS, "marketplace.demo"]
# Warnings and errors only, every one of them (a server error's traceback included).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

VARIANT = env.str("BENCH_VARIANT", default="ours")
if VARIANT == "stock":
    MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("themes.performance.")]
    TEMPLATES[0]["DIRS"] = [
        BASE_DIR / "bench" / "theme_stock",
        Path(oscar.__file__).resolve().parent / "templates",
    ]
