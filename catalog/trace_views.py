"""What a buyer sees after scanning a package's QR code."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from . import selectors
from .manage_views import scan_response


@cache_control(public=True, max_age=300)
def product_trace(request, code):
    product = selectors.trace_product(code)
    if product is None:
        raise Http404
    story = getattr(product, "story_page", None)
    producer_story = getattr(product.seller, "story_page", None) if product.seller else None
    return render(
        request,
        "catalog/trace.html",
        {
            "product": product,
            "seller": product.seller,
            "certificates": product.public_certificates,
            "story": story if story is not None and story.live else None,
            "producer_story": producer_story
            if producer_story is not None and producer_story.live
            else None,
        },
    )


def certificate_scan(request, code, pk):
    """The scan of a certificate buyers may rely on: verified, unexpired, 3★ or more.

    Until commune staff verify it (and again once it expires or is revoked) it stays
    private: only the seller and commune staff see it, through their own pages.
    """
    product = selectors.trace_product(code)
    if product is None:
        raise Http404
    certificate = next((c for c in product.public_certificates if c.pk == pk), None)
    if certificate is None:
        raise Http404
    response = scan_response(certificate)
    response["Cache-Control"] = "public, max-age=300"
    response["Content-Security-Policy"] = "sandbox"
    return response
