"""A task worker keeps its database connection from one task to the next, as a web process
keeps it from one request to the next, and drops one that aged or broke."""

import time

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from marketplace.celery import app

# Outside a test transaction: the worker's connection is in autocommit, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TASK = "catalog.search.tasks.replay_pending_index"


def run_as_worker(fixup, task) -> None:
    """The hooks a worker runs around one task, with the task's own queries between."""
    fixup.on_task_prerun(sender=task)
    signals.task_prerun.send(sender=task, task_id="t", task=task)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    fixup.on_task_postrun(sender=task)
    signals.task_postrun.send(sender=task, task_id="t", task=task)


@pytest.fixture
def worker():
    task = app.tasks[TASK]
    assert not task.request.is_eager
    return DjangoWorkerFixup(app), task


def test_tasks_in_a_worker_reuse_one_database_connection(worker):
    connection.ensure_connection()
    first = connection.connection
    for _ in range(3):
        run_as_worker(*worker)
    assert connection.connection is first


def test_a_connection_past_its_age_is_replaced_at_the_next_task(worker):
    connection.ensure_connection()
    first = connection.connection
    connection.close_at = time.monotonic() - 1  # older than CONN_MAX_AGE
    run_as_worker(*worker)  # closed before the task, which opens a new one
    second = connection.connection
    assert second is not None and second is not first
    run_as_worker(*worker)
    assert connection.connection is second
