"""Several web workers starting at once on a fresh media folder all come up.

Oscar links its "no photo" picture into MEDIA_ROOT on first use. Two workers can both
see no link and both create it; the second gets "file exists", which Oscar turns into
ImproperlyConfigured: under load the first pages of a new install answered HTTP 500.
The link is now made at start-up, where losing that race is harmless.
"""

import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from oscar.core.loading import get_class

from marketplace.operations.apps import prepare_missing_image


@pytest.fixture
def lost_race(settings, tmp_path, monkeypatch):
    """The link exists, but this worker looked before the other one made it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    prepare_missing_image()  # the other worker
    link = os.path.join(settings.MEDIA_ROOT, settings.OSCAR_MISSING_IMAGE_URL)
    assert os.path.islink(link)
    exists, islink = os.path.exists, os.path.islink
    monkeypatch.setattr(os.path, "exists", lambda p: False if str(p) == link else exists(p))
    monkeypatch.setattr(os.path, "islink", lambda p: False if str(p) == link else islink(p))
    return link


def test_the_race_is_real_in_oscar(lost_race):
    with pytest.raises(ImproperlyConfigured):
        get_class("catalogue.abstract_models", "MissingProductImage")()


def test_a_worker_that_loses_the_race_still_starts(lost_race):
    prepare_missing_image()
    assert Path(lost_race).is_symlink()  # (os.path.islink is the patched one here)
