"""Reminders before a live: SMS and email to followers, once per follower per live."""

from contextlib import suppress

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.notifications.sms import SmsError, plain, render_sms, send_sms

from .models import Follow, LiveSession, Reminder
from .services import reminder_window


@shared_task
def send_live_reminders() -> int:
    """Remind followers of lives starting soon; returns how many people were reminded.

    Idempotent: the ``Reminder`` row is written before sending and is unique per live
    and follower, so a rerun (or two workers) never sends twice.
    """
    start, end = reminder_window()
    lives = LiveSession.objects.filter(
        status=LiveSession.Status.SCHEDULED, starts_at__gte=start, starts_at__lte=end
    ).select_related("seller")
    sent = 0
    for live in lives:
        followers = Follow.objects.filter(seller=live.seller).select_related("user")
        for follow in followers.exclude(user__in=Reminder.objects.filter(live=live).values("user")):
            try:
                with transaction.atomic():
                    Reminder.objects.create(live=live, user=follow.user)
            except IntegrityError:
                continue
            _send(live, follow.user)
            sent += 1
    return sent


def _send(live, user) -> None:
    url = settings.SITE_URL.rstrip("/") + live.get_absolute_url()
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with override(language):
        start = timezone.localtime(live.starts_at)
        text = render_sms(
            _("“%(shop)s” goes live at %(time)s: “%(title)s”. Watch and order: %(url)s"),
            {
                "shop": live.seller.display_name,
                "time": start.strftime("%H:%M %d/%m"),
                "title": live.title,
                "url": url,
            },
            limits={"url": 200},
        )
        if user.phone:
            # A failing gateway must not stop the email below; it logs its own errors.
            with suppress(SmsError):
                send_sms(to=str(user.phone), text=text)
        if user.email:
            subject = _("Live soon: %(title)s") % {"title": plain(live.title)}
            send_mail(subject, text, None, [user.email])
