"""Settings for the pytest suite.

The test bed (``tests/testbed``) starts PostgreSQL on 127.0.0.1 and passes its address
in ``DATABASE_URL``; other services are started by session fixtures when a test asks.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 (not a real secret)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "marketplace.notifications.sms.MemoryBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
ELASTICSEARCH_URL = ""
MARKETPLACE_SEARCH_BACKEND = "catalog.search.backends.database.DatabaseBackend"
# Tests change the index and search again at once; the reuse has its own test.
SEARCH_RESULT_CACHE_SECONDS = 0
SEARCH_INDEX_REFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Every test client shares one address and one cache: rate-limit tests switch it back on.
RATE_LIMITS_ENABLED = False
# Tests load the demo data too (``load_demo`` and its parts).
INSTALLED_APPS = [*INSTALLED_APPS, "marketplace.demo"]  # noqa: F405
