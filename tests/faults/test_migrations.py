"""Every migration of the project's own apps can be unapplied, or says why it cannot.

Django reverses schema operations by itself; ``RunPython`` needs ``reverse_code`` and
``RunSQL`` needs ``reverse_sql``. An operation that truly cannot be undone must be listed
below with the reason, so a rollback plan never meets a surprise.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# (app label, migration name, operation index) → why it may not be reversed.
IRREVERSIBLE = {}


def project_operations():
    root = Path(settings.BASE_DIR).resolve()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (label, name), migration in sorted(loader.disk_migrations.items()):
        path = Path(apps.get_app_config(label).path).resolve()
        if root not in path.parents or ".venv" in path.parts:
            continue  # third-party apps: reversibility is their maintainers' promise
        for index, operation in enumerate(migration.operations):
            yield (label, name, index), operation


def describe(operation) -> str:
    code = getattr(operation, "code", None)
    return f"{type(operation).__name__} {getattr(code, '__name__', '')}".strip()


def test_every_project_migration_operation_is_reversible_or_explained():
    operations = list(project_operations())
    assert len(operations) > 50  # the project's apps and forks were found
    blocked = {
        key: describe(op) for key, op in operations if not op.reversible and key not in IRREVERSIBLE
    }
    assert blocked == {}, "add reverse_code/reverse_sql, or explain in IRREVERSIBLE"


def test_the_allow_list_names_real_irreversible_operations_with_reasons():
    operations = dict(project_operations())
    for key, reason in IRREVERSIBLE.items():
        assert key in operations and not operations[key].reversible, key
        assert len(reason) > 20, key
