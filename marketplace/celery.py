"""Celery application. Tasks run inline (eager) unless a broker is configured."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

# Tasks run inline when the broker is unreachable instead of being lost (see ops.queue).
app = Celery("marketplace", task_cls="marketplace.taskqueue:FallbackTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_demo_settings(**kwargs):
    """A worker or beat with demo values would text codes to the console, for one.

    Celery logs and swallows a receiver's exceptions; only SystemExit stops the start.
    """
    from django.core.exceptions import ImproperlyConfigured

    from marketplace.operations.guards import refuse_unsafe_production

    try:
        refuse_unsafe_production()
    except ImproperlyConfigured as exc:
        raise SystemExit(str(exc)) from exc


@signals.task_prerun.connect
@signals.task_postrun.connect
def _keep_database_connections(sender=None, **kwargs):
    """Around a task in a worker, what Django does around a web request: a connection is
    reused until ``CONN_MAX_AGE``, checked before its next use, and dropped after an error.

    (Celery's own closing is switched off by ``CELERY_DB_REUSE_MAX``.) Tasks run inline
    belong to the request or test that ran them, which manages its connection.
    """
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
