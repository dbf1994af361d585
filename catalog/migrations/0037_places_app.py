"""Products point at ``places`` (state only: the foreign key already points at this table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0036_fill_traceability_codes"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="product",
                    name="origin_commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.commune",
                        verbose_name="origin commune",
                    ),
                ),
            ],
        ),
    ]
