"""Fonts for the images the site draws (share cards, parcel labels).

DejaVu covers every Vietnamese letter (Debian's fonts-dejavu-core); Pillow's own font is
the fallback, so an image is always drawn.
"""

from __future__ import annotations

import functools

from PIL import ImageFont

FONTS = {True: ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf"), False: ("DejaVuSans.ttf",)}


@functools.cache
def font(size: int, bold: bool = False):
    """The first installed font of ``FONTS[bold]`` at ``size`` pixels."""
    for name in FONTS[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)
