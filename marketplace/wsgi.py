import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.production")

from marketplace.operations.memory import FreezeWhenWarm  # noqa: E402

# Full garbage collections skip the objects a warm process keeps for life (``memory``).
application = FreezeWhenWarm(get_wsgi_application())

# Serving with demo values (the made-up VietQR account, console SMS…) is refused here, at
# start-up, rather than discovered by a buyer.
from marketplace.operations.guards import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
