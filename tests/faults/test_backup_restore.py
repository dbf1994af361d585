"""``manage.py backup`` then ``manage.py restore`` into a fresh PostgreSQL database.

pg_dump and pg_restore are separate processes: they see only committed data, so these
tests commit (transactional, with the migrated data restored afterwards).
"""

import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from oscar.core.loading import get_model

from marketplace.operations import backup as ops_backup
from tests.checkout.helpers import basket_with, place
from tests.factories import sellable_product

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def url_for(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


def pg_connect(name: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=name, host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"]
    )


@pytest.fixture
def fresh_database_name():
    name = f"restore_{uuid.uuid4().hex[:10]}"
    yield name
    with pg_connect("postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site_files(settings, tmp_path):
    """A product photo in MEDIA_ROOT and an ID scan in PRIVATE_MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    photo = Path(settings.MEDIA_ROOT) / "images" / "products" / "che-shan-tuyet.jpg"
    scan = Path(settings.PRIVATE_MEDIA_ROOT) / "sellers" / "cccd-mat-truoc.jpg"
    for path, data in ((photo, b"\xff\xd8photo"), (scan, b"\xff\xd8scan")):
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    return photo, scan


def restored_count(name: str, model) -> int:
    with pg_connect(name) as conn:
        table = model._meta.db_table
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608


def test_backup_restores_into_a_fresh_database_with_the_same_counts_and_files(
    site_files, fresh_database_name, tmp_path, capsys
):
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    place(basket_with(tea, sellable_product(), quantity=2))
    call_command("backup", output_dir=str(tmp_path / "backups"))
    folder = Path(capsys.readouterr().out.strip().splitlines()[-1])
    photo, scan = site_files
    manifest = ops_backup.read_manifest(folder)
    assert manifest["rows"]["catalogue.Product"] == Product.objects.count() >= 2
    assert manifest["rows"]["order.Order"] == 1
    assert manifest["files"] == {"media.tar.gz": 1, "private.tar.gz": 1}

    # A new install links Oscar's "no photo" picture into its media folder at start-up.
    (tmp_path / "restored-media").mkdir()
    (tmp_path / "restored-media" / "image_not_found.jpg").symlink_to(photo)
    call_command(
        "restore",
        str(folder),
        database_url=url_for(fresh_database_name),
        create_database=True,
        media_root=str(tmp_path / "restored-media"),
        private_root=str(tmp_path / "restored-private"),
    )
    assert "counts match" in capsys.readouterr().out
    for model in (Product, Order, StockRecord):
        assert restored_count(fresh_database_name, model) == model.objects.count()
    with pg_connect(fresh_database_name) as conn:
        titles = [r[0] for r in conn.execute('SELECT title FROM "catalogue_product"')]
        allocated = conn.execute(
            'SELECT num_allocated FROM "partner_stockrecord" WHERE product_id = %s', [tea.pk]
        ).fetchone()[0]
    assert "Chè Shan Tuyết Tân Lập" in titles and allocated == 2
    restored = tmp_path / "restored-media" / photo.relative_to(photo.parents[2])
    assert restored.read_bytes() == photo.read_bytes()
    assert (tmp_path / "restored-private" / "sellers" / scan.name).read_bytes() == b"\xff\xd8scan"


def test_restore_refuses_a_database_in_use_and_a_damaged_backup(
    site_files, tmp_path, capsys, settings
):
    sellable_product()
    call_command("backup", output_dir=str(tmp_path / "backups"))
    folder = Path(capsys.readouterr().out.strip().splitlines()[-1])
    empty = {"media_root": str(tmp_path / "m"), "private_root": str(tmp_path / "p")}
    # The site's own database already has tables: nothing is overwritten.
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore", str(folder), **empty)
    with pytest.raises(CommandError, match="already holds files"):
        call_command("restore", str(folder), media_root=settings.MEDIA_ROOT)
    dump = folder / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), **empty)
    assert Product.objects.count() == 1
