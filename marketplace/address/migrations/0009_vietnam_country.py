"""Make Vietnam a shipping country, listed first: the marketplace ships inside Vietnam."""

from django.db import migrations

VIETNAM = {
    "iso_3166_1_a3": "VNM",
    "iso_3166_1_numeric": "704",
    "printable_name": "Việt Nam",
    "name": "Socialist Republic of Viet Nam",
    "is_shipping_country": True,
    # Oscar lists countries by descending display_order; other rows keep the default 0.
    "display_order": 100,
}


def add_vietnam(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    Country.objects.using(schema_editor.connection.alias).update_or_create(
        iso_3166_1_a2="VN", defaults=VIETNAM
    )


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0008_useraddress_commune_useraddress_province"),
    ]

    operations = [
        # Reverse keeps the row: addresses and orders may already point at it.
        migrations.RunPython(add_vietnam, migrations.RunPython.noop),
    ]
