"""``{% personal "template.html" name=object %}``: a part of a page that depends on who asks.

Renders like ``{% include %}`` (the current context, plus the named objects). When the
page is being rendered to be shared through the page cache (``themes.performance``), the
part is also recorded on the request, with the objects by model and primary key, and a
marker stands in its place: each visitor who gets the shared page has the part rendered
for them (their name, basket, messages, wish lists, whether they may review), and a
visitor with no state of their own gets the copy made with the page.

``{% stock_part "template.html" product=product %}``: a part that is the same for every
visitor but changes more often than its page: how many units of the product are left.
It is kept with the page under the stock versions of the products it names
(``stock:12``), apart from the page's own versions, so a sale re-renders that line and
serves the rest of the page as kept.
"""

import contextlib
import hashlib
import json
import time

from django import template
from django.conf import settings
from django.db.models import Model, Sum
from django.utils.functional import SimpleLazyObject, empty
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from oscar.core.loading import get_model

from catalog.search.products import LIGHT_FIELDS
from catalog.selectors import public_products
from themes.performance import versions, visitors

from . import product_cards

register = template.Library()
Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")

PART_MARKER = "\x00part\x00"
COOKIE, STOCK, VISITOR = visitors.COOKIE, visitors.STOCK, visitors.VISITOR


def reference(value):
    """What a part's object is kept as: ``[app_label.Model, pk]`` for a model instance."""
    if isinstance(value, Model):
        return [value._meta.label, value.pk]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a personal part can take model instances and plain values, not {value!r}")


@register.simple_tag(takes_context=True)
def personal(context, template_name, from_cookie=False, **objects):
    """``from_cookie``: the part follows a cookie any visitor may carry (Oscar's recently
    viewed products), so a visitor with no state of their own gets it rendered for them too,
    and the copy kept with the page is empty."""
    part = context.template.engine.get_template(template_name)
    request = context.get("request")
    parts = getattr(request, "page_parts", None)
    refs = {k: reference(v) for k, v in objects.items()}

    def render(hole=None) -> str:
        with context.push(**objects):
            return part.render(context)

    if parts is None:
        if request is None:
            return render()
        # A page rendered for this visitor: their part as kept since it last changed.
        hole = (template_name, refs, "", COOKIE if from_cookie else VISITOR)
        html = visitors.parts_for(request, {0: hole}, lambda h: render().encode())[0]
        return mark_safe(html.decode())  # noqa: S308 (a template's output, as rendered)
    if from_cookie:
        # Nothing of it is kept with the page, and each visitor gets theirs from the
        # cache (``visitors``): rendered here only should the page be sent as rendered.
        snapshot = context.new({**context.flatten(), **objects})
        parts.append((template_name, refs, "", COOKIE))
        shown = lambda: part.render(snapshot)  # noqa: E731
    else:
        shown = render()
        parts.append((template_name, refs, shown, VISITOR))
    # As shown to this visitor, should the page not be kept (a 404, a page with a message).
    request.page_parts_shown = [*getattr(request, "page_parts_shown", []), shown]
    return mark_safe(PART_MARKER)  # noqa: S308 (a fixed marker, replaced before sending)


@register.simple_tag(takes_context=True)
def stock_part(context, template_name, **objects):
    """Renders like ``{% include %}`` (the current context, plus the named objects); on a
    page rendered to be kept, the part is recorded with the objects by model and key, and
    a marker stands in its place (``themes.performance.middleware`` puts the line back,
    rendered again whenever a named product's stock changed)."""
    with context.push(**objects):
        html = context.template.engine.get_template(template_name).render(context).strip()
    request = context.get("request")
    parts = getattr(request, "page_parts", None)
    if parts is None:
        return mark_safe(html)  # noqa: S308 (a template's output, as rendered)
    parts.append((template_name, {k: reference(v) for k, v in objects.items()}, html, STOCK))
    request.page_parts_shown = [*getattr(request, "page_parts_shown", []), html]
    return mark_safe(PART_MARKER)  # noqa: S308 (a fixed marker, replaced before sending)


def stock_tags(hole) -> list[str]:
    """The versions a stock part is kept under: the stock of each product it names."""
    return [
        f"stock:{value[1]}"
        for value in hole[1].values()
        if isinstance(value, list) and value[0] == "catalogue.Product"
    ]


def shown_html(shown) -> str:
    """A part as shown to the visitor who caused the render (rendered now if it waited)."""
    return shown() if callable(shown) else shown


VIEWED_KEY = "pagecache:viewedcard:"


def _viewed_key(pk: int, now: dict) -> str:
    """A recently viewed product's entry: its card, or that it is not on sale any more,
    under the versions of the product, the sellers, the clock and ``all``."""
    raw = json.dumps(
        [visitors.templates_digest(), get_language(), pk]
        + [now[tag] for tag in (versions.ALL, versions.CLOCK, "sellers", f"product:{pk}")]
    )
    return VIEWED_KEY + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _viewed_entries(context, ids: list[int]) -> dict[int, str]:
    """The card of each of these products still on sale ("" for the others), with the
    CSRF marker in its form."""
    # A few columns each: their cards are kept (``product_cards``), and only the cards
    # that must be rendered load the rest.
    found = public_products().filter(pk__in=ids).only(*LIGHT_FIELDS).in_bulk()
    for product in found.values():
        product.card_ready = False
    cards = product_cards.cards_by_pk(context, list(found.values()), product_cards.CSRF)
    return {pk: str(cards.get(pk, "")) for pk in ids}


def _needed(viewed: list[int], entries: dict[int, str], limit: int) -> list[int]:
    """The products whose entries are not known yet and may be among the first ``limit``
    shown (the list holds up to Oscar's 20; the part shows a few)."""
    needed, shown = [], 0
    for pk in viewed:
        if shown >= limit:
            break
        if pk not in entries:
            needed.append(pk)
            shown += 1  # on sale until read otherwise
        elif entries[pk]:
            shown += 1
    return needed


@register.simple_tag(takes_context=True)
def viewed_cards(context, limit: int = 6) -> list:
    """The cards of this visitor's recently viewed products (their own cookie), the latest
    first, without the product whose page this is.

    Each product's entry (its card, or that it is off sale) is kept on its own, so a list
    nobody carried before, of products viewed before, costs no query and no card render:
    every visitor's list is new, its products mostly are not.
    """
    request = context["request"]
    viewed = list(reversed(visitors.viewed_ids(request)))
    if not viewed:
        return []  # only this page's product, or nothing: no query
    cache = versions.page_cache()
    now = None
    if cache is not None and not settings.DEBUG:
        tags = visitors.history_tags(viewed)
        now = getattr(request, "part_tokens", None) or {}
        if not all(tag in now for tag in tags):  # not read for this request's parts yet
            now = versions.tokens(tags)
        else:
            now = {tag: now[tag] for tag in tags}
    if now is None:  # no cache, or it does not answer: read and render them
        entries = _viewed_entries(context, viewed)
    else:
        keys = {pk: _viewed_key(pk, now) for pk in viewed}
        try:
            kept = cache.get_many(list(keys.values()))
        except Exception:  # an entry that does not decode: read them again
            kept = {}
        entries = {pk: kept[key] for pk, key in keys.items() if isinstance(kept.get(key), str)}
        # Kept only under versions made before this request read the rows.
        started = getattr(request, "started_at", None)
        keep = started is not None and all(versions.made_at(t) < started for t in now.values())
        while missing := _needed(viewed, entries, limit):
            fresh = _viewed_entries(context, missing)
            entries |= fresh
            if keep:
                # An entry changes with the clock too (a certificate's last day).
                until = versions.next_change(now[versions.CLOCK]) - time.time()
                seconds = max(1, min(product_cards.CARD_SECONDS, int(until)))
                with contextlib.suppress(Exception):  # read again next time
                    cache.set_many({keys[pk]: html for pk, html in fresh.items()}, seconds)
    token = str(context.get("csrf_token", ""))
    shown = [entries[pk] for pk in viewed if entries.get(pk)][:limit]
    return [mark_safe(html.replace(product_cards.CSRF, token)) for html in shown]  # noqa: S308


@register.simple_tag(takes_context=True)
def basket_count(context) -> int:
    """Items in the visitor's basket, for the header.

    A page that loaded the basket already answers from it. Otherwise a signed-in buyer's
    count is one query on their open baskets' lines: loading the whole basket (lines,
    offers, vouchers) for a number in the header was most of what a shared page cost them.
    A guest's cookie basket, or a buyer who has just signed in with one, takes the full
    path (Oscar merges the two baskets there).
    """
    request = context.get("request")
    basket = getattr(request, "basket", None)
    if basket is None:
        return 0
    if not isinstance(basket, SimpleLazyObject) or basket._wrapped is not empty:
        return basket.num_items
    user = getattr(request, "user", None)
    cookie = settings.OSCAR_BASKET_COOKIE_OPEN
    if (user is None or not user.is_authenticated) and cookie not in request.COOKIES:
        return 0  # a guest with no basket yet (any page kept for everyone): nothing to load
    if user is None or not user.is_authenticated or cookie in request.COOKIES:
        return basket.num_items
    lines = BasketLine.objects.filter(basket__owner=user, basket__status=Basket.OPEN)
    return lines.aggregate(n=Sum("quantity"))["n"] or 0
