"""Provinces, communes, the audit log and report snapshots now live in their own apps.

State only: every table stays where it is, with its rows.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0010_places_app"),
        ("catalogue", "0037_places_app"),
        ("order", "0024_places_app"),
        ("places", "0001_initial"),
        ("sellers", "0006_helper_teams"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="AdminUnitDataset",
                ),
                migrations.RemoveField(
                    model_name="auditevent",
                    name="actor",
                ),
                migrations.RemoveField(
                    model_name="auditevent",
                    name="commune",
                ),
                migrations.RemoveField(
                    model_name="auditevent",
                    name="on_behalf_of",
                ),
                migrations.RemoveField(
                    model_name="commune",
                    name="province",
                ),
                migrations.AlterField(
                    model_name="helpermembership",
                    name="commune",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="helper_memberships",
                        to="places.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="seller",
                    name="commune",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sellers",
                        to="places.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="communestaff",
                    name="commune",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="places.commune",
                    ),
                ),
                migrations.DeleteModel(
                    name="ReportSnapshot",
                ),
                migrations.DeleteModel(
                    name="AuditEvent",
                ),
                migrations.DeleteModel(
                    name="Province",
                ),
                migrations.DeleteModel(
                    name="Commune",
                ),
            ],
        ),
    ]
