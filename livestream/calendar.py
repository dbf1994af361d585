"""A minimal iCalendar (RFC 5545) file for one live, so buyers can add it to their phone."""

import datetime

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_for(live, request) -> str:
    url = request.build_absolute_uri(live.get_absolute_url())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cho Lang//Livestream//VI",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:live-{live.pk}@{request.get_host()}",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(live.starts_at)}",
        f"DTEND:{_stamp(live.ends_at)}",
        f"SUMMARY:{_escape(f'{live.seller.display_name}: {live.title}')}",
        f"DESCRIPTION:{_escape(live.description[:500])}\\n{_escape(url)}",
        f"URL:{url}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_escape(live.title)}",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
