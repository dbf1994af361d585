"""Follow a seller, get one reminder per live; calendar file."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from livestream.models import Reminder
from livestream.tasks import send_live_reminders
from marketplace.notifications import sms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_follower_is_reminded_once_by_sms_and_email(client, clock, make_live, seller):
    buyer = UserFactory()
    client.force_login(buyer)
    client.post(reverse("livestream:follow", args=[seller.slug]))
    live = make_live(clock.at + timedelta(minutes=20))
    sms.outbox.clear()
    assert send_live_reminders() == 1
    assert send_live_reminders() == 0
    assert Reminder.objects.get().user == buyer
    assert [m.to for m in sms.outbox] == [buyer.phone] and live.title in sms.outbox[0].text
    assert mail.outbox[-1].to == [buyer.email]


def test_far_lives_are_not_reminded_yet(client, clock, make_live, seller):
    client.force_login(UserFactory())
    client.post(reverse("livestream:follow", args=[seller.slug]))
    make_live(clock.at + timedelta(hours=3))
    assert send_live_reminders() == 0


def test_calendar_file(client, clock, make_live):
    live = make_live(clock.at + timedelta(days=1))
    response = client.get(reverse("livestream:ics", args=[live.pk]))
    body = response.content.decode().replace("\r\n ", "")  # unfolded
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body and live.get_absolute_url() in body


def test_calendar_text_cannot_add_properties_and_long_lines_are_folded(client, clock, make_live):
    live = make_live(
        clock.at + timedelta(days=1),
        title="Chè Shan Tuyết\rATTACH:https://evil.example/x\nX-A:1",
        description="Đồi chè cổ thụ " * 40 + "\r\nORGANIZER:mailto:x@evil.example",
    )
    raw = client.get(reverse("livestream:ics", args=[live.pk])).content
    lines = raw.split(b"\r\n")
    assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")
    names = [line.split(b":")[0].split(b";")[0] for line in lines if line and line[:1] != b" "]
    assert not {b"ATTACH", b"X-A", b"ORGANIZER"} & set(names)
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode().replace("\r\n ", "")
    assert "SUMMARY:" in unfolded and "Chè Shan Tuyết\\nATTACH:https://evil.example/x" in unfolded
