"""``manage.py migrate --noinput``, serialised across containers.

Several web containers may start at once (``docker compose up --scale web=3``); a
PostgreSQL advisory lock makes them migrate one after the other, so the later ones find
nothing left to do instead of racing to create the same tables.
"""

import os
import sys
from pathlib import Path

# The same key in every container of the project; released when this process exits.
MIGRATION_LOCK_ID = int.from_bytes(b"cholang", "big")


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.production")

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
    call_command("migrate", interactive=False)


if __name__ == "__main__":
    main()
