"""A small request rate limiter on the shared cache (Redis in production).

Fixed windows: ``"30/m"`` allows 30 requests per client per minute. Used two ways:

- by URL name, for views owned by other apps or by Oscar: ``SECURITY_RATE_LIMITS`` maps
  a URL name (``"search:search"``) or a whole namespace (``"checkout:*"``) to a rate and
  the methods it counts (optionally: only requests carrying a ``param``, counted in
  another rule's ``scope``); ``RateLimitMiddleware`` applies it;
- as a decorator on our own views: ``@rate_limit("complaints", "5/h")``.

An exceeded limit answers 429 with a friendly translated page and ``Retry-After``. When
the cache is unreachable the request goes through: a limiter must never take the site
down with it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_FORMAT = re.compile(r"^(\d+)/(\d*)([smhd])$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"30/m"``, ``"5/h"``, ``"100/10s"`` → Rate."""
        found = RATE_FORMAT.match(text.strip())
        if found is None:
            raise ValueError(f"Rate {text!r} is not like '30/m' or '100/10s'.")
        count, multiple, unit = found.groups()
        return cls(count=int(count), seconds=int(multiple or 1) * UNITS[unit])


def client_ip(request) -> str:
    """The client's address.

    Behind ``SECURITY_PROXY_HOPS`` reverse proxies, REMOTE_ADDR is the nearest proxy's; the
    client is then the entry that many places from the right of X-Forwarded-For (entries
    further left are whatever the client sent, so they are never trusted).
    """
    hops = getattr(settings, "SECURITY_PROXY_HOPS", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, identity: str, rate: Rate, now: float | None = None) -> int | None:
    """Count one request; return seconds to wait when over the limit, else None."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"rl:{scope}:{identity}:{window}"
    try:
        count = 1 if cache.add(key, 1, timeout=rate.seconds + 1) else cache.incr(key)
    except ValueError:  # expired between add and incr
        return None
    except Exception:  # cache down: let the request through
        return None
    if count is None or count <= rate.count:
        return None
    return max(1, int((window + 1) * rate.seconds - now))


def too_many_requests(request, retry_after: int):
    response = render(request, "security/429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _enabled() -> bool:
    return getattr(settings, "RATE_LIMITS_ENABLED", True)


def rate_limit(scope: str, rate: str, methods=("POST",)):
    """Decorator: limit a view to ``rate`` per client IP for the given methods."""
    parsed = Rate.parse(rate)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if _enabled() and request.method in methods:
                wait = hit(scope, client_ip(request), parsed)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def rule_for(view_name: str) -> tuple[str, dict] | None:
    """The configured rule for a URL name: exact name first, then ``namespace:*``."""
    rules = settings.SECURITY_RATE_LIMITS
    if view_name in rules:
        return view_name, rules[view_name]
    namespace = view_name.rpartition(":")[0]
    while namespace:
        if f"{namespace}:*" in rules:
            return f"{namespace}:*", rules[f"{namespace}:*"]
        namespace = namespace.rpartition(":")[0]
    return None


class RateLimitMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _enabled():
            return None
        found = rule_for(match.view_name)
        if found is None:
            return None
        scope, rule = found
        if request.method not in rule.get("methods", ("GET", "POST")):
            return None
        # Counted only when the request carries this parameter (a search string).
        if rule.get("param") and not request.GET.get(rule["param"], "").strip():
            return None
        scope = rule.get("scope", scope)  # several URLs may share one budget
        wait = hit(scope, client_ip(request), Rate.parse(rule["rate"]))
        return None if wait is None else too_many_requests(request, wait)
