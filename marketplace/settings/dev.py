"""Local development and the embedded demo (``make demo``)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
# Static files straight from the app folders, no collectstatic needed, even with DEBUG off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo data loader (``manage.py load_demo``): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "marketplace.demo"]  # noqa: F405
