"""The fake carrier for shipping tests, and helpers to sign its webhooks."""

import pytest

WEBHOOK_SECRET = "carrier-webhook-secret"  # noqa: S105 (tests only)


@pytest.fixture(scope="session")
def carrier_server():
    """A running fake carrier: ``.url``, ``.token``, ``.set_mode()``, ``.shipments()``."""
    from tests.conftest import _start
    from tests.services.carrier import CarrierServer

    server = _start(CarrierServer())
    yield server
    server.stop()


@pytest.fixture
def carrier(carrier_server, settings):
    """Settings pointing at the fake carrier, which starts empty; quotes not cached."""
    from django.core.cache import cache

    carrier_server.reset()
    cache.clear()
    settings.CARRIER_API_URL = carrier_server.url
    settings.CARRIER_API_TOKEN = carrier_server.token
    settings.CARRIER_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.CARRIER_TIMEOUT_SECONDS = 1
    yield carrier_server
    cache.clear()
