"""Report snapshots move here from ``sellers`` (state only: the table keeps its name and rows).
"""

from functools import partial

import django.utils.timezone
from django.db import migrations, models


def move_content_types(apps, schema_editor, *, names, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in names:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('sellers', '0006_helper_teams'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ReportSnapshot',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('scope', models.CharField(choices=[('commune', 'Commune'), ('province', 'Province'), ('all', 'Whole marketplace')], max_length=16)),
                    ('scope_id', models.PositiveIntegerField(default=0)),
                    ('period', models.CharField(max_length=8)),
                    ('state', models.CharField(choices=[('queued', 'Waiting to be computed'), ('running', 'Being computed'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=8)),
                    ('progress', models.PositiveSmallIntegerField(default=0)),
                    ('data', models.JSONField(blank=True, default=dict)),
                    ('error', models.CharField(blank=True, max_length=255)),
                    ('final', models.BooleanField(default=False)),
                    ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('started_at', models.DateTimeField(blank=True, null=True)),
                    ('computed_at', models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    'verbose_name': 'report snapshot',
                    'verbose_name_plural': 'report snapshots',
                    'db_table': 'sellers_reportsnapshot',
                    'constraints': [models.UniqueConstraint(fields=('scope', 'scope_id', 'period'), name='one_report_per_scope_period')],
                },
            ),
            ],
        ),
        migrations.RunPython(
            partial(move_content_types, names=['reportsnapshot'], old="sellers", new='reports'),
            partial(move_content_types, names=['reportsnapshot'], old='reports', new="sellers"),
        ),
    ]
