"""Checks on uploaded papers: by content, not by the name or type the browser claims."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# A phone photo is ≈12 MP; anything far beyond is a decompression bomb, not a photo.
MAX_IMAGE_PIXELS = 40_000_000


def validate_paper(upload) -> str:
    """Accept a JPEG/PNG/WebP/GIF image or a PDF under the size limit.

    Returns the file extension that matches the content ("pdf", "jpeg", "png"…), which
    is what the file is stored under: the name the browser sent is never trusted.
    """
    limit = settings.SELLER_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError(image.format)
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.verify()
            extension = image.format.lower()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("Please upload a photo (JPEG or PNG) or a PDF file."), code="bad_type"
        ) from exc
    finally:
        upload.seek(0)
    return extension
