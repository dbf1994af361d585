"""A piece of markup that is the same for everyone, kept across requests and visitors.

Some pages that are never kept whole (checkout steps: they show the visitor's basket)
still hold a part that does not depend on the visitor at all, such as the blank delivery
address form. ``kept(...)`` keeps such a part in the page cache under the versions of what
it shows (``tags``, and ``all``), the site's templates, the language and whatever else
describes it (``describe``), and renders it again only when one of those changed.

When the page cache is off or does not answer, the part is rendered every time. A part
rendered while a thing it shows changed is not kept (it may show the old row under the
new version).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.translation import get_language

from . import versions
from .visitors import templates_digest

KEY_PREFIX = "pagecache:fragment:"
# A safety net only: a change to what the part shows replaces its key at once.
SECONDS = 3600


def fragment_key(name: str, describe, now: dict[str, str]) -> str:
    raw = json.dumps(
        [templates_digest(), get_language(), name, describe, sorted(now.items())],
        sort_keys=True,
        default=str,
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def kept(name: str, render: Callable[[], str], *, tags: Iterable[str] = (), describe=None) -> str:
    """``render()``'s markup, from the cache while nothing it shows has changed.

    ``describe`` is any JSON-able value that changes whenever the markup would (a form's
    fields and labels, for instance); ``tags`` are the versions of the rows it shows.
    """
    cache = versions.page_cache()
    if cache is None or settings.DEBUG:
        return render()
    started = time.time()
    now = versions.tokens([versions.ALL, *tags])
    if now is None:
        return render()
    key = fragment_key(name, describe, now)
    try:
        found = cache.get(key)
    except Exception:  # an entry that does not decode: render it again
        found = None
    if isinstance(found, str):
        return found
    html = render()
    if all(versions.made_at(token) < started for token in now.values()):
        with contextlib.suppress(Exception):  # rendered again next time
            cache.set(key, html, timeout=SECONDS)
    return html
