"""A minimal iCalendar (RFC 5545) file for one live, so buyers can add it to their phone.

Shop names, titles and descriptions are sellers' text: every line break (CR, LF or both)
becomes the escaped ``\\n``, other control characters are dropped, and every content line
is folded at 75 octets without splitting a UTF-8 character, so no text can start a
property of its own.
"""

import datetime
import re

from django.utils import timezone

LINE_OCTETS = 75
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = re.sub(r"\r\n|\r|\n", r"\\n", text)
    return _CONTROL.sub("", text)


def _fold(line: str) -> str:
    """Content lines longer than 75 octets go on as continuation lines (CRLF + space)."""
    pieces, current, size = [], [], 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


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
        f"UID:live-{live.pk}@{_escape(request.get_host())}",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(live.starts_at)}",
        f"DTEND:{_stamp(live.ends_at)}",
        f"SUMMARY:{_escape(f'{live.seller.display_name}: {live.title}')}",
        f"DESCRIPTION:{_escape(live.description[:500])}\\n{_escape(url)}",
        f"URL:{_CONTROL.sub('', url)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_escape(live.title)}",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
