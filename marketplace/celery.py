"""Celery application. Tasks run inline (eager) unless a broker is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

# Tasks run inline when the broker is unreachable instead of being lost (see ops.queue).
app = Celery("marketplace", task_cls="marketplace.ops.queue:FallbackTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
