from django.shortcuts import get_object_or_404, render

from catalog import selectors as catalog_selectors

from .. import selectors


def seller_detail(request, slug):
    """A seller's public shop page: who they are, where, and what they sell."""
    seller = get_object_or_404(selectors.public_sellers(), slug=slug)
    return render(
        request,
        "sellers/seller_detail.html",
        {"seller": seller, "products": catalog_selectors.seller_page_products(seller)},
    )
