"""Demo catalogue extras: short traceability codes, photo renditions, story permissions."""

from __future__ import annotations

import hashlib

from oscar.core.loading import get_model

from catalog.models import TRACE_ALPHABET, TRACE_CODE_LENGTH
from catalog.stories import access as story_access
from catalog.tasks import make_image_renditions
from sellers.models import Seller

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")


def demo_code(upc: str) -> str:
    """A stable short code per demo product, so printed demo labels keep working."""
    digest = hashlib.sha256(upc.encode()).digest()
    return "".join(TRACE_ALPHABET[b % len(TRACE_ALPHABET)] for b in digest[:TRACE_CODE_LENGTH])


def load_catalog_extras() -> int:
    """Codes, renditions for photos that have none, and story editing rights.

    Returns how many photos got renditions (0 on a second run).
    """
    for product in Product.objects.filter(upc__isnull=False).exclude(upc="").only("upc"):
        code = demo_code(product.upc)
        if product.traceability_code != code:
            Product.objects.filter(pk=product.pk).update(traceability_code=code)
    made = 0
    for image_id in ProductImage.objects.filter(renditions=[]).values_list("pk", flat=True):
        made += bool(make_image_renditions(image_id))
    story_access.ensure_moderation()
    for seller in Seller.objects.filter(status=Seller.Status.APPROVED, story_page__isnull=False):
        story_access.sync_story_editors(seller, seller.story_page)
    return made
