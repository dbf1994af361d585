"""Product cards rendered once per product version and reused by every listing.

``{% product_cards products as cards %}`` gives the card of each product, as HTML. A card
is kept in the page cache's store under the versions of what it shows (the product with
its stock, price, photos and certificate; its seller; ``all``), the language and the card
template's source, so a listing that misses the page cache renders only the cards of the
products that changed. Two cache round trips per listing, whatever its length.

What differs per listing or visitor is not kept in the card: the search words marked in
the title and the snippet are put in place of markers, and so is the visitor's CSRF token
(the card's "add to basket" form). Without a page cache, with ``DEBUG`` on (template
edits show at once), cards are simply rendered.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import cache

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from catalog.search.products import ready_for_cards
from themes.performance import versions

register = template.Library()

CARD_TEMPLATE = "search/_hit.html"
TITLE = "\x00card-title\x00"
SNIPPET = "\x00card-snippet\x00"
# Letters only: rendered unchanged by {% csrf_token %}; never a real token (64 characters).
CSRF = "cardcsrfmarker"
EMPTY_SNIPPET = f'<p class="lang-snippet">{SNIPPET}</p>'
CARD_SECONDS = 24 * 3600


# The templates a card is made of (each name in every folder that may override it).
CARD_SOURCES = (
    CARD_TEMPLATE,
    "oscar/catalogue/partials/product.html",
    "oscar/catalogue/partials/stock_record.html",
    "oscar/catalogue/partials/add_to_basket_form_compact.html",
)


@cache
def _template_digest(engine) -> str:
    """Changes when the card's templates change (a new release's cards are new cards)."""
    digest = hashlib.sha256()
    for name in CARD_SOURCES:
        for loader in engine.template_loaders:
            for inner in getattr(loader, "loaders", [loader]):
                for origin in inner.get_template_sources(name):
                    try:
                        digest.update(inner.get_contents(origin).encode())
                    except template.TemplateDoesNotExist:
                        continue
    return digest.hexdigest()[:12]


def _tags(product) -> list[str]:
    tags = [f"product:{product.pk}"]
    if getattr(product, "seller_id", None):
        tags.append(f"seller:{product.seller_id}")
    return tags


def _render(context, card_template, product) -> str:
    """The card with markers for the marked words and the CSRF token."""
    marks = (product.search_title_html, product.search_snippet_html)
    product.search_title_html, product.search_snippet_html = TITLE, SNIPPET
    try:
        with context.push(product=product, csrf_token=CSRF):
            return card_template.render(context)
    finally:
        product.search_title_html, product.search_snippet_html = marks


def _fill(html: str, product, csrf_token) -> SafeString:
    """The card as this listing shows it: a rendered template (escaped by it), its marked
    words (escaped when marked) and the visitor's token put in place of the markers."""
    title = getattr(product, "search_title_html", None) or conditional_escape(product.get_title())
    snippet = getattr(product, "search_snippet_html", None)
    html = html.replace(TITLE, str(title))
    if snippet:
        html = html.replace(SNIPPET, str(snippet))
    else:
        html = html.replace(EMPTY_SNIPPET, "").replace(SNIPPET, "")
    if CSRF in html:
        html = html.replace(CSRF, str(csrf_token))
    return mark_safe(html)  # noqa: S308 (see above)


def _ready(products: list) -> list:
    """Products with everything their card renders (a listing may give only a few columns)."""
    if all(getattr(p, "card_ready", True) for p in products):
        return products
    return ready_for_cards(products)


def _all_rendered(context, card_template, products: list, csrf_token: str) -> dict:
    return {
        p.pk: _fill(_render(context, card_template, p), p, csrf_token) for p in _ready(products)
    }


def cards_by_pk(context, products: list, csrf_token: str) -> dict:
    """Each product's card as HTML, by primary key: kept ones from the cache, the others
    rendered (and kept); a product gone since the list was read has none."""
    for product in products:
        for name in ("search_title_html", "search_snippet_html"):
            if not hasattr(product, name):
                setattr(product, name, None)
    card_template = context.template.engine.get_template(CARD_TEMPLATE)
    cache_store = versions.page_cache()
    if cache_store is None or settings.DEBUG or not products:
        return _all_rendered(context, card_template, products, csrf_token)
    tokens = versions.tokens(
        {versions.ALL, *(tag for product in products for tag in _tags(product))}
    )
    if tokens is None:  # the cache does not answer: render
        return _all_rendered(context, card_template, products, csrf_token)
    prefix = (
        f"card:{get_language()}:{_template_digest(context.template.engine)}:{tokens[versions.ALL]}:"
    )
    keys = {
        product.pk: prefix + ":".join(f"{tag}={tokens[tag]}" for tag in _tags(product))
        for product in products
    }
    try:
        found = cache_store.get_many(list(keys.values()))
    except Exception:  # an undecodable entry: render them all
        found = {}
    # A card is kept only under versions made before this request read its rows: a change
    # committed meanwhile may not be in them (the next request keeps it).
    started = getattr(context.get("request"), "started_at", None)
    keep = started is not None and all(versions.made_at(t) < started for t in tokens.values())
    # Only the products whose cards must be rendered are loaded in full.
    missing = [p for p in products if not isinstance(found.get(keys[p.pk]), str)]
    loaded = {p.pk: p for p in _ready(missing)}
    cards, fresh = {}, {}
    for product in products:
        html = found.get(keys[product.pk])
        if not isinstance(html, str):
            if product.pk not in loaded:
                continue  # gone since the listing was read
            html = _render(context, card_template, loaded[product.pk])
            fresh[keys[product.pk]] = html
        cards[product.pk] = _fill(html, product, csrf_token)
    if fresh and keep:
        with contextlib.suppress(Exception):  # kept next time
            cache_store.set_many(fresh, timeout=CARD_SECONDS)
    return cards


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> list:
    products = list(products)
    cards = cards_by_pk(context, products, context.get("csrf_token", ""))
    return [cards[product.pk] for product in products if product.pk in cards]
