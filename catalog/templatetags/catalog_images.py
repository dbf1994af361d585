"""``{% product_picture image alt=… sizes=… lazy=… %}``: responsive, no layout shift."""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html

register = template.Library()


def _srcset(renditions, key: str) -> str:
    return ", ".join(f"{default_storage.url(r[key])} {r['w']}w" for r in renditions)


@register.simple_tag
def product_picture(image, alt="", sizes="100vw", lazy=True, css_class=""):
    """A ``<picture>`` with WebP and JPEG renditions, or the clean original until they exist.

    ``lazy`` is for pictures below the fold; the first picture a page shows should be
    eager so it paints early.
    """
    if image is None or not getattr(image, "original", None):
        return ""
    loading = "lazy" if lazy else "eager"
    priority = "auto" if lazy else "high"
    renditions = image.renditions or []
    width, height = image.width, image.height
    if not renditions:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async" '
            'class="{}">',
            image.original.url,
            alt,
            width or "",
            height or "",
            loading,
            css_class,
        )
    fallback = next((r for r in renditions if r["w"] >= 320), renditions[-1])
    biggest = renditions[-1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
        'loading="{}" fetchpriority="{}" decoding="async" class="{}"></picture>',
        _srcset(renditions, "webp"),
        sizes,
        default_storage.url(fallback["jpeg"]),
        _srcset(renditions, "jpeg"),
        sizes,
        alt,
        biggest["w"],
        biggest["h"],
        loading,
        priority,
        css_class,
    )
