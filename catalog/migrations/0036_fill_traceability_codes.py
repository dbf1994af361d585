import secrets

from django.db import migrations

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def fill_codes(apps, schema_editor):
    Product = apps.get_model("catalogue", "Product")
    for product in Product.objects.filter(traceability_code="").only("pk"):
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        Product.objects.filter(pk=product.pk).update(traceability_code=code)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0035_photos_certificates_codes")]

    operations = [migrations.RunPython(fill_codes, migrations.RunPython.noop)]
