"""Accent folding inside SQL, so the database backend can compare names as buyers type them.

PostgreSQL: ``lower(unaccent(x))`` (the extension is created by this app's migration;
unaccent's rules map đ→d too, and lowering after unaccent also works under the C
locale, whose ``lower()`` leaves "Đ" or "Ơ" alone). SQLite: a Python function registered
on every new connection, the same ``catalog.text.fold`` that fills ``search_text``.
"""

from django.db.models import Func, TextField

from catalog.text import fold

SQLITE_FUNCTION = "cholang_fold"


class Fold(Func):
    """Lowercase, accent-free text: "Đắk Lắk" → "dak lak"."""

    function = SQLITE_FUNCTION
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context
        )


def _fold_or_none(value):
    return None if value is None else fold(str(value))


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_none, deterministic=True)
