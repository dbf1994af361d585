"""The audit log moves here from ``sellers`` (state only: the table keeps its name and rows).
"""

from functools import partial

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
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
        ('places', '0001_initial'),
        ('sellers', '0007_models_moved_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='AuditEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('verb', models.CharField(max_length=64, verbose_name='action')),
                    ('target_type', models.CharField(blank=True, max_length=64)),
                    ('target_id', models.CharField(blank=True, max_length=64)),
                    ('target_repr', models.CharField(blank=True, max_length=255)),
                    ('reason', models.TextField(blank=True, verbose_name='reason')),
                    ('before', models.JSONField(blank=True, default=dict)),
                    ('after', models.JSONField(blank=True, default=dict)),
                    ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                    ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.commune')),
                    ('on_behalf_of', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to='sellers.seller', verbose_name='on behalf of')),
                ],
                options={
                    'verbose_name': 'audit event',
                    'verbose_name_plural': 'audit events',
                    'db_table': 'sellers_auditevent',
                    'ordering': ['-at', '-pk'],
                    'indexes': [models.Index(fields=['on_behalf_of', 'at'], name='sellers_aud_on_beha_fec056_idx'), models.Index(fields=['commune', 'at'], name='sellers_aud_commune_06758f_idx')],
                },
            ),
            ],
        ),
        migrations.RunPython(
            partial(move_content_types, names=['auditevent'], old="sellers", new='audit'),
            partial(move_content_types, names=['auditevent'], old='audit', new="sellers"),
        ),
    ]
