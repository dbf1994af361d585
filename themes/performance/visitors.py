"""A visitor's own parts of shared pages, kept until something they show changes.

A signed-in buyer's header (basket count, account and work-area links), wish-list buttons
and review invitation read the same on every page they open until their basket, wish
lists, orders, reviews, roles or account change. Each part is kept per visitor
(``visitor:u12`` for a signed-in buyer, ``visitor:b34`` for a guest's basket) under that
visitor's version, which the receivers below replace on every such change, and under
the versions of the page's things it names (the product of a wish-list button). A page
for a returning visitor then costs their session and user, as any page does, two cache
round trips and no template.

The part that follows Oscar's recently-viewed cookie is put together for each request from
entries kept per product (``page_parts.viewed_cards``): every visitor's list is new, its
products mostly are not. The versions those entries are kept under (the products, their
sellers' set, ``all`` and the clock) are read here with the visitor's own, in one trip.

Never kept: messages (each is said once), and a visitor whose state is changing hands (a
guest basket being merged at sign-in). Forms in a part keep a marker in place of the
visitor's CSRF token. Parts are kept under ``all`` as well, so none kept before the cache
was unreachable outlives a change made while it was (``versions`` replaces ``all`` when
it answers again).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import oscar
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.translation import get_language
from oscar.core.loading import get_class

from . import versions

CSRF_MARKER = b"\x00csrf\x00"
# A masked CSRF token: 64 letters and digits standing alone.
TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Rendered for each request: messages are said once.
NEVER_KEPT = frozenset({"oscar/partials/alert_messages.html"})
PART_SECONDS = 600
# What a part of a page follows: its visitor (kept per visitor), Oscar's recently viewed
# cookie (kept per list, for anyone carrying it), or the stock of the products it names
# (the same for everyone: ``page_parts.stock_part``).
VISITOR, COOKIE, STOCK = "visitor", "cookie", "stock"
# A part names objects as [label, pk]; their tag on the page (versions).
OBJECT_TAGS = {"catalogue.Product": "product"}


def visitor_tag(request) -> str | None:
    """Whose parts these are; ``None`` when they must be rendered afresh (with ``DEBUG``
    on, too: template edits show at once)."""
    if settings.DEBUG or versions.page_cache() is None:
        return None
    user = getattr(request, "user", None)
    cookie = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
    if user is not None and user.is_authenticated:
        # A guest basket still in the cookie is merged into the buyer's on this request.
        return None if cookie else f"visitor:u{user.pk}"
    if not cookie:
        return None
    try:
        basket_id = int(signing.Signer().unsign(cookie))
    except (signing.BadSignature, ValueError):
        return None
    return f"visitor:b{basket_id}"


@cache
def templates_digest() -> str:
    """Changes when any of the site's templates (or django-oscar's release) changes: a
    new release's parts are new parts."""
    digest = hashlib.sha256(oscar.get_version().encode())
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    base = Path(settings.BASE_DIR).resolve()
    for folder in folders:
        if not folder.is_dir() or base not in folder.resolve().parents:
            continue
        for path in sorted(folder.rglob("*.html")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def keepable(hole) -> bool:
    """A part kept per visitor."""
    name, _objects, _html, kind = hole
    return kind == VISITOR and name not in NEVER_KEPT


def follows_history(hole) -> bool:
    """A part that follows the recently-viewed cookie (whoever carries it)."""
    name, _objects, _html, kind = hole
    return kind == COOKIE and name not in NEVER_KEPT


@cache
def history_manager():
    """Oscar's recently viewed list, as this project forks it (``customer.history``);
    looked up once, not on every page."""
    return get_class("customer.history", "CustomerHistoryManager")


def viewed_ids(request) -> list[int]:
    """The products in the visitor's recently-viewed cookie, as Oscar reads it, but the
    product whose page this is (the part leaves it out: ``page_parts.viewed_cards``)."""
    match = getattr(request, "resolver_match", None)
    current = str(match.kwargs.get("pk", "")) if match else ""
    return [pk for pk in history_manager().extract(request) if str(pk) != current]


def history_tags(ids: list[int]) -> list[str]:
    """What the recently viewed products' part shows: those products (stock, price,
    photos, certificate), whether their sellers may sell, and what the clock changes."""
    return [versions.ALL, versions.CLOCK, "sellers", *(f"product:{pk}" for pk in ids)]


def part_key(visitor_token: str, visitor: str, hole, deps: dict) -> str:
    """The cache key of one part for this visitor, under the versions it shows."""
    name, objects, _html, _kind = hole
    shown = []
    for value in objects.values():
        if isinstance(value, list) and value[0] in OBJECT_TAGS:
            tag = f"{OBJECT_TAGS[value[0]]}:{value[1]}"
            shown.append(deps.get(tag, ""))
    raw = json.dumps(
        [templates_digest(), get_language(), visitor, visitor_token, name, objects, shown],
        sort_keys=True,
    )
    return "pagecache:own:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def request_token(request) -> bytes:
    """The visitor's masked CSRF token, made once per request for every form it shows."""
    if not hasattr(request, "_page_csrf_token"):
        request._page_csrf_token = get_token(request).encode()
    return request._page_csrf_token


def mark_tokens(content: bytes, secret: str | None) -> bytes:
    """``content`` with every token of the visitor whose secret this is replaced by a marker."""
    if not secret:
        return content

    def replace(match):
        token = match.group().decode()
        return CSRF_MARKER if _unmask_cipher_token(token) == secret else match.group()

    return TOKEN_RE.sub(replace, content)


def _shown_tags(holes) -> list[str]:
    return [
        f"{OBJECT_TAGS[value[0]]}:{value[1]}"
        for hole in holes
        for value in hole[1].values()
        if isinstance(value, list) and value[0] in OBJECT_TAGS
    ]


def parts_for(request, holes: dict, render, deps: dict | None = None) -> dict:
    """This visitor's parts (``{position: hole}``), as bytes by position: kept ones from
    the cache, the others rendered by ``render(hole)`` and kept for next time.

    ``deps`` are the versions of the page the parts go into; without them (a page
    rendered for this visitor) the versions of the things the parts name are read.
    """
    visitor = visitor_tag(request)
    cache = versions.page_cache()
    keys: dict = {}
    found: dict = {}
    own = visitor is not None and any(keepable(hole) for hole in holes.values())
    viewed = (
        viewed_ids(request)
        if cache is not None
        and not settings.DEBUG
        and any(follows_history(hole) for hole in holes.values())
        else None
    )
    tags = []
    if own:
        tags += [visitor, versions.ALL]
        tags += [] if deps is not None else _shown_tags(holes.values())
    if viewed is not None:
        tags += history_tags(viewed)
    now = versions.tokens(tags) if tags else None
    # The parts read the same versions again (``page_parts.viewed_cards``): no second trip.
    request.part_tokens = now
    if now is not None:
        started = getattr(request, "started_at", 0)
        if own:
            visitor_token = now[visitor]
            shown = deps if deps is not None else now
            # Under ``all`` too: it is replaced after the cache was unreachable, when the
            # visitor's own bumps may have been lost.
            kept_under = f"{visitor_token} {now[versions.ALL]}"
            mine = {
                i: part_key(kept_under, visitor, hole, shown)
                for i, hole in holes.items()
                if keepable(hole)
            }
            # Kept only under a version made before this request read the visitor's rows.
            fresh_enough = versions.made_at(visitor_token) < started
            keys |= {i: (key, fresh_enough) for i, key in mine.items()}
        try:
            found = cache.get_many([key for key, _ in keys.values()]) if keys else {}
        except Exception:  # an entry that does not decode: render the parts
            found = {}
        keys = {i: key for i, (key, keep) in keys.items() if keep or key in found}
    result, fresh = {}, {}
    for i, hole in holes.items():
        kept = found.get(keys.get(i))
        if isinstance(kept, bytes):
            if CSRF_MARKER in kept:
                kept = kept.replace(CSRF_MARKER, request_token(request))
            result[i] = kept
            continue
        html = render(hole)
        result[i] = html
        if i in keys:
            fresh[keys[i]] = mark_tokens(html, request.META.get("CSRF_COOKIE"))
    if fresh:
        with contextlib.suppress(Exception):  # kept next time
            cache.set_many(fresh, timeout=PART_SECONDS)
    return result


# --- What changes a visitor's parts ------------------------------------------------------


def _owner_of_basket(basket_id) -> list[str]:
    Basket = apps.get_model("basket", "Basket")
    owner = Basket.objects.filter(pk=basket_id).values_list("owner_id", flat=True).first()
    return [f"visitor:b{basket_id}"] + ([f"visitor:u{owner}"] if owner else [])


def _cached_or_lookup(instance, field: str, model_label: str, column: str):
    """``instance.<field>.<column>`` without a query when the related row is loaded."""
    descriptor = getattr(type(instance), field)
    if descriptor.is_cached(instance):
        related = getattr(instance, field)
        return getattr(related, column) if related is not None else None
    model = apps.get_model(model_label)
    pk = getattr(instance, f"{field}_id")
    return model.objects.filter(pk=pk).values_list(column, flat=True).first()


def _user(user_id) -> list[str]:
    return [f"visitor:u{user_id}"] if user_id else []


# (app label, model) -> the visitor tags a change to one of its rows replaces.
WHO = {
    ("basket", "Basket"): lambda i: [f"visitor:b{i.pk}", *_user(i.owner_id)],
    ("basket", "Line"): lambda i: [
        f"visitor:b{i.basket_id}",
        *_user(_cached_or_lookup(i, "basket", "basket.Basket", "owner_id")),
    ],
    ("wishlists", "WishList"): lambda i: _user(i.owner_id),
    ("wishlists", "Line"): lambda i: _user(
        _cached_or_lookup(i, "wishlist", "wishlists.WishList", "owner_id")
    ),
    ("order", "Order"): lambda i: _user(i.user_id),
    ("order", "Fulfilment"): lambda i: _user(
        _cached_or_lookup(i, "order", "order.Order", "user_id")
    ),
    ("reviews", "ProductReview"): lambda i: _user(i.user_id),
    ("sellers", "CommuneStaff"): lambda i: _user(i.user_id),
    ("sellers", "HelperMembership"): lambda i: _user(i.user_id),
    # The default delivery address prices the basket's shipping.
    ("address", "UserAddress"): lambda i: _user(i.user_id),
}


def changed(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    meta = instance._meta
    if meta.label == get_user_model()._meta.label:
        tags = _user(instance.pk)
    else:
        tags = WHO[meta.app_label, meta.object_name](instance)
    if tags:
        versions.bump(*tags, using=using)


def groups_changed(sender, instance, action, using=None, **kwargs):
    user = isinstance(instance, get_user_model())
    if action in ("post_add", "post_remove", "post_clear") and user and instance.pk:
        versions.bump(*_user(instance.pk), using=using)


def vouchers_changed(sender, instance, action, pk_set=None, using=None, **kwargs):
    """A voucher added to or removed from a basket (from either side of the relation)."""
    Basket = apps.get_model("basket", "Basket")
    if isinstance(instance, Basket):
        baskets = [instance.pk] if action in ("post_add", "post_remove", "post_clear") else []
    elif action == "pre_clear":  # the voucher taken out of every basket holding it
        baskets = list(
            sender.objects.filter(voucher_id=instance.pk).values_list("basket_id", flat=True)
        )
    else:
        baskets = list(pk_set or ()) if action in ("post_add", "post_remove") else []
    tags = [tag for pk in baskets for tag in _owner_of_basket(pk)]
    if tags:
        versions.bump(*tags, using=using)


def connect() -> None:
    User = get_user_model()
    models = [User]
    for label, name in WHO:
        try:
            models.append(apps.get_model(label, name))
        except LookupError:  # an optional app is not installed
            continue
    for model in models:
        uid = f"pagecache-visitor-{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        groups_changed, sender=User.groups.through, dispatch_uid="pagecache-visitor-groups"
    )
    vouchers = apps.get_model("basket", "Basket").vouchers.through
    m2m_changed.connect(vouchers_changed, sender=vouchers, dispatch_uid="pagecache-vouchers")
