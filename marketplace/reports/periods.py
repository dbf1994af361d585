"""Months and quarters in Vietnam time (Asia/Ho_Chi_Minh), written "2026-03" or "2026-Q1".

An order placed at 23:30 on 31 March in Hà Nội is a March order even though it is
16:30 UTC: every boundary here is midnight in Vietnam, turned into an aware datetime.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_KEY = re.compile(r"^(?P<year>20\d\d)-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4]))$")


class PeriodError(ValueError):
    """A period key that does not name a month or a quarter; ``str()`` is the message."""


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month (``months == 1``) or quarter (``months == 3``) in Vietnam time."""

    year: int
    month: int  # first month of the period
    months: int = 1

    @property
    def is_quarter(self) -> bool:
        return self.months == 3

    @property
    def key(self) -> str:
        if self.is_quarter:
            return f"{self.year}-Q{(self.month - 1) // 3 + 1}"
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        if self.is_quarter:
            return _("Quarter %(q)s/%(year)s") % {
                "q": (self.month - 1) // 3 + 1,
                "year": self.year,
            }
        return _("Month %(month)s/%(year)s") % {"month": self.month, "year": self.year}

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end_day(self) -> datetime.date:
        """The first day after the period."""
        year, month = _from_index(_month_index(self.year, self.month) + self.months)
        return datetime.date(year, month, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.end_day - datetime.timedelta(days=1)

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=VIETNAM)

    @property
    def end(self) -> datetime.datetime:
        """Exclusive: midnight (Vietnam) after the last day."""
        return datetime.datetime.combine(self.end_day, datetime.time.min, tzinfo=VIETNAM)

    def previous(self) -> Period:
        year, month = _from_index(_month_index(self.year, self.month) - self.months)
        return Period(year, month, self.months)

    def months_back(self, count: int = 12) -> list[Period]:
        """The ``count`` months ending with this period's last month, oldest first."""
        last = _month_index(self.year, self.month) + self.months - 1
        return [Period(*_from_index(i)) for i in range(last - count + 1, last + 1)]

    def contains(self, moment: datetime.datetime) -> bool:
        return self.start <= moment < self.end

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Still running (or not begun): its figures can change."""
        return (now or timezone.now()) < self.end


def month_of(moment: datetime.datetime | None = None) -> Period:
    local = (moment or timezone.now()).astimezone(VIETNAM)
    return Period(local.year, local.month)


def quarter_of(moment: datetime.datetime | None = None) -> Period:
    month = month_of(moment)
    return Period(month.year, (month.month - 1) // 3 * 3 + 1, 3)


def parse(key: str | None, default: Period | None = None) -> Period:
    """``"2026-03"`` → March 2026, ``"2026-Q1"`` → first quarter; empty → ``default``."""
    if not key:
        return default or month_of()
    match = _KEY.match(key.strip())
    if match is None:
        raise PeriodError(_("Choose a month like 2026-03 or a quarter like 2026-Q1."))
    year = int(match["year"])
    if match["quarter"]:
        return Period(year, (int(match["quarter"]) - 1) * 3 + 1, 3)
    return Period(year, int(match["month"]))


def choices(now: datetime.datetime | None = None, count: int = 12) -> list[Period]:
    """Recent months and quarters to offer in the period picker, newest first."""
    month = month_of(now)
    quarter = quarter_of(now)
    months = list(reversed(month.months_back(count)))
    quarters = [quarter]
    for _i in range(count // 3):
        quarters.append(quarters[-1].previous())
    return quarters + months
