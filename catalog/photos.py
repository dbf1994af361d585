"""Writes about a product's photos after listing: delete one, move one up or down.

The photo in first place (``display_order`` 0) is the product's main photo: it is the
one on product cards, search results and the top of the product page. Every change is
written to the audit log, so a helper's changes show as "helper H for seller Y".
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from sellers.access import SellerContext

from .services import CatalogError, _audit

ProductImage = get_model("catalogue", "ProductImage")

DIRECTIONS = {"up": -1, "down": 1}


def _ordered(product) -> list:
    return list(
        ProductImage.objects.select_for_update()
        .filter(product=product)
        .order_by("display_order", "pk")
    )


def _renumber(images: list) -> None:
    """Store the order 0, 1, 2… (only rows whose place changed are written)."""
    for place, image in enumerate(images):
        if image.display_order != place:
            image.display_order = place
            image.save(update_fields=["display_order"])


def _files_of(image) -> list[str]:
    names = [image.original.name] if image.original else []
    for rendition in image.renditions or []:
        names += [rendition[key] for key in ("jpeg", "webp") if rendition.get(key)]
    return names


def _remove_files(names: list[str]) -> None:
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)


def _touch(product) -> None:
    # Saving the product re-indexes it, so search shows the new main photo at once.
    product.save(update_fields=["date_updated"])


@transaction.atomic
def delete_photo(*, context: SellerContext, product, image_id: int) -> None:
    """Delete one photo of the seller's product; the next one becomes the main photo.

    A product buyers can see keeps at least one photo. The files go once the
    transaction commits, so a failure leaves the photo intact.
    """
    images = _ordered(product)
    image = next((i for i in images if i.pk == image_id), None)
    if image is None:
        raise CatalogError(_("This photo is no longer there."))
    if product.is_public and len(images) == 1:
        raise CatalogError(
            _("Buyers can see this product, so it needs a photo: add another one first.")
        )
    before = [i.pk for i in images]
    files = _files_of(image)
    # The row is deleted directly: Oscar's ``delete()`` renumbers with one save per photo.
    ProductImage.objects.filter(pk=image.pk).delete()
    remaining = [i for i in images if i.pk != image.pk]
    _renumber(remaining)
    _touch(product)
    _audit(
        context,
        "product.photo_deleted",
        product,
        before={"photos": before},
        after={"photos": [i.pk for i in remaining]},
    )
    transaction.on_commit(lambda: _remove_files(files))


@transaction.atomic
def move_photo(*, context: SellerContext, product, image_id: int, direction: str) -> bool:
    """Move a photo one place up or down; returns False when it is already at that end."""
    if direction not in DIRECTIONS:
        raise CatalogError(_("Unknown direction."))
    images = _ordered(product)
    index = next((n for n, i in enumerate(images) if i.pk == image_id), None)
    if index is None:
        raise CatalogError(_("This photo is no longer there."))
    target = index + DIRECTIONS[direction]
    if not 0 <= target < len(images):
        return False
    before = [i.pk for i in images]
    images[index], images[target] = images[target], images[index]
    _renumber(images)
    _touch(product)
    _audit(
        context,
        "product.photos_reordered",
        product,
        before={"photos": before},
        after={"photos": [i.pk for i in images]},
    )
    return True
