"""Cached reports: when to compute, when to recompute, and the computation itself.

A report is cached per area and period in a ``ReportSnapshot``:

- **Open period** (still running, or ended less than ``REPORTS_SETTLE_DAYS`` ago, while
  parcels are still being delivered, refused or cancelled): recomputed when a page asks
  for it and the cached copy is older than ``REPORTS_OPEN_MAX_AGE`` seconds. The page
  shows the older copy meanwhile.
- **Settled period**: computed once more after it settled and then kept for good
  (``final``). Late refunds never change it: a refund counts in the period in which it is
  made, so it lands in the current, open period. A parcel cancelled or refused after the
  settling window (rare: it would be weeks late) is likewise left out of a settled report,
  the way a report already sent to the province stays as it was; the operator can force a
  recomputation from the report page.

Computation runs in a Celery task (inline when no broker is configured), which records its
progress on the row so the page can show it.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ReportSnapshot
from .periods import Period, parse
from .report import area_report
from .selectors import Scope

log = logging.getLogger(__name__)
State = ReportSnapshot.State


def settled(period: Period, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return now >= period.end + datetime.timedelta(days=settings.REPORTS_SETTLE_DAYS)


def _stale(now: datetime.datetime) -> Q:
    """Rows that should be (re)computed now."""
    fresh_until = now - datetime.timedelta(seconds=settings.REPORTS_OPEN_MAX_AGE)
    stuck_since = now - datetime.timedelta(seconds=settings.REPORTS_STUCK_SECONDS)
    return (
        Q(state=State.FAILED)
        | Q(state=State.READY, final=False, computed_at__lt=fresh_until)
        | Q(state__in=[State.QUEUED, State.RUNNING], requested_at__lt=stuck_since)
    )


def request_snapshot(*, scope: Scope, period: Period, force: bool = False) -> ReportSnapshot:
    """The cached report of ``scope`` for ``period``, queueing a computation if needed.

    Safe under concurrent requests: only the request whose update claims a stale row
    queues the task, so a busy page never queues it twice.
    """
    now = timezone.now()
    snapshot, created = ReportSnapshot.objects.get_or_create(
        scope=scope.kind, scope_id=scope.id or 0, period=period.key
    )
    claim = ReportSnapshot.objects.filter(pk=snapshot.pk)
    if not created and not force:
        claim = claim.filter(_stale(now))
    if created or claim.update(state=State.QUEUED, requested_at=now, progress=0, error=""):
        pk = snapshot.pk
        transaction.on_commit(lambda: compute_report.delay(pk))
    snapshot.refresh_from_db()
    return snapshot


def compute(snapshot_id: int) -> None:
    """Compute the report of a snapshot row, recording progress; idempotent."""
    snapshot = ReportSnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return
    rows = ReportSnapshot.objects.filter(pk=snapshot_id)
    started = timezone.now()
    rows.update(state=State.RUNNING, started_at=started, progress=5)
    period = parse(snapshot.period)
    scope = Scope(snapshot.scope, snapshot.scope_id or None)
    try:
        data = area_report(scope, period, progress=lambda p: rows.update(progress=p))
    except Exception as exc:  # kept on the row; the page offers to try again
        log.exception("report %s failed", snapshot)
        rows.update(state=State.FAILED, error=str(exc)[:255])
        return
    rows.update(
        state=State.READY,
        progress=100,
        data=data,
        computed_at=timezone.now(),
        final=settled(period, started),
    )


@shared_task(name="marketplace.reports.tasks.compute_report", acks_late=True)
def compute_report(snapshot_id: int) -> None:
    """Compute one cached report (see ``compute``); safe to run twice."""
    compute(snapshot_id)
