"""What every live-selling service shares: the domain error, the details of a live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from ..models import LiveSession


class LiveError(Exception):
    """A live-selling action refused, with a message for the user."""


@dataclass(frozen=True)
class LiveDetails:
    title: str
    description: str
    platform: str
    stream_url: str
    starts_at: datetime
    ends_at: datetime
    replay_url: str = ""
    cover: object = None


Status = LiveSession.Status


def check_selling(seller) -> None:
    # A suspended shop keeps its back office but must not sell, live included.
    if not seller.is_selling:
        raise LiveError(_("Your shop cannot sell right now, so it cannot go live."))
