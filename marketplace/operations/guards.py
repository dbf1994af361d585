"""Demo and test settings that must never reach real buyers.

The embedded demo runs on made-up values: a VietQR account nobody owns, messages printed to
the console, Stripe test keys. Each is right on a laptop and a disaster in production (a
buyer's transfer to the demo account is lost). ``settings_problems`` names every such value
by the variable that sets it; production processes refuse to start while any is left
(``refuse_unsafe_production``), and ``manage.py check --deploy`` lists them all at once
together with what only the database knows (``database_problems``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The made-up receiving account of the demo (marketplace/settings/base.py).
DEMO_VIETQR_ACCOUNT = "0000123456789"
DEMO_SECRET_KEY_PREFIX = "insecure-"  # noqa: S105  (a prefix to refuse, not a secret)
# Backends that keep messages on this machine: buyers and sellers would never get them.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
LOCAL_SMS_BACKENDS = {
    "marketplace.notifications.sms.ConsoleBackend",
    "marketplace.notifications.sms.MemoryBackend",
}


@dataclass(frozen=True)
class Problem:
    id: str  # system check id, e.g. "ops.E101"
    variable: str  # what to set
    message: str

    def __str__(self) -> str:
        return f"{self.variable}: {self.message}"


def settings_problems() -> list[Problem]:
    """Every demo or test value in the current settings, each naming its variable."""
    s = settings
    problems = []
    if s.DEBUG:
        problems.append(Problem("ops.E101", "DEBUG", "debug pages would show tracebacks"))
    if s.SECRET_KEY.startswith(DEMO_SECRET_KEY_PREFIX):
        problems.append(Problem("ops.E102", "SECRET_KEY", "the published demo key is in use"))
    if s.VIETQR_ACCOUNT_NUMBER == DEMO_VIETQR_ACCOUNT:
        problems.append(
            Problem(
                "ops.E103",
                "VIETQR_ACCOUNT_NUMBER",
                f"{DEMO_VIETQR_ACCOUNT} is the demo account: buyers' transfers would go to an "
                "account nobody owns. Set the platform's real receiving account "
                "(and VIETQR_BANK_BIN, VIETQR_ACCOUNT_NAME).",
            )
        )
    if s.EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS:
        problems.append(
            Problem(
                "ops.E104",
                "EMAIL_URL",
                f"email goes to {s.EMAIL_BACKEND.rsplit('.', 2)[-2]}, not to people: set "
                "EMAIL_URL (SMTP) or EMAIL_BACKEND",
            )
        )
    if s.SMS_BACKEND in LOCAL_SMS_BACKENDS:
        problems.append(
            Problem(
                "ops.E105",
                "SMS_BACKEND",
                f"sign-in codes and order texts go to {s.SMS_BACKEND}, not to phones: set "
                "SMS_BACKEND=marketplace.notifications.sms.HttpBackend with SMS_HTTP_URL and "
                "SMS_HTTP_TOKEN",
            )
        )
    elif s.SMS_BACKEND == "marketplace.notifications.sms.HttpBackend" and not s.SMS_HTTP_URL:
        problems.append(Problem("ops.E106", "SMS_HTTP_URL", "the SMS gateway has no address"))
    problems += _stripe_problems(s)
    return problems


def _stripe_problems(s) -> list[Problem]:
    # No secret key means card payments are off: allowed (COD and VietQR still work).
    problems = []
    if s.STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_")):
        problems.append(
            Problem("ops.E107", "STRIPE_SECRET_KEY", "a test key takes no real card payment")
        )
    if s.STRIPE_PUBLISHABLE_KEY.startswith("pk_test_"):
        problems.append(Problem("ops.E108", "STRIPE_PUBLISHABLE_KEY", "a test key is set"))
    if s.STRIPE_SECRET_KEY and not s.STRIPE_WEBHOOK_SECRET:
        problems.append(
            Problem(
                "ops.E109",
                "STRIPE_WEBHOOK_SECRET",
                "card payments are on but Stripe's events cannot be verified, so no paid "
                "order would ever be confirmed",
            )
        )
    if s.STRIPE_API_BASE:
        problems.append(
            Problem("ops.E110", "STRIPE_API_BASE", "card payments go to a fake Stripe server")
        )
    return problems


# The demo's published sign-in (README, ``make demo``), known here so that production,
# which does not install the demo, can refuse to keep accounts that still use it.
DEMO_PASSWORD = "cholang-demo-2026"  # noqa: S105 (published on purpose, refused in production)
DEMO_EMAILS = ("admin@cholang.vn", "canbo.vinhtuy@cholang.vn", "nguoimua@cholang.vn")


def database_problems() -> list[Problem]:
    """What the database holds that production must not run with."""
    from marketplace.ledger.models import CommissionRate
    from marketplace.users.models import User

    problems = []
    if not CommissionRate.objects.exists():
        problems.append(
            Problem(
                "ops.E201",
                "commission rates",
                "the commission table is empty: set a rate per seller kind on the operator's "
                "commission page before the first sale",
            )
        )
    for user in User.objects.filter(email__in=DEMO_EMAILS, is_active=True):
        if user.check_password(DEMO_PASSWORD):
            problems.append(
                Problem(
                    "ops.E202",
                    "demo accounts",
                    f"{user.email} still signs in with the published demo password "
                    "(load_demo was run here): deactivate it or change its password",
                )
            )
    return problems


def describe(problems: list[Problem]) -> str:
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return f"Production refuses to start with demo or test settings:\n{lines}"


def refuse_unsafe_production() -> None:
    """Raise, listing every problem, when production settings carry demo values.

    Called where a serving process starts (WSGI, ASGI, Celery worker and beat); build
    steps such as ``collectstatic`` and ``manage.py check`` are left to run.
    """
    if not getattr(settings, "REFUSE_DEMO_SETTINGS", False):
        return
    problems = settings_problems()
    if problems:
        raise ImproperlyConfigured(describe(problems))
