"""Periodic payment jobs (Celery beat runs them; each is safe to run twice)."""

from celery import shared_task


@shared_task
def expire_unpaid_vietqr_orders() -> int:
    from .services import expire_unpaid_vietqr

    return expire_unpaid_vietqr()
