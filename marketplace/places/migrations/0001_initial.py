"""Provinces, communes and the dataset version move here from ``sellers``.

Only Django's model state moves: the tables keep their names (``db_table``) and their rows,
and the content types follow so permissions and admin history stay attached.
"""

from functools import partial

import django.db.models.deletion
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
                name='AdminUnitDataset',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('version', models.CharField(max_length=32, unique=True, verbose_name='version')),
                    ('source', models.CharField(max_length=255, verbose_name='source')),
                    ('effective_date', models.DateField(verbose_name='effective from')),
                    ('province_count', models.PositiveIntegerField(default=0)),
                    ('commune_count', models.PositiveIntegerField(default=0)),
                    ('loaded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ],
                options={
                    'verbose_name': 'administrative units dataset',
                    'db_table': 'sellers_adminunitdataset',
                    'ordering': ['-loaded_at'],
                },
            ),
            migrations.CreateModel(
                name='Province',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                    ('name', models.CharField(max_length=64, verbose_name='name')),
                    ('kind', models.CharField(choices=[('tinh', 'Province'), ('thanh_pho', 'Centrally governed city')], max_length=16, verbose_name='kind')),
                    ('slug', models.SlugField(max_length=64, unique=True)),
                    ('dataset_version', models.CharField(max_length=32)),
                ],
                options={
                    'verbose_name': 'province',
                    'verbose_name_plural': 'provinces',
                    'db_table': 'sellers_province',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='Commune',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                    ('name', models.CharField(max_length=64, verbose_name='name')),
                    ('kind', models.CharField(choices=[('xa', 'Commune'), ('phuong', 'Ward'), ('dac_khu', 'Special zone')], max_length=16, verbose_name='kind')),
                    ('search_name', models.CharField(db_index=True, max_length=64)),
                    ('dataset_version', models.CharField(max_length=32)),
                    ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='places.province', verbose_name='province')),
                ],
                options={
                    'verbose_name': 'commune',
                    'verbose_name_plural': 'communes',
                    'db_table': 'sellers_commune',
                    'ordering': ['province__name', 'name'],
                    'indexes': [models.Index(fields=['province', 'name'], name='sellers_com_provinc_7ef68f_idx')],
                },
            ),
            ],
        ),
        migrations.RunPython(
            partial(move_content_types, names=['adminunitdataset', 'province', 'commune'], old="sellers", new='places'),
            partial(move_content_types, names=['adminunitdataset', 'province', 'commune'], old='places', new="sellers"),
        ),
    ]
