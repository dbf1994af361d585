"""Load the 34 provinces/cities and 3,321 communes in force since 1 July 2025.

Every installation gets the administrative units on ``migrate``. The loader matches rows
by code, so running it again (``manage.py load_admin_units``) only updates.
"""

from django.db import migrations


def load(apps, schema_editor):
    from marketplace.places.admin_units import load_admin_units

    load_admin_units(apps=apps, using=schema_editor.connection.alias, label="sellers")


class Migration(migrations.Migration):
    dependencies = [
        # 0002_initial adds Commune.province, which the loader fills.
        ("sellers", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
