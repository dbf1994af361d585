"""Fixtures of the role journeys: the commune the factories use, the text messages sent."""

import pytest

from marketplace.notifications import sms


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    """Uploaded photos and identity papers go to this test's folders, never to var/."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
