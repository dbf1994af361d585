"""PostgreSQL tools for the database search backend; nothing happens on SQLite.

- ``unaccent`` and ``pg_trgm`` extensions (both trusted: the database owner may create
  them without being a superuser).
- A trigram index on the product's folded ``search_text``, so ``LIKE '%word%'`` on it
  does not read the whole table.
- ``cholang_vi``: a text search configuration that drops accents, for Wagtail's
  database search of story pages.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

INDEX = "search_product_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("catalogue", "Product")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cholang_vi') THEN
            CREATE TEXT SEARCH CONFIGURATION cholang_vi (COPY = pg_catalog.simple);
            ALTER TEXT SEARCH CONFIGURATION cholang_vi
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
          END IF;
        END $$;
        """
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cholang_vi")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0034_product_origin_commune_product_search_text_and_more"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
