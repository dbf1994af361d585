"""Site offers: "none running" known without a query until the offers or the clock change.

Oscar's applicator reads the site's offers on every load of a basket (the basket page,
adding to it, each checkout step), though most of the time no site-wide offer runs: a
live's prices run only during the live. The answer "none" is kept in this process under
the versions of the offers (``offers``: an offer, condition, benefit, range or voucher
written) and of the clock (an offer's window moved), and only until the next moment the
clock changes what is running (``versions.next_change``: an offer's start). When offers
run, or the page cache cannot say the versions, they are read as Oscar reads them.
"""

from __future__ import annotations

import threading

from django.utils import timezone
from oscar.core.loading import get_class

from themes.performance import versions

OscarApplicator = get_class("offer.applicator", "Applicator")

# (offers token, clock token) → until when (epoch seconds) no site offer runs.
_none_until: dict[tuple[str, str], float] = {}
_lock = threading.Lock()
TAGS = ("offers", versions.CLOCK)


def _versions_now() -> tuple[str, str] | None:
    found = versions.tokens(TAGS)
    return None if found is None else (found["offers"], found[versions.CLOCK])


class Applicator(OscarApplicator):
    def get_site_offers(self):
        key = _versions_now()
        if key is not None:
            with _lock:
                until = _none_until.get(key)
            if until is not None and timezone.now().timestamp() < until:
                return []
        offers = list(super().get_site_offers())
        if key is not None and not offers:
            until = versions.next_change(key[1])
            with _lock:
                if len(_none_until) > 32:  # older versions are never asked for again
                    _none_until.clear()
                _none_until[key] = until
        return offers
