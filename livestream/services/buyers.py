"""Buyers around a live: following a seller, reminders, complaints."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Complaint, Follow, LiveSession


def follow(*, user, seller) -> Follow:
    """Follow a seller to be reminded before its lives."""
    follow_, _created = Follow.objects.get_or_create(user=user, seller=seller)
    return follow_


def unfollow(*, user, seller) -> None:
    Follow.objects.filter(user=user, seller=seller).delete()


def file_complaint(*, live: LiveSession, user, contact: str, text: str) -> Complaint:
    """Record a buyer's complaint about a live for the operator."""
    return Complaint.objects.create(
        live=live, user=user if user and user.is_authenticated else None, contact=contact, text=text
    )


def reminder_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now, now + timedelta(minutes=settings.LIVESTREAM_REMINDER_MINUTES)
