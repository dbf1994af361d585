"""The share card picture of a product (``catalog.share``)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from catalog import selectors
from catalog.share import share_image


@require_GET
def product_image(request, pk: int):
    """The 1200×630 card Zalo and Facebook show; public products only."""
    product = get_object_or_404(selectors.for_product_cards(selectors.public_products()), pk=pk)
    body, tag = share_image(product)
    response = HttpResponse(body, content_type="image/jpeg")
    response["ETag"] = f'"{tag}"'
    # The address carries the version (?v=…): a changed card has a new address.
    response["Cache-Control"] = "public, max-age=86400"
    return response
