import logging
import os

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from oscar.core.loading import get_class


class OperationsConfig(AppConfig):
    name = "marketplace.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)

        prepare_missing_image()


def prepare_missing_image() -> None:
    """Link Oscar's "no photo" picture into MEDIA_ROOT once, at start-up.

    Oscar creates the link on first use; on a fresh media folder several web workers
    then race to create it and the losers answer HTTP 500. Created here, each worker
    finds it in place; a worker that loses this race at start-up finds it made. A media
    folder that cannot be written is reported, not fatal: Oscar tries again on first use.
    """
    if not settings.MEDIA_ROOT:
        return
    MissingProductImage = get_class("catalogue.abstract_models", "MissingProductImage")
    try:
        MissingProductImage()
    except ImproperlyConfigured:
        path = os.path.join(settings.MEDIA_ROOT, settings.OSCAR_MISSING_IMAGE_URL)
        if not os.path.lexists(path):
            logging.getLogger(__name__).warning("could not link the missing image at %s", path)
