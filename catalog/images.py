"""Photo pipeline: check what phones upload, store it clean, make small copies for 3G.

Every stored file (the original and each rendition) is re-encoded from pixels only, so no
EXIF, GPS, XMP or maker notes survive. The type is decided by decoding, never by the name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
JPEG_QUALITY = 82
WEBP_QUALITY = 78


class ImageRejected(ValueError):
    """An upload we will not store; the message is shown to the seller."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes  # JPEG, upright, without metadata
    width: int
    height: int


def _open_checked(data: bytes) -> Image.Image:
    if len(data) > settings.CATALOG_IMAGE_MAX_BYTES:
        mb = settings.CATALOG_IMAGE_MAX_BYTES // (1024 * 1024)
        raise ImageRejected(_("This photo is too large: the limit is %(mb)s MB.") % {"mb": mb})
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ImageRejected(_("This photo has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageRejected(_("This file is not a photo we can read.")) from exc
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRejected(_("Please send a JPEG, PNG, WebP or HEIC photo."))
    # Checked before decoding the pixels: a small file can claim a gigantic canvas.
    if image.width * image.height > settings.CATALOG_IMAGE_MAX_PIXELS:
        raise ImageRejected(_("This photo has too many pixels."))
    return image


def _decode(image: Image.Image) -> Image.Image:
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageRejected(_("This photo is damaged and cannot be read.")) from exc
    if upright.mode in ("RGBA", "LA", "P"):
        # Screenshots with transparency: flatten on white like a printed page.
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return upright.convert("RGB")


def _pixels_only(image: Image.Image) -> Image.Image:
    """A fresh image holding only pixels: nothing from the source's info or EXIF."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def clean_upload(data: bytes) -> CleanImage:
    """Validate an uploaded photo and return it as an upright, metadata-free JPEG.

    Raises ``ImageRejected`` with a message for the seller.
    """
    image = _pixels_only(_decode(_open_checked(data)))
    # Keep a sane ceiling for the stored original: nobody needs 12 MP on a phone screen.
    image.thumbnail((2048, 2048), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return CleanImage(content=out.getvalue(), width=image.width, height=image.height)


def make_renditions(data: bytes, widths=None) -> list[tuple[int, int, bytes, bytes]]:
    """``(width, height, jpeg, webp)`` for each wanted width not wider than the source."""
    widths = widths or settings.CATALOG_IMAGE_WIDTHS
    source = _pixels_only(_decode(_open_checked(data)))
    results = []
    # Never upscale: widths past the source's collapse into one copy at its own width.
    wanted = sorted({min(width, source.width) for width in widths})
    for width in wanted:
        height = max(1, round(source.height * width / source.width))
        resized = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        jpeg, webp = io.BytesIO(), io.BytesIO()
        resized.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        resized.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        results.append((width, height, jpeg.getvalue(), webp.getvalue()))
    return results


def size_of(data: bytes) -> tuple[int, int]:
    """Upright size of a stored photo (after EXIF rotation)."""
    image = _decode(_open_checked(data))
    return image.width, image.height
