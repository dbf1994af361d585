"""Every migration of the project's own apps can be unapplied, or says why it cannot.

Django reverses schema operations by itself; ``RunPython`` needs ``reverse_code`` and
``RunSQL`` needs ``reverse_sql``. An operation that truly cannot be undone must be listed
below with the reason, so a rollback plan never meets a surprise. The newest migration of
each project app is also unapplied and applied again on the test database (PostgreSQL
runs the DDL inside the test's transaction, so the round trip leaves nothing behind).
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# (app label, migration name, operation index) → why it may not be reversed.
IRREVERSIBLE: dict[tuple[str, str, int], str] = {}


def project_operations(loader=None):
    root = Path(settings.BASE_DIR).resolve()
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    for (label, name), migration in sorted(loader.disk_migrations.items()):
        path = Path(apps.get_app_config(label).path).resolve()
        if root not in path.parents or ".venv" in path.parts:
            continue  # third-party apps: reversibility is their maintainers' promise
        for index, operation in enumerate(migration.operations):
            yield (label, name, index), operation


def describe(operation) -> str:
    code = getattr(operation, "code", None)
    return f"{type(operation).__name__} {getattr(code, '__name__', '')}".strip()


def blocked(operations, allowed=IRREVERSIBLE) -> dict:
    """Operations without a way back that the allow-list does not explain."""
    return {key: describe(op) for key, op in operations if not op.reversible and key not in allowed}


def test_every_project_migration_operation_is_reversible_or_explained():
    operations = list(project_operations())
    labels = {label for (label, _name, _index), _op in operations}
    # The project's apps and Oscar forks were all found (not an empty loop).
    assert {"sellers", "catalogue", "order", "ledger", "payments", "livestream"} <= labels
    assert len(operations) > 50
    assert blocked(operations) == {}, "add reverse_code/reverse_sql, or explain in IRREVERSIBLE"


def _forward(apps, schema_editor):
    pass


def test_the_check_catches_an_operation_without_a_way_back_and_honours_the_allow_list():
    one_way = migrations.RunPython(_forward)
    two_way = migrations.RunPython(_forward, reverse_code=migrations.RunPython.noop)
    sql = migrations.RunSQL("UPDATE x SET y = 1")
    operations = [(("sellers", "9999_x", 0), one_way), (("sellers", "9999_x", 1), two_way)]
    operations.append((("sellers", "9999_x", 2), sql))
    assert blocked(operations) == {
        ("sellers", "9999_x", 0): "RunPython _forward",
        ("sellers", "9999_x", 2): "RunSQL",
    }
    reason = {("sellers", "9999_x", 0): "drops a column whose values cannot be rebuilt"}
    assert set(blocked(operations, allowed=reason)) == {("sellers", "9999_x", 2)}


def test_the_allow_list_names_real_irreversible_operations_with_reasons():
    operations = dict(project_operations())
    stale = [key for key in IRREVERSIBLE if key not in operations or operations[key].reversible]
    assert stale == [], "listed as irreversible but missing or reversible"
    assert [key for key, reason in IRREVERSIBLE.items() if len(reason) < 20] == []


@pytest.mark.django_db
def test_newest_migration_of_each_project_app_unapplies_and_applies_again():
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL's transactional DDL: run through `python -m tests.testbed`")
    executor = MigrationExecutor(connection)
    labels = {label for (label, _name, _index), _op in project_operations(executor.loader)}
    leaves = sorted(node for node in executor.loader.graph.leaf_nodes() if node[0] in labels)
    assert {label for label, _name in leaves} == labels
    for leaf in leaves:
        parents = [p for p in executor.loader.graph.node_map[leaf].parents if p[0] == leaf[0]]
        target = parents[0] if parents else (leaf[0], None)
        MigrationExecutor(connection).migrate([target])
        assert leaf not in MigrationExecutor(connection).loader.applied_migrations, leaf
        # Back to the newest state of every app: unapplying a migration also unapplies
        # the migrations of other apps that depend on it, and each step starts whole.
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
        assert leaf in MigrationExecutor(connection).loader.applied_migrations, leaf
