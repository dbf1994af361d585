"""Garbage collection in a serving process: the warm objects set aside once.

A serving process holds a few hundred thousand objects that live as long as it does:
modules, URL patterns, compiled templates, translations, Oscar's loaded classes. Python's
full collection walks every one of them, and while it does, every thread of the process
waits (200–400 ms per full collection on this site, several a minute under load: a
pause every visitor of that process feels). Once the process is warm (its first
``WARM_UP_REQUESTS`` requests have compiled the templates and filled the caches), one
collection clears the garbage and ``gc.freeze()`` moves what is left out of the
collector's sight; later full collections walk only what was made since.

What is frozen is never freed, even if it becomes garbage later: a one-time amount, about
what the process held when warm, and gone when the server recycles the process.
"""

from __future__ import annotations

import gc
import itertools
import threading

WARM_UP_REQUESTS = 300


class FreezeWhenWarm:
    """A WSGI application that runs ``app`` and freezes the warm objects once, after
    ``after`` requests of this process."""

    def __init__(self, app, after: int = WARM_UP_REQUESTS) -> None:
        self.app = app
        self.after = after
        self._served = itertools.count(1)
        self._lock = threading.Lock()
        self.frozen = False

    def __call__(self, environ, start_response):
        if not self.frozen and next(self._served) >= self.after:
            self.freeze()
        return self.app(environ, start_response)

    def freeze(self) -> None:
        with self._lock:
            if self.frozen:
                return
            gc.collect()
            gc.freeze()
            self.frozen = True
