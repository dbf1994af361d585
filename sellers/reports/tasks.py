"""Background computation of area reports."""

from celery import shared_task

from . import snapshots


@shared_task(acks_late=True)
def compute_report(snapshot_id: int) -> None:
    """Compute one cached report (see ``snapshots``); safe to run twice."""
    snapshots.compute(snapshot_id)
