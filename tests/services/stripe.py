"""localstripe: a stateful fake of the Stripe API, run as a separate process.

Point the SDK at it with ``StripeClient(key, base_addresses={"api": url})``. It accepts
any ``sk_test_`` key. It knows PaymentIntents, test cards and signed webhooks; not
Checkout Sessions or idempotency keys.
"""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

from tests.services.base import ManagedProcess, http_answers, no_proxy_opener

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEST_SECRET_KEY = "sk_test_cholang_local"  # noqa: S105 (only the fake accepts it)
TEST_PUBLISHABLE_KEY = "pk_test_cholang_local"


class StripeServer(ManagedProcess):
    name = "stripe"
    startup_timeout = 20.0
    secret_key = TEST_SECRET_KEY
    publishable_key = TEST_PUBLISHABLE_KEY

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-m", "tests.services.localstripe_main", "--port", str(port)]

    def cwd(self) -> str:
        return str(PROJECT_ROOT)

    def is_ready(self) -> bool:
        return http_answers(self.url + "/js.stripe.com/v3/")

    def reset(self) -> None:
        """Forget every object created so far."""
        request = urllib.request.Request(self.url + "/_config/data", method="DELETE")
        with no_proxy_opener.open(request, timeout=5):
            pass
