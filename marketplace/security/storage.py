"""Storage for files that must never be reachable by a plain media URL: applicants' ID
papers and OCOP certificate scans until verified. They live under ``PRIVATE_MEDIA_ROOT``
(outside MEDIA_ROOT, so no web server serves them) and are read only by views that check
who asks."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT`` with no public URL.

    The folder is read from settings on each use (not at import), so tests and backups can
    point it elsewhere.
    """

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """What private file fields name as their storage (a callable keeps it out of
    migrations)."""
    return private_storage
