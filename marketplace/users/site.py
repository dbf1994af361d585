"""The one Site row Oscar's e-mails read (``site.domain``) follows ``SITE_URL``.

Oscar builds every link in its e-mails (password reset, registration, orders) from the
``django.contrib.sites`` row, which Django creates as ``example.com``. The row is brought
in line with ``SITE_URL`` after every ``migrate`` (deployments and ``make demo`` run it).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site


def sync_site_with_settings(**kwargs) -> None:
    domain = urlsplit(settings.SITE_URL).netloc
    if not domain:
        return
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.OSCAR_SHOP_NAME}
    )
    Site.objects.clear_cache()
