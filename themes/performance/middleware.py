"""Whole-page cache for every visitor, with their own parts, fresh CSRF tokens and ETags.

Pages are stored only from requests that carry no per-visitor state: no session, basket
or messages cookie (the ``csrftoken``, language and Oscar's recently-viewed cookies do not
change the shared page, so they are not part of the key; a hit on a product page adds the
product to this visitor's own recently-viewed list, as the view does). Only the
query parameters in ``PAGE_CACHE_QUERY_PARAMS`` may be in the address of a stored page,
and a search string ``q`` within a fixed budget of places (``searches``: kept from its
second request, at most ``PAGE_CACHE_SEARCH_SLOTS`` search pages at once); any other
parameter is rendered every time and never stored, so arbitrary addresses cannot fill
the cache. A page is stored only when
its view is in ``PAGE_CACHE_VIEWS``, it answered 200 with HTML, it did not opt out with
``Cache-Control``, it showed no message and it set no cookie a stranger must not get
(session, basket, messages).

Forms on cached pages keep working: before storing, every CSRF token in the page that
belongs to the visitor who caused the render is replaced by a marker, and each visitor is
served the page with a token of their own (Django then sets their ``csrftoken`` cookie).
A stored page keeps the versions of the things it was rendered from (``deps``: the
products, sellers, categories, stories and lives it showed, and the sets it lists; see
``receivers``) and is used while none of them changed (one ``get_many`` per hit), and
only until the clock next changes what pages show (``versions.next_change``). A render
during which one of its things changed is served but not kept. An entry that cannot be
read back (an undecodable value) is a miss.

The ETag hashes the stored page and the visitor's CSRF secret, so a browser revalidating
its copy gets ``304 Not Modified`` from ``ConditionalGetMiddleware`` while nothing changed.

One page for everyone: a page is stored only from a render for a visitor with no state
of their own, and is served to every visitor. The parts of a page that depend on who asks
(``{% personal %}`` in the templates: the header's basket and account links, messages,
wish lists, the invitation to review, recently viewed products) are cut out when the page
is stored; a visitor with a session, a basket or messages gets them rendered for them on
each hit (their user, messages and basket loaded by the same middleware the view would
have run), a visitor with none gets the copy rendered with the page. Those parts are kept
per visitor until something they show changes (``visitors``), so a returning buyer's page
costs their session and user and no template. Staff (who see edit links in pages) always
get a page rendered for them.

How many units of a product are left changes with every sale, and only its product page
says so: that line is a part of its own (``{% stock_part %}``), kept with the page under
the product's stock version (``stock:12``) instead of the page's versions. A hit whose
line is older than the stock renders the line again (or takes it from the request that
did, ``pagecache:stock-part:``), and serves the rest of the page as kept.

A visitor's own pages (``PAGE_CACHE_OWN_VIEWS``: their basket) are kept for that visitor
alone, under their version (``visitors``: any change to their basket, addresses, orders or
roles replaces it) and the versions of what the page showed (the products and sellers in
the basket, their shipping, offers), and served with their header and messages made for
the request, as shared pages are. A page that is not kept (a 404, a page showing a
message) is sent as rendered, with its visitor's parts in place.

A missing page is rendered by one request: others asking for it meanwhile (everyone
opening the catalogue right after a sale changed it) wait for that render and are served
what it kept, rather than all rendering the same page at once.

Sits right after ``CsrfViewMiddleware``: a hit by a visitor with no state skips
authentication, messages, the basket and the view, and costs no SQL query. The gzip body
is made once per page (``gzipped``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from oscar.apps.basket.middleware import BasketMiddleware
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from themes.templatetags.page_parts import PART_MARKER, shown_html, stock_tags

from . import gzipped, receivers, searches, versions, visitors
from .visitors import COOKIE, CSRF_MARKER, STOCK, mark_tokens

Basket = get_model("basket", "Basket")
PART = PART_MARKER.encode()
HOLES = re.compile(re.escape(CSRF_MARKER) + b"|" + re.escape(PART))
PART_RE = re.compile(re.escape(PART))
# Cookies that never change what a page shows.
NEUTRAL_COOKIES = frozenset({"csrftoken", "django_language"})
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
HOP_HEADERS = frozenset({"set-cookie", "content-length", "etag", "vary", "cache-control"})
# One request renders a missing page; the others asking for it meanwhile wait for it (up to
# RENDER_WAIT_SECONDS, then render it themselves). A render that dies holds the mark no
# longer than RENDER_LOCK_SECONDS.
RENDERING = ":rendering"
RENDER_LOCK_SECONDS = 10
RENDER_WAIT_SECONDS = 3.0
RENDER_POLL_SECONDS = 0.02


@dataclass
class Entry:
    """What is kept of a rendered page: the text between its CSRF tokens, plain and gzipped."""

    status: int
    headers: list[tuple[str, str]]
    parts: list[bytes]
    gzipped: list[bytes]
    digest: str
    cookies: list[tuple[str, str, dict]] = field(default_factory=list)
    # The token of each thing the page was rendered from (themes.performance.versions).
    deps: dict = field(default_factory=dict)
    # Epoch seconds after which the page may show something the clock changed.
    valid_until: float = 0.0
    # The product a product page records in the visitor's recently-viewed cookie.
    viewed: int | None = None
    # Between each two parts: None for a CSRF token, else a part of the page rendered apart
    # as (template, objects, the copy rendered with the page, what it follows: its
    # visitor, the recently viewed cookie, or the stock of the products it names).
    holes: list = field(default_factory=list)
    # The stock versions each stock part's copy was rendered under, by position.
    stock: dict = field(default_factory=dict)

    @property
    def tokens(self) -> frozenset[int]:
        return frozenset(i for i, hole in enumerate(self.holes) if hole is None)


def _neutral_cookies() -> frozenset[str]:
    return NEUTRAL_COOKIES | {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def _history_cookie() -> str:
    return getattr(settings, "OSCAR_RECENTLY_VIEWED_COOKIE_NAME", "oscar_history")


def is_stateless(request) -> bool:
    """No session, basket or messages: nothing on the page can be this visitor's own."""
    allowed = _neutral_cookies() | {_history_cookie()}
    return all(name in allowed for name in request.COOKIES)


def is_cacheable_request(request) -> bool:
    """A page that may come from the cache (for whom: ``is_stateless`` tells)."""
    if request.method not in ("GET", "HEAD"):
        return False
    query_params = settings.PAGE_CACHE_QUERY_PARAMS
    if searches.slots():
        query_params = query_params | {searches.SEARCH_PARAM}
    if not all(name in query_params for name in request.GET):
        return False
    # Other views never reach the cache (no lookup cost for them).
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    # Outer middleware (the security headers) reads it from a hit, too.
    request.resolver_match = match
    return match.view_name in settings.PAGE_CACHE_VIEWS or is_own_page(request)


def is_own_page(request) -> bool:
    """A page only its visitor sees (their basket), kept for them alone."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_OWN_VIEWS


def cache_key(request) -> str:
    # Parameters in a fixed order: ?page=2&sort_by=x and ?sort_by=x&page=2 are one page.
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = f"{request.scheme}://{request.get_host()}{request.path}\n{query}".encode()
    return f"pagecache:page:{hashlib.sha256(raw).hexdigest()}"


def own_key(request, visitor: str) -> str:
    return f"pagecache:own-page:{visitor}:{cache_key(request).rsplit(':', 1)[-1]}"


def _being_rendered(cache, key: str) -> bool:
    try:
        return bool(cache.get(key + RENDERING))
    except Exception:  # the cache does not answer: nobody's render can be waited for
        return False


def _start_render(cache, key: str) -> bool:
    """Mark the page as being rendered by this request; False if another one is."""
    try:
        return bool(cache.add(key + RENDERING, 1, timeout=RENDER_LOCK_SECONDS))
    except Exception:
        return False


def _stored(cache, key: str) -> Entry | None:
    try:
        entry = cache.get(key)
    except Exception:  # an entry that does not decode (older code, damaged bytes) is a miss
        return None
    # An entry kept by an older version of this code (no versions per thing, no stock parts)
    # is a miss too.
    if not isinstance(entry, Entry) or not getattr(entry, "deps", None):
        return None
    if not hasattr(entry, "stock"):
        return None
    if entry.valid_until <= time.time():
        return None
    return entry


def check(entry: Entry) -> tuple[bool | None, dict]:
    """Whether nothing the page shows changed (``None`` when the cache does not answer),
    and the versions it was checked against, its stock parts' included (one round trip)."""
    tags = set(entry.deps)
    for kept_under in entry.stock.values():
        tags.update(kept_under)
    now = versions.tokens(tags)
    if now is None:
        return None, {}
    same = all(now[tag] == token for tag, token in entry.deps.items())
    return same and entry.valid_until > time.time(), now


def stock_part_key(hole, kept_under: dict) -> str:
    name, objects, _html, _kind = hole
    raw = json.dumps(
        [visitors.templates_digest(), get_language(), name, objects, kept_under], sort_keys=True
    )
    return "pagecache:stock-part:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


class RecentEntries:
    """The pages this process served last, so a hit fetches only their versions.

    An entry is used only while the versions it was rendered under are current (checked
    on every hit, so an invalidation reaches every process at once); the short lifetime
    bounds what a change that bumps no version can leave behind.
    """

    def __init__(self, size: int = 128, seconds: float = 60.0) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[str, tuple[Entry, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            entry, expires = item
            if expires < time.monotonic() or entry.valid_until <= time.time():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return entry

    def drop(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def put(self, key: str, entry: Entry, seconds: float) -> None:
        with self._lock:
            self._items[key] = (entry, time.monotonic() + min(seconds, self.seconds))
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentEntries()
        # What the view would have run to know the visitor: their user, messages, basket.
        self.personal = AuthenticationMiddleware(
            MessageMiddleware(BasketMiddleware(self._serve_own))
        )

    def __call__(self, request):
        # Parts of the page kept apart (product cards) compare their versions with this.
        request.started_at = time.time()
        cache = versions.page_cache()
        # With DEBUG on, template edits show at once.
        if cache is None or settings.DEBUG or not is_cacheable_request(request):
            return self.get_response(request)
        stateless = is_stateless(request)
        if not stateless and not settings.PAGE_CACHE_SHARED:
            return self.get_response(request)
        if is_own_page(request):
            return self.own_page(request, cache, stateless)
        key = cache_key(request)
        entry, current, now = self.recent.get(key), False, {}
        if entry is not None:
            current, now = check(entry)
            if current is False:
                # Another process may have stored the page again since: look there.
                self.recent.drop(key)
                entry = None
        if entry is None:
            entry = _stored(cache, key)
            if entry is not None:
                current, now = check(entry)
                if current:
                    self.recent.put(key, entry, settings.PAGE_CACHE_SECONDS)
        if entry is not None:
            if current is None:  # the cache is down: render as if there were none
                return self.get_response(request)
            if current:
                entry = self.with_current_stock(request, cache, key, entry, now)
                response = (
                    self.serve(request, entry) if stateless else self.serve_own(request, entry)
                )
                if response is not None:
                    response["X-Page-Cache"] = "hit"
                    return response
        if _being_rendered(cache, key):
            # Another request is rendering this page now: wait for it rather than render
            # it again (the page everyone asks for right after a change).
            entry = self.wait_for_render(request, cache, key)
            if entry is not None:
                response = (
                    self.serve(request, entry) if stateless else self.serve_own(request, entry)
                )
                if response is not None:
                    response["X-Page-Cache"] = "hit"
                    return response
        if not stateless:
            # A page rendered for a visitor with a session, basket or messages is theirs.
            return self.get_response(request)
        searching = searches.is_search(request)
        if searching and not searches.admit(cache, key):
            return self.get_response(request)  # asked once: rendered, not kept (yet)
        rendering = _start_render(cache, key)
        try:
            return self.render_and_keep(request, cache, key, searching)
        finally:
            if rendering:
                with contextlib.suppress(Exception):
                    cache.delete(key + RENDERING)

    def wait_for_render(self, request, cache, key: str) -> Entry | None:
        """The page another request is rendering, once it is kept; ``None`` if it is not
        kept within ``RENDER_WAIT_SECONDS`` (or is not current)."""
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while _being_rendered(cache, key) and time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
        entry = _stored(cache, key)
        if entry is None:
            return None
        current, now = check(entry)
        return self.with_current_stock(request, cache, key, entry, now) if current else None

    def with_current_stock(self, request, cache, key: str, entry: Entry, now: dict) -> Entry:
        """``entry`` with each stock part whose products' stock changed since it was kept
        rendered again (or taken from another request's rendering of it), the rest of the
        page as kept: a sale re-renders one line, not the product page."""
        stale = {
            i: {tag: now[tag] for tag in kept_under}
            for i, kept_under in entry.stock.items()
            if any(now.get(tag) != token for tag, token in kept_under.items())
        }
        if not stale:
            return entry
        keys = {i: stock_part_key(entry.holes[i], kept_under) for i, kept_under in stale.items()}
        try:
            found = cache.get_many(list(keys.values()))
        except Exception:  # an entry that does not decode: render the parts
            found = {}
        holes, fresh, loaded = list(entry.holes), {}, {}
        secret = request.META.get("CSRF_COOKIE")
        for i, part_key in keys.items():
            html = found.get(part_key)
            if not isinstance(html, bytes):
                html = _render_shared(request, entry.holes[i], loaded)
                if mark_tokens(html, secret) != html:
                    return entry  # a visitor's token in a shared part: never share it
                fresh[part_key] = html
            holes[i] = (*entry.holes[i][:2], html, STOCK)
        if fresh:
            with contextlib.suppress(Exception):  # rendered again next time
                cache.set_many(fresh, timeout=settings.PAGE_CACHE_SECONDS)
        shown = b"\x00".join(holes[i][2] for i in sorted(stale))
        entry = dataclasses.replace(
            entry,
            holes=holes,
            stock={**entry.stock, **stale},
            # Its ETag changes with the lines.
            digest=hashlib.sha256(entry.digest.encode() + shown).hexdigest()[:32],
        )
        if not is_own_page(request):
            self.recent.put(key, entry, settings.PAGE_CACHE_SECONDS)
        return entry

    def own_page(self, request, cache, stateless: bool) -> HttpResponse:
        """A visitor's own page (their basket): kept for them under their version and the
        versions of what it shows (the products and sellers in it, offers), and served with
        their header and messages made for this request, as shared pages are."""
        if stateless:
            return self.get_response(request)  # no basket and nobody signed in: empty
        user = auth.get_user(request)
        request._cached_user = user  # AuthenticationMiddleware reuses it: no second query
        request.user = user
        visitor = visitors.visitor_tag(request)
        if user.is_staff or visitor is None:
            return self.get_response(request)
        key = own_key(request, visitor)
        entry = _stored(cache, key)
        current, now = check(entry) if entry is not None else (False, {})
        if current:
            request.page_entry = self.with_current_stock(request, cache, key, entry, now)
            response = self.personal(request)
            response["X-Page-Cache"] = "hit"
            return response
        return self.render_and_keep(request, cache, key, searching=False, visitor=visitor)

    def render_and_keep(
        self, request, cache, key: str, searching: bool, visitor: str | None = None
    ) -> HttpResponse:
        """Render the page and keep it; ``visitor``: a page of theirs, kept for them only."""
        request.page_parts = []
        started = time.time()
        with receivers.recording(request.resolver_match.view_name) as tags:
            response = self.get_response(request)
        entry = self.to_entry(request, response, own=visitor is not None)
        if entry is None:
            return _as_rendered(request, response)
        page_tags = tags | ({visitor} if visitor else set())
        # Stock parts are kept under their products' stock versions, apart from the page's.
        parts_under = {
            i: stock_tags(hole) for i, hole in enumerate(entry.holes) if hole and hole[3] == STOCK
        }
        now = versions.tokens(page_tags.union(*parts_under.values()))
        if now is None:  # the cache is down: serve the page, keep nothing
            return _as_rendered(request, response)
        entry.deps = deps = {tag: now[tag] for tag in page_tags}
        # A thing the page shows changed while it was rendered: the page may show the old
        # row under the new version, so it is served but not kept. A stock line that may
        # have is kept as rendered again by the next request (under no version).
        changed = any(versions.made_at(token) >= started for token in deps.values())
        entry.stock = {
            i: {tag: "" if versions.made_at(now[tag]) >= started else now[tag] for tag in under}
            for i, under in parts_under.items()
        }
        # The clock's next change, or sooner when the page said so (a carrier's quote).
        entry.valid_until = min(
            versions.next_change(deps[versions.CLOCK]),
            getattr(request, "page_valid_until", float("inf")),
        )
        seconds = max(1, min(settings.PAGE_CACHE_SECONDS, int(entry.valid_until - time.time())))
        if visitor is None:
            served = self.serve(request, entry)
        else:
            # Their parts as this render made them, kept for their next page.
            shown = iter(getattr(request, "page_parts_shown", ()))
            made = {i: shown_html(next(shown, "")).encode() for i, h in enumerate(entry.holes) if h}
            served = self.serve(request, entry, own=True, made=made)
        served["X-Page-Cache"] = "miss"
        if changed:
            return served
        if visitor is not None:
            # Its parts are made again for each request: their copies (this visitor's name
            # and token) are not kept.
            holes = [
                hole and (hole if hole[3] == STOCK else (*hole[:2], b"", hole[3]))
                for hole in entry.holes
            ]
            with contextlib.suppress(Exception):  # rendered again next time
                cache.set(key, dataclasses.replace(entry, holes=holes), timeout=seconds)
            return served
        cache.set(key, entry, timeout=seconds)
        self.recent.put(key, entry, settings.PAGE_CACHE_SECONDS)
        if searching:
            searches.claim(cache, key)
        return served

    def serve_own(self, request, entry: Entry) -> HttpResponse | None:
        """The shared page with this visitor's own parts; None for staff (their pages
        carry edit links), who get a page rendered for them."""
        user = auth.get_user(request)
        if user.is_staff:
            return None
        request._cached_user = user  # AuthenticationMiddleware reuses it: no second query
        request.page_entry = entry
        return self.personal(request)

    def _serve_own(self, request) -> HttpResponse:
        return self.serve(request, request.page_entry, own=True)

    @staticmethod
    def to_entry(request, response, own: bool = False) -> Entry | None:
        """The page to keep, with CSRF tokens marked; ``None`` when it must not be kept.
        ``own``: a visitor's own page, whose parts may hold their token."""
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return None
        match = request.resolver_match
        views = settings.PAGE_CACHE_OWN_VIEWS if own else settings.PAGE_CACHE_VIEWS
        if match is None or match.view_name not in views:
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        if response.has_header("Cache-Control"):  # never_cache, private, ...
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        messages = getattr(request, "_messages", None)
        if messages is not None and messages.added_new:  # said to this visitor only
            return None
        cookies, viewed = [], None
        for name, morsel in response.cookies.items():
            if name != _history_cookie():
                return None  # messages, basket, ...: this visitor's own state
            # Kept as the product viewed, not the value: each visitor has their own list.
            viewed = _last_viewed(morsel.value)
            cookies.append((name, "", _cookie_options(morsel)))
        secret = request.META.get("CSRF_COOKIE")
        content = mark_tokens(response.content, secret)
        own_parts = getattr(request, "page_parts", [])
        holes, found = [], iter(own_parts)
        for marker in HOLES.findall(content):
            if marker == CSRF_MARKER:
                holes.append(None)
                continue
            part = next(found, None)
            if part is None:
                return None  # a marker the page did not put there (typed text): keep nothing
            name, objects, html, from_cookie = part
            if not own and mark_tokens(html.encode(), secret) != html.encode():
                return None  # a visitor's token inside a part: never share it
            holes.append((name, objects, html.encode(), from_cookie))
        if next(found, None) is not None:
            return None  # a part lost its marker (escaped): keep nothing
        headers = [(k, v) for k, v in response.items() if k.lower() not in HOP_HEADERS]
        parts = HOLES.split(content)
        resets = frozenset(i + 1 for i, hole in enumerate(holes) if hole is not None)
        shared = b"".join(_join(parts, [h[2] if h else CSRF_MARKER for h in holes]))
        return Entry(
            response.status_code,
            headers,
            parts,
            gzipped.compress_parts(parts, resets),
            hashlib.sha256(shared).hexdigest()[:32],
            cookies,
            viewed=viewed,
            holes=holes,
        )

    @staticmethod
    def serve(request, entry: Entry, own: bool = False, made: dict | None = None) -> HttpResponse:
        """``entry`` for this visitor: their CSRF token, and their own parts when ``own``
        (else the parts rendered with the page); ``made``: parts already rendered for
        this request, by position."""
        fills, tokens = [], entry.tokens
        token = visitors.request_token(request) if tokens else b""
        history = _history_cookie() in request.COOKIES
        personalised = own or bool(tokens)
        wanted = [
            i
            for i, hole in enumerate(entry.holes)
            if hole is not None and hole[3] != STOCK and (own or (hole[3] == COOKIE and history))
        ]
        loaded: dict = {}
        made = {id(entry.holes[i]): html for i, html in (made or {}).items()}
        rendered = (
            visitors.parts_for(
                request,
                {i: entry.holes[i] for i in wanted},
                lambda hole: made.get(id(hole)) or _render_own(request, hole[0], hole[1], loaded),
                deps=entry.deps,
            )
            if wanted
            else {}
        )
        for i, hole in enumerate(entry.holes):
            if hole is None:
                # One masked token for every form of the page, as Django's csrf_token does.
                fills.append(token)
            elif i in rendered:
                fills.append(rendered[i])
                personalised = True
            else:
                fills.append(hole[2])
        etag = entry.digest
        if tokens or personalised:
            # The visitor's secret and own parts: their copy changes when either does.
            secret = request.META.get("CSRF_COOKIE", "")
            own_parts = b"\x00".join(f for i, f in enumerate(fills) if i not in tokens)
            etag = hashlib.sha256(f"{entry.digest}:{secret}:".encode() + own_parts).hexdigest()
            etag = etag[:32]
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(gzipped.assemble(entry.parts, entry.gzipped, fills, tokens))
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(b"".join(_join(entry.parts, fills)))
        response.status_code = entry.status
        for name, value in entry.headers:
            response[name] = value
        for name, _value, options in entry.cookies:
            if name == _history_cookie() and entry.viewed is not None:
                response.set_cookie(name, _history_with(request, entry.viewed), **options)
        patch_vary_headers(response, ("Accept-Encoding",))
        # Weak: the gzip and plain bodies of one page share it.
        response["ETag"] = f'W/"{etag}"'
        # The page holds this visitor's CSRF token: no shared cache may keep it, and the
        # browser asks again each time (a 304 while nothing changed).
        patch_cache_control(response, private=True, no_cache=True)
        return response


def _join(parts: list[bytes], fills: list[bytes]):
    yield parts[0]
    for fill, part in zip(fills, parts[1:], strict=True):
        yield fill
        yield part


def _as_rendered(request, response) -> HttpResponse:
    """A page that is not kept (a 404, a page showing a message) as rendered for this
    visitor: their parts back in place of the markers left for a kept page."""
    shown = iter(getattr(request, "page_parts_shown", ()))
    if response.streaming or PART not in response.content:
        return response
    response.content = PART_RE.sub(
        lambda _match: shown_html(next(shown, "")).encode(), response.content
    )
    return response


def _render_shared(request, hole, loaded: dict) -> bytes:
    """A part that is the same for everyone (a stock line), rendered as for the visitor
    with no state the page was rendered for: the default prices."""
    name, objects, _html, _kind = hole
    if not hasattr(request, "strategy"):
        request.strategy = Selector().strategy()
    return _render_part(name, {"request": request, "user": AnonymousUser()}, objects, loaded)


def _render_own(request, template_name: str, objects: dict, loaded: dict) -> bytes:
    """One part of the page as this visitor sees it (objects fetched once per request)."""
    if not hasattr(request, "user"):
        # A visitor with no state of their own met neither the authentication nor the
        # basket middleware: anonymous, with the default prices for product cards.
        request.user = AnonymousUser()
        request.strategy = Selector().strategy(request=request, user=request.user)
        request.basket = Basket()  # empty and unsaved, as Oscar's middleware makes one
        request.basket.strategy = request.strategy
    context = {
        "request": request,
        "user": request.user,
        "messages": get_messages(request),
        "csrf_token": visitors.request_token(request).decode(),
    }
    return _render_part(template_name, context, objects, loaded)


def _render_part(template_name: str, context: dict, objects: dict, loaded: dict) -> bytes:
    for name, value in objects.items():
        if isinstance(value, list):
            label, pk = value
            if (label, pk) not in loaded:
                loaded[label, pk] = apps.get_model(label).objects.filter(pk=pk).first()
            value = loaded[label, pk]
        context[name] = value
    return loader.get_template(template_name).render(context).strip().encode()


def _last_viewed(value: str) -> int | None:
    try:
        ids = json.loads(value)
    except ValueError:
        return None
    return ids[-1] if isinstance(ids, list) and ids and isinstance(ids[-1], int) else None


def _history_with(request, product_id: int) -> str:
    """This visitor's recently-viewed cookie with ``product_id`` added, as Oscar's view does."""
    history = visitors.history_manager()
    ids = history.extract(request)
    return json.dumps(history.add(ids, product_id))


def _cookie_options(morsel) -> dict:
    max_age = morsel["max-age"]
    return {
        "max_age": int(max_age) if max_age else None,
        "path": morsel["path"] or "/",
        "domain": morsel["domain"] or None,
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"] or None,
    }
