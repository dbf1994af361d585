"""Queueing Celery tasks when the broker may be down.

Every ``task.delay()`` in the project goes through ``FallbackTask.apply_async`` (it is
the Celery app's task class). Tasks are queued after the database commit, so when Redis
is unreachable the data they act on is already safe: rather than lose the task, or turn
a committed order into an error page, the task runs inline in the current process. The
project's tasks read the current state of the database when they run, so a task run in
the web process does what a worker would have done (only the page takes a little longer).

After a failed attempt the broker is not tried again for ``BROKER_DOWN_COOLDOWN_SECONDS``,
so a page that queues several tasks waits for the broker's connection timeout once. Runs
meant for later (``countdown``, ``eta``, a task's own retry) are never pulled forward:
their caller gets the broker's error, as before.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_DOWN_COOLDOWN_SECONDS = 30.0

_lock = threading.Lock()
_broker_down_until = 0.0


def broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def mark_broker_down() -> None:
    global _broker_down_until
    with _lock:
        _broker_down_until = time.monotonic() + BROKER_DOWN_COOLDOWN_SECONDS


def reset_broker_state() -> None:
    """Forget an earlier failure: the next task tries the broker again."""
    global _broker_down_until
    with _lock:
        _broker_down_until = 0.0


class FallbackTask(Task):
    """A task that runs inline when it cannot be handed to the broker."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None,
                    link_error=None, shadow=None, **options):  # fmt: skip
        # A run meant for later (a countdown, a retry) must not happen now, nor loop.
        may_run_now = not any(options.get(key) for key in ("countdown", "eta", "retries"))
        if self.app.conf.task_always_eager or not (may_run_now and broker_marked_down()):
            try:
                return super().apply_async(
                    args, kwargs, task_id, producer, link, link_error, shadow, **options
                )
            except OperationalError as exc:
                mark_broker_down()
                if not may_run_now:
                    raise
                logger.warning("task broker unreachable (%s): running %s inline", exc, self.name)
        return self.run_inline(args, kwargs, task_id=task_id)

    def run_inline(self, args=None, kwargs=None, task_id=None):
        """Run now, in this process; a failure is logged, never raised to the caller."""
        result = self.apply(args, kwargs, task_id=task_id, throw=False)
        if result.failed():
            logger.error(
                "task %s failed while run inline: %r\n%s",
                self.name,
                result.result,
                result.traceback,
            )
        return result
