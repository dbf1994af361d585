"""Reads about sellers, shaped for the pages that show them."""

from django.db.models import QuerySet

from catalog import selectors as catalog_selectors

from .models import Seller


def public_sellers() -> QuerySet:
    """Sellers buyers may see: approved ones only (suspended shops vanish)."""
    return Seller.objects.filter(status=Seller.Status.APPROVED).select_related("commune__province")


def seller_products(seller: Seller) -> QuerySet:
    return catalog_selectors.for_product_cards(
        catalog_selectors.public_products().filter(seller=seller)
    ).order_by("-date_created")
