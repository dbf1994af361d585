"""Settings shared by every environment.

Configuration comes only from environment variables, read once through the single
``env`` object below. With no variables set, the project runs on embedded defaults:
SQLite, the database search backend, eager Celery tasks, local media and console
email/SMS. ``.env.example`` documents every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------

# The default key is only good for the demo and tests; production.py refuses to start
# without SECRET_KEY in the environment.
SECRET_KEY = env.str("SECRET_KEY", default="insecure-embedded-demo-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Our apps come before Oscar and Wagtail so their templates and translations win.
    "themes",
    "themes.performance",
    "marketplace.security",
    "marketplace.users",
    "marketplace.places",
    "marketplace.audit",
    "marketplace.notifications",
    "sellers",
    "livestream",
    "catalog.stories",
    "marketplace.payments",
    "marketplace.ledger",
    "marketplace.reports",
    "marketplace.operations",
    # Oscar, with our forks in place of the stock apps they replace (labels kept).
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "marketplace.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "marketplace.checkout.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "marketplace.customer.apps.CustomerConfig",
    "catalog.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
]

MIDDLEWARE = [
    # First, so it sees on the way out every cookie any later middleware or view set.
    "marketplace.security.cookies.CookieFlagsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware: CSP and the other headers go on every answer,
    # including the static files WhiteNoise serves next.
    "marketplace.security.csp.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF (a cached page still gets its token cookie checked on POST) and before
    # authentication: a cache hit is served without loading the user or the basket.
    "themes.performance.middleware.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.checkout.basket.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Needs the user: sellers work in their own back office, Oscar's dashboard is staff-only.
    "sellers.middleware.DashboardGuardMiddleware",
    # Keeps the installable seller app's copies named after whoever is signed in.
    "sellers.offline.SellerAppCookieMiddleware",
    "marketplace.security.ratelimit.RateLimitMiddleware",
    # Axes turns a locked-out sign-in into its page; it must come last.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "lang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "marketplace.customer.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in (django-axes) before any password is checked.
    "marketplace.security.lockout.LockoutBackend",
    "marketplace.users.backends.PhoneOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = "/"
PHONE_DEFAULT_REGION = "VN"
PHONENUMBER_DEFAULT_REGION = "VN"

# --- Language, time, money ----------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project's own strings, then the Wagtail admin's strings its catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "themes" / "cms" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

OSCAR_DEFAULT_CURRENCY = "VND"
# Prices read "150.000 ₫" whatever the interface language: VND has no minor unit and
# buyers know the Vietnamese notation.
OSCAR_CURRENCY_FORMAT = {"VND": {"locale": "vi_VN", "format": "#,##0\u00a0¤"}}

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Phones send 12-megapixel photos; anything beyond this is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
# The embedded demo (and small single-machine installs) serve uploaded media from Django;
# larger installs serve them from the web server or object storage instead.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# --- Email and SMS ------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chợ Làng <no-reply@cholang.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env.str("SMS_BACKEND", default="marketplace.notifications.sms.ConsoleBackend")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")

# --- Tasks ------------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the demo runs every task inline, right after the request's commit.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes a worker's database connections around every task unless told to reuse
# them: a new PostgreSQL process and login per task, two per order. The worker keeps them
# as a web process does instead (``marketplace.celery``: ``CONN_MAX_AGE``, health checks).
CELERY_DB_REUSE_MAX = 1_000_000
# Every periodic task, in one place (run by ``celery beat``).
CELERY_BEAT_SCHEDULE = {
    # OCOP certificates past their end date lose their stars; sellers are reminded before.
    "catalog-expire-certificates": {
        "task": "catalog.tasks.expire_certificates",
        "schedule": crontab(hour=2, minute=15),
    },
    # Unpaid VietQR orders: a reminder VIETQR_REMINDER_MINUTES before the deadline, then
    # cancelled after VIETQR_EXPIRY_MINUTES, their stock released.
    "payments-expire-vietqr": {
        "task": "marketplace.payments.tasks.expire_unpaid_vietqr_orders",
        "schedule": 300.0,
    },
    # Index work the search engine missed (down, overloaded) is sent again.
    "search-replay-pending": {
        "task": "catalog.search.tasks.replay_pending_index",
        "schedule": 60.0,
    },
    # Parcels booked for order parts cancelled since are called back at the carrier.
    "order-call-back-parcels": {
        "task": "marketplace.order.tasks.call_back_cancelled_parcels",
        "schedule": 60.0,
    },
    # Followers are told LIVESTREAM_REMINDER_MINUTES before a live starts.
    "livestream-reminders": {
        "task": "livestream.tasks.send_live_reminders",
        "schedule": 300.0,
    },
}

# --- Search -------------------------------------------------------------------------------

ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="cholang")
# Index writes become searchable at the engine's next periodic refresh (within a second).
# Forcing a refresh on every write made the engine cut a new segment per sale (two writes
# an order), and the result cache below keeps answers longer than that anyway.
SEARCH_INDEX_REFRESH = env.bool("SEARCH_INDEX_REFRESH", default=False)
# The same search asked again within this many seconds is answered without the engine
# (which products match and in what order; cards are always read fresh). 0: never.
SEARCH_RESULT_CACHE_SECONDS = env.int("SEARCH_RESULT_CACHE_SECONDS", default=30)
MARKETPLACE_SEARCH_BACKEND = env.str(
    "SEARCH_BACKEND",
    default=(
        "catalog.search.backends.elasticsearch.ElasticsearchBackend"
        if ELASTICSEARCH_URL
        else "catalog.search.backends.database.DatabaseBackend"
    ),
)
# Oscar imports haystack; it keeps the simple backend and is never queried by our views.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
# Story pages: Wagtail's database backend, kept up to date even when Elasticsearch is the
# default, so story search falls back to it. On PostgreSQL it uses the accent-free text
# search configuration made by catalog.search's migration ("cau chuyen" finds "Câu chuyện").
_WAGTAIL_DATABASE_SEARCH = {"BACKEND": "wagtail.search.backends.database"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _WAGTAIL_DATABASE_SEARCH["SEARCH_CONFIG"] = "cholang_vi"
WAGTAILSEARCH_BACKENDS = {"default": _WAGTAIL_DATABASE_SEARCH}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "catalog.search.wagtail_search",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail-",
            "TIMEOUT": 3,
        },
        "database": _WAGTAIL_DATABASE_SEARCH,
    }

# --- Payments -----------------------------------------------------------------------------

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Points the SDK at a Stripe-compatible server (tests use a local fake).
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")

# --- Oscar --------------------------------------------------------------------------------

from oscar.defaults import *  # noqa: E402,F403

OSCAR_DEFAULT_CURRENCY = "VND"  # oscar.defaults, just imported, resets it to GBP

OSCAR_SHOP_NAME = "Chợ Làng"
# Links in Oscar's e-mails: the scheme of SITE_URL; the host comes from the Site row,
# which marketplace.users.site keeps equal to SITE_URL's.
OSCAR_URL_SCHEMA = SITE_URL.split("://", 1)[0]
OSCAR_SHOP_TAGLINE = _("OCOP specialties from Vietnam’s villages")
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_SLUG_MAP = {"Đ": "D", "đ": "d"}
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "province", "commune")
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
THUMBNAIL_PRESERVE_FORMAT = True
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION  # noqa: F405 (from oscar.defaults)

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Chợ Làng"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# Sellers edit their stories in Vietnamese (English for the operator if wanted), in
# Vietnam's time zone: the account page offers nothing else.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 12 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Every CMS upload loses its GPS and camera metadata before it is stored (it is public).
WAGTAILIMAGES_IMAGE_FORM_BASE = "catalog.stories.image_forms.MetadataFreeImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Security (tightened further in production.py) ---------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per stock change is noise; failures still show.
        "oscar.alerts": {"level": "WARNING"},
    },
}

# jQuery for Oscar's own scripts, served locally (stock Oscar loads it from a CDN).
import xstatic.pkg.jquery  # noqa: E402

STATICFILES_DIRS = [
    ("vendor/jquery", xstatic.pkg.jquery.BASE_DIR),
    # The village theme's stylesheet and icons live beside its templates.
    BASE_DIR / "themes" / "lang" / "static",
]

# --- Sellers: sign-in by phone, applications, helpers -------------------------------------

# Applicants' ID papers live outside MEDIA_ROOT so no web server can ever serve them;
# only sellers.views.apply.document (which checks who asks) reads them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
SELLER_DOCUMENT_MAX_BYTES = env.int("SELLER_DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
# Sign-in by phone code is the way in for sellers and helpers.
SELLER_SIGNIN_URL = reverse_lazy("users:phone")

# --- Catalog: listings, photos, OCOP certificates, stories --------------------------------

# Certificate scans stay private until verified: stored under PRIVATE_MEDIA_ROOT (set in
# the Sellers block), served by a view that checks who asks.
# Photos: refused above these limits before any resizing (decompression bombs).
CATALOG_IMAGE_MAX_BYTES = env.int("CATALOG_IMAGE_MAX_BYTES", default=12 * 1024 * 1024)
CATALOG_IMAGE_MAX_PIXELS = env.int("CATALOG_IMAGE_MAX_PIXELS", default=50_000_000)
CATALOG_IMAGE_WIDTHS = (160, 320, 640, 1024)
CATALOG_MAX_PRICE = 1_000_000_000
# Days before expiry when the seller is reminded to renew an OCOP certificate.
OCOP_REMINDER_DAYS = (60, 14)


# --- Checkout, payments and ledger --------------------------------------------------------
# VietQR: the platform's receiving account (demo defaults: a made-up account at BIDV's BIN).
VIETQR_BANK_BIN = env.str("VIETQR_BANK_BIN", default="970418")
VIETQR_BANK_NAME = env.str("VIETQR_BANK_NAME", default="BIDV")
VIETQR_ACCOUNT_NUMBER = env.str("VIETQR_ACCOUNT_NUMBER", default="0000123456789")
VIETQR_ACCOUNT_NAME = env.str("VIETQR_ACCOUNT_NAME", default="CONG TY CHO LANG")
# Unpaid VietQR orders are cancelled, and their stock released, after this many minutes.
VIETQR_EXPIRY_MINUTES = env.int("VIETQR_EXPIRY_MINUTES", default=24 * 60)
# The buyer gets one SMS reminder this many minutes before an unpaid transfer's deadline.
VIETQR_REMINDER_MINUTES = env.int("VIETQR_REMINDER_MINUTES", default=3 * 60)
# The secret shared with the bank-notification service (SePay, Casso, payOS): each
# notification to /webhooks/bank/ carries the HMAC-SHA256 of its body in X-Bank-Signature.
# Empty refuses every notification; transfers are then confirmed by the operator.
BANK_WEBHOOK_SECRET = env.str("BANK_WEBHOOK_SECRET", default="")
# Cash on delivery is refused for a phone after this many refused parcels.
COD_MAX_REFUSALS = env.int("COD_MAX_REFUSALS", default=2)
# Shipping for a seller without its own rule (đồng).
SHIPPING_DEFAULT_FEE = env.int("SHIPPING_DEFAULT_FEE", default=30000)
# Used by weight-band rules for products without a "weight" attribute (grams).
SHIPPING_DEFAULT_ITEM_GRAMS = env.int("SHIPPING_DEFAULT_ITEM_GRAMS", default=500)
# The carrier's API (fees, shipments, labels, tracking, COD remittance). Empty: every
# seller's flat fee is charged and labels are printed by the site itself.
CARRIER_API_URL = env.str("CARRIER_API_URL", default="")
CARRIER_API_TOKEN = env.str("CARRIER_API_TOKEN", default="")
# Secret the carrier signs its status webhooks with (HMAC-SHA256 of the body).
CARRIER_WEBHOOK_SECRET = env.str("CARRIER_WEBHOOK_SECRET", default="")
# Seconds a call to the carrier may take; a slower quote falls back to the flat fee.
CARRIER_TIMEOUT_SECONDS = env.float("CARRIER_TIMEOUT_SECONDS", default=3)
# Seconds a fee quote is reused for the same sender, receiver, weight and COD amount.
CARRIER_QUOTE_CACHE_SECONDS = env.int("CARRIER_QUOTE_CACHE_SECONDS", default=300)
# Commission for a seller kind without an operator-set rate (0.05 = 5%).
LEDGER_DEFAULT_COMMISSION = env.str("LEDGER_DEFAULT_COMMISSION", default="0.05")
OSCAR_INITIAL_ORDER_STATUS = "pending"
OSCAR_INITIAL_LINE_STATUS = "pending"
# The operator's area (transfers, refunds, payouts, commission, COD, reports) from Oscar's
# dashboard.
OSCAR_DASHBOARD_NAVIGATION.append(  # noqa: F405
    {
        "label": _("Operator"),
        "icon": "fas fa-money-bill",
        "url_name": "operations:home",
        "access_fn": lambda user, *args, **kwargs: user.is_superuser,
    }
)

# --- Livestream ---------------------------------------------------------------------------
# Orders and basket adds made this many hours after a live ends still count for it.
LIVESTREAM_ATTRIBUTION_HOURS = env.int("LIVESTREAM_ATTRIBUTION_HOURS", default=2)
# A live price may not be below this share of the normal price (and never below 1.000 đ).
LIVESTREAM_PRICE_FLOOR_PERCENT = env.int("LIVESTREAM_PRICE_FLOOR_PERCENT", default=50)
# Followers get an SMS/email this many minutes before a live starts.
LIVESTREAM_REMINDER_MINUTES = env.int("LIVESTREAM_REMINDER_MINUTES", default=30)
# How often viewers' pages ask which product is pinned (seconds).
LIVESTREAM_POLL_SECONDS = env.int("LIVESTREAM_POLL_SECONDS", default=10)

# --- Performance: page cache, conditional GET, static files -------------------------------
# Anonymous catalogue, category, product, seller, story and home pages are kept whole in a
# cache shared by every web process and dropped whenever what they show changes
# (themes.performance). Redis when REDIS_URL is set, else files under var/ (one machine).
# An environment whose CACHES has no "pages" entry (the test settings) caches no pages.
PAGE_CACHE_ALIAS = "pages"
# Signed-in buyers and full baskets get the shared page too, with their own parts
# (header, messages, wish lists, reviews) rendered for them; off: only stateless visitors.
PAGE_CACHE_SHARED = env.bool("PAGE_CACHE_SHARED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
if PAGE_CACHE_SECONDS > 0:
    CACHES["pages"] = (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("PAGE_CACHE_DIR", default=VAR_DIR / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "catalogue:index",
        "catalogue:category",
        "catalogue:detail",
        "sellers:detail",
        "wagtail_serve",
        "search:search",
    }
)
# Pages only their visitor sees, kept for that visitor alone until something they show
# changes (their basket, its products and sellers, offers, their addresses), and served
# with their header and messages made for each request.
PAGE_CACHE_OWN_VIEWS = frozenset({"basket:summary"})
# The only query parameters a stored page's address may have (the catalogue's filters,
# order and page). Any other is rendered every time and never stored: arbitrary addresses
# must not be able to fill the cache.
PAGE_CACHE_QUERY_PARAMS = frozenset(
    {"category", "province", "stars", "price", "kind", "live", "sort", "page"}
)
# A search string ``q`` is the exception, within a budget: a search address is kept from
# its second request, in one of this many places (keeping one drops the page held in its
# place), so at most this many search pages are stored whatever is typed; 0: never kept.
PAGE_CACHE_SEARCH_SLOTS = env.int("PAGE_CACHE_SEARCH_SLOTS", default=2000)
# Static files: production's CompressedManifestStaticFilesStorage fingerprints them, and
# WhiteNoise then serves them with a one-year immutable Cache-Control and the gzip and
# brotli copies collectstatic made. Pages get ETags (themes.performance) and answer
# If-None-Match with 304 (ConditionalGetMiddleware).

# --- Reports -------------------------------------------------------------------------------
# A period stays open (its cached report is recomputed) until this many days after it ends,
# while parcels of its orders may still be delivered, refused or cancelled.
REPORTS_SETTLE_DAYS = env.int("REPORTS_SETTLE_DAYS", default=14)
# An open period's cached report is recomputed when a page asks and it is older than this.
REPORTS_OPEN_MAX_AGE = env.int("REPORTS_OPEN_MAX_AGE", default=600)
# A computation queued or running for longer than this is taken as lost and queued again.
REPORTS_STUCK_SECONDS = env.int("REPORTS_STUCK_SECONDS", default=900)
# The operator's report lists OCOP certificates expiring within this many days.
REPORTS_EXPIRY_WARNING_DAYS = env.int("REPORTS_EXPIRY_WARNING_DAYS", default=90)

# --- Security: headers, rate limits, password lockout -------------------------------------
# (cookies and HSTS for HTTPS are in production.py)


# Content-Security-Policy. Storefront: nothing inline, everything from this site.
_SELF, _NONE = "'self'", "'none'"
SECURITY_CSP = {
    "default-src": [_SELF],
    "script-src": [_SELF],
    "style-src": [_SELF],
    "img-src": [_SELF, "data:", *env.list("CSP_MEDIA_ORIGINS", default=[])],
    "font-src": [_SELF],
    "connect-src": [_SELF],
    "media-src": [_SELF],
    "frame-src": [_NONE],
    "object-src": [_NONE],
    "base-uri": [_SELF],
    "form-action": [_SELF],
    "frame-ancestors": [_NONE],
}
_VIDEO_FRAMES = {
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://www.facebook.com",
        "https://www.tiktok.com",
    ]
}
# Extra sources for single pages, by URL name.
SECURITY_CSP_EXTRA = {
    "payments:card": {
        "script-src": ["https://js.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
    },
    "livestream:detail": _VIDEO_FRAMES,
    "livestream:control": _VIDEO_FRAMES,
    "wagtail_serve": _VIDEO_FRAMES,
}
# Django admin, Wagtail's CMS and Oscar's dashboard rely on inline scripts and styles and
# preview pages in frames of their own: a separate, looser policy, only under these paths.
SECURITY_BACK_OFFICE_PREFIXES = ("/django-admin/", "/cms/", "/dashboard/", "/en/dashboard/")
SECURITY_CSP_BACK_OFFICE = {
    "default-src": [_SELF],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:", "https:"],
    "font-src": [_SELF, "data:"],
    "connect-src": [_SELF],
    "frame-src": [_SELF, *_VIDEO_FRAMES["frame-src"]],
    "object-src": [_NONE],
    "base-uri": [_SELF],
    "form-action": [_SELF],
    "frame-ancestors": [_SELF],
}
# Roll a changed policy out as report-only first, if in doubt.
SECURITY_CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
SECURITY_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    'microphone=(), payment=(self "https://js.stripe.com"), usb=()'
)

# Rate limits per client address (marketplace.security.ratelimit), by URL name or
# "namespace:*". Shared addresses (mobile carriers' NAT) make generous limits wiser.
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: clients connect
# directly). Limits and lockouts count per client address, so this must match the setup.
SECURITY_PROXY_HOPS = env.int("SECURITY_PROXY_HOPS", default=0)
SECURITY_RATE_LIMITS = {
    "search:search": {"rate": env.str("RATE_LIMIT_SEARCH", default="120/m"), "methods": ["GET"]},
    "search:suggest": {"rate": env.str("RATE_LIMIT_SEARCH", default="120/m"), "methods": ["GET"]},
    # A catalogue or category address with a search string runs a search: the same budget
    # as the search page, counted only then (a popular search served from the page cache
    # runs nothing and is not counted, like any cached page).
    "catalogue:index": {
        "rate": env.str("RATE_LIMIT_SEARCH", default="120/m"),
        "methods": ["GET"],
        "param": "q",
        "scope": "search:search",
    },
    "catalogue:category": {
        "rate": env.str("RATE_LIMIT_SEARCH", default="120/m"),
        "methods": ["GET"],
        "param": "q",
        "scope": "search:search",
    },
    "checkout:*": {"rate": env.str("RATE_LIMIT_CHECKOUT", default="30/m"), "methods": ["POST"]},
    "payments:*": {"rate": env.str("RATE_LIMIT_CHECKOUT", default="30/m"), "methods": ["POST"]},
    "operations:*": {"rate": env.str("RATE_LIMIT_CHECKOUT", default="30/m"), "methods": ["POST"]},
    "webhooks:*": {"rate": env.str("RATE_LIMIT_WEBHOOK", default="600/m"), "methods": ["POST"]},
}

# Password sign-in lockout (django-axes): one account from one address, then a pause; and
# one account from all addresses together, with a higher count (guessing spread over many
# addresses). Sign-in by phone code has its own limits (marketplace.users.otp).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Every sign-in form names the field "username" (axes would guess the model's "email").
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "marketplace.security.lockout.username"
AXES_CLIENT_IP_CALLABLE = "marketplace.security.lockout.ip_address"
AXES_LOCKOUT_CALLABLE = "marketplace.security.lockout.locked_out"
AXES_VERBOSE = False

# --- Theme: the "lang" village theme ------------------------------------------------------
# No avatars fetched from gravatar.com in the CMS: nothing leaves the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Operations: faults and backups --------------------------------------------------------
# Seconds a call to Stripe may take before the buyer is offered VietQR or cash on delivery
# instead (the SDK's own default is 80 s, longer than a web worker may wait).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10)
