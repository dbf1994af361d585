"""Order addresses point at ``places`` (state only: the foreign keys already point at these tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0023_fulfilment_codrefusal_shippingrule_and_more"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="billingaddress",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="billingaddress",
                    name="province",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.province",
                        verbose_name="province",
                    ),
                ),
                migrations.AlterField(
                    model_name="shippingaddress",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="shippingaddress",
                    name="province",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.province",
                        verbose_name="province",
                    ),
                ),
            ],
        ),
    ]
