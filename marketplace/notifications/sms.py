"""SMS gateway: one small interface, the backend chosen by ``settings.SMS_BACKEND``.

- ``ConsoleBackend`` (embedded default) logs each message.
- ``MemoryBackend`` keeps messages in ``outbox`` (tests).
- ``HttpBackend`` POSTs JSON ``{"to": "+84…", "text": "…"}`` to ``SMS_HTTP_URL`` with a
  bearer ``SMS_HTTP_TOKEN``; any HTTP provider can sit behind a tiny adapter.
"""

import json
import logging
import re
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message could not be handed to the provider."""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


outbox: list[Sms] = []

# Rendering. Messages are translated texts with ``%(name)s`` placeholders, filled by
# ``render_sms`` only: never ``str.format`` (a name holding ``{0}`` would break it). Text
# people typed (shop names, titles, reasons) becomes one plain line of limited length,
# without line breaks or control characters, so it cannot pose as a separate platform
# message; the whole message is capped too.
VALUE_LIMIT = 60
LONG_VALUE_LIMIT = 160  # reasons staff write for a decision
MESSAGE_LIMIT = 480
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain(value, limit: int = VALUE_LIMIT) -> str:
    """One line of plain text, at most ``limit`` characters (cut with an ellipsis)."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_sms(message: str, values: dict, *, limits: dict | None = None) -> str:
    """``message`` with every value made plain and capped; the result is capped too."""
    limits = limits or {}
    cleaned = {key: plain(value, limits.get(key, VALUE_LIMIT)) for key, value in values.items()}
    text = " ".join((message % cleaned).split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


class ConsoleBackend:
    def send(self, message: Sms) -> None:
        logger.info("SMS to %s: %s", message.to, message.text)


class MemoryBackend:
    def send(self, message: Sms) -> None:
        outbox.append(message)


class HttpBackend:
    timeout_seconds = 10

    def send(self, message: Sms) -> None:
        body = json.dumps({"to": message.to, "text": message.text}).encode()
        request = urllib.request.Request(  # noqa: S310 (URL comes from settings)
            settings.SMS_HTTP_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                if response.status >= 300:
                    raise SmsError(f"SMS provider answered {response.status}")
        except OSError as exc:
            raise SmsError(str(exc)) from exc


def send_sms(*, to: str, text: str) -> None:
    """Send ``text`` to the E.164 number ``to`` through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(Sms(to=to, text=text))
