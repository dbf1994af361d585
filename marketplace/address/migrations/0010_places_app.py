"""Addresses point at ``places`` (state only: the foreign keys already point at these tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0009_vietnam_country"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="useraddress",
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
                    model_name="useraddress",
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
