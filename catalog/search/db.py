"""Accent folding inside SQL, so the database backend can compare names as buyers type them.

PostgreSQL: ``lower(unaccent(x))`` (the extension is created by this app's migration;
unaccent's rules map đ→d too, and lowering after unaccent also works under the C
locale, whose ``lower()`` leaves "Đ" or "Ơ" alone). SQLite: a Python function registered
on every new connection, the same ``marketplace.text.fold`` that fills ``search_text``.
"""

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Case, Func, IntegerField, TextField, Value, When
from django.db.models.lookups import IsNull, LessThan

from marketplace.text import fold

SQLITE_FUNCTION = "cholang_fold"


class Fold(Func):
    """Lowercase, accent-free text: "Đắk Lắk" → "dak lak"."""

    function = SQLITE_FUNCTION
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context
        )


class Band(Func):
    """Which band a number falls in: 0 below ``bounds[0]``, … ``len(bounds)`` from the last.

    PostgreSQL's ``width_bucket`` evaluates the number once; elsewhere a CASE does (there
    the number is repeated per branch, which only matters for subqueries on big tables).
    """

    output_field = IntegerField()

    def __init__(self, expression, bounds):
        self.bounds = [int(bound) for bound in bounds]
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        number = self.source_expressions[0]
        whens = [When(IsNull(number, True), then=Value(None))]
        whens += [
            When(LessThan(number, bound), then=Value(i)) for i, bound in enumerate(self.bounds)
        ]
        case = Case(*whens, default=Value(len(self.bounds)), output_field=IntegerField())
        return compiler.compile(case)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        bounds = ", ".join(str(bound) for bound in self.bounds)  # ints: safe to inline
        return f"width_bucket(({sql})::numeric, ARRAY[{bounds}]::numeric[])", params


def _fold_or_none(value):
    return None if value is None else fold(str(value))


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_none, deterministic=True)


@contextlib.contextmanager
def search_transaction() -> Iterator[None]:
    """One snapshot for a search's queries, with PostgreSQL's JIT compiler off.

    Search queries carry many small expressions (scores, facet counts) over a few
    thousand rows: PostgreSQL's cost model then picks JIT compilation, which was
    measured to spend 3.5 s compiling a facet count that runs in 0.3 s without it.
    ``SET LOCAL`` ends with the transaction.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
