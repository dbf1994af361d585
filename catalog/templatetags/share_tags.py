"""``{% share_meta product %}``: the Open Graph and Twitter card tags of a product page;
``{% share_box product %}``: the page's share box (works without JavaScript)."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.share import facts, version

register = template.Library()


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@register.inclusion_tag("catalog/_share_meta.html", takes_context=True)
def share_meta(context, product):
    request = context.get("request")
    card = facts(product)
    details = [card["price"]]
    if card["stars"]:
        details.append(f"OCOP {card['stars']}★")
    details += [card["seller"], card["village"]]
    image = reverse("share-product", args=[product.pk]) + f"?v={version(card)}"
    return {
        "kind": "product",
        "title": card["title"],
        "description": " · ".join(d for d in details if d),
        "url": _absolute(request, product.get_absolute_url()),
        "image": _absolute(request, image),
        "image_alt": _("Photo, price and OCOP stars of %(name)s") % {"name": card["title"]},
        "price": product.stockrecords.all()[0].price if product.stockrecords.all() else None,
    }


@register.inclusion_tag("catalog/_share_meta.html", takes_context=True)
def page_share_meta(context, title, description="", products=()):
    """The tags of a seller, story or live page: its own title and words, and the card
    picture of the first product it shows (none when it shows none)."""
    request = context.get("request")
    lead = next(iter(products or ()), None)
    lead = getattr(lead, "product", lead)  # a live's item stands for its product
    image = ""
    if lead is not None:
        image = _absolute(
            request,
            reverse("share-product", args=[lead.pk]) + f"?v={version(facts(lead))}",
        )
    return {
        "kind": "website",
        "title": title,
        "description": " ".join(str(description or "").split())[:200],
        "url": _absolute(request, request.path if request is not None else ""),
        "image": image,
        "image_alt": _("Photo, price and OCOP stars of %(name)s") % {"name": lead.get_title()}
        if lead is not None
        else "",
        "price": None,
    }


@register.inclusion_tag("catalog/_share_box.html", takes_context=True)
def share_box(context, product):
    url = _absolute(context.get("request"), product.get_absolute_url())
    return {
        "title": product.get_title(),
        "url": url,
        "facebook": "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe=""),
    }
