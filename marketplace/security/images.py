"""Location and camera metadata removed from images stored outside the photo pipeline.

Product photos go through ``catalog.images`` (re-encoded, resized). Every other stored
image (CMS images, live covers, applicants' papers and certificate scans) passes through
``without_metadata`` before storage, so no phone's GPS position is kept anywhere.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats re-encoded from pixels by ``without_metadata``; HEIF becomes JPEG (browsers
# cannot show it anyway). Other formats (GIF, SVG, PDF) carry no camera metadata here
# and are stored as they came.
_REENCODE = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "JPEG"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def without_metadata(upload):
    """The same picture as ``upload`` with no EXIF, GPS, XMP or maker notes, upright, in
    a file of the same name (its extension follows the format); anything that is not such
    an image comes back unchanged. For every image stored outside the product-photo
    pipeline: CMS images, live covers, applicants' papers."""
    upload.seek(0)
    try:
        image = Image.open(upload)
        kind = _REENCODE.get(image.format)
        if kind is None:
            return upload
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return upload  # not an image we can read: the field's own validation decides
    finally:
        upload.seek(0)
    if kind == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)  # pixels only: nothing from the source's info or EXIF
    out = io.BytesIO()
    options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    clean.save(out, kind, **options)
    stem = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return SimpleUploadedFile(
        f"{stem}.{_EXTENSIONS[kind]}", out.getvalue(), content_type=f"image/{kind.lower()}"
    )
