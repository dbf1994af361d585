"""Printable traceability labels: an A4 SVG sheet of QR codes sellers stick on packages."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

# A4 in millimetres, 2 × 5 labels of 100 × 55 mm with a 5 mm margin.
PAGE_W, PAGE_H = 210, 297
COLUMNS, ROWS = 2, 5
LABEL_W, LABEL_H = 100, 55
MARGIN = 5
QR_SIZE = 40


def trace_url(product, request=None) -> str:
    path = reverse("trace:product", kwargs={"code": product.traceability_code})
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def qr_svg(url: str, *, x: float, y: float, size: float) -> str:
    """The QR for ``url`` as a nested ``<svg>`` placed at (x, y), ``size`` mm wide."""
    inline = segno.make(url, error="m").svg_inline(border=2, omitsize=True)
    return inline.replace("<svg ", f'<svg x="{x}" y="{y}" width="{size}" height="{size}" ', 1)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(product, seller, request, x: float, y: float) -> str:
    place = f"{seller.commune.full_name}, {seller.commune.province.name}"
    text_x = x + QR_SIZE + 6
    lines = [
        (9, 4.2, "bold", _shorten(product.title, 34)),
        (17, 3.4, "normal", _shorten(seller.display_name, 40)),
        (22, 3.0, "normal", _shorten(place, 44)),
        (33, 6.0, "bold", product.traceability_code),
        (39, 2.8, "normal", _("Scan to see where it comes from")),
    ]
    texts = "".join(
        f'<text x="{text_x}" y="{y + dy}" font-size="{size}" font-weight="{weight}">'
        f"{escape(value)}</text>"
        for dy, size, weight, value in lines
    )
    frame = (
        f'<rect x="{x}" y="{y}" width="{LABEL_W}" height="{LABEL_H}" rx="3" '
        'fill="none" stroke="#999" stroke-width="0.3" stroke-dasharray="2 2"/>'
    )
    qr = qr_svg(trace_url(product, request), x=x + 3, y=y + 7, size=QR_SIZE)
    return frame + qr + texts


def _labels(*, request, products, seller, page_offset: bool) -> list[str]:
    """The labels of every product; with ``page_offset`` pages are stacked downwards."""
    per_page = COLUMNS * ROWS
    parts = []
    for index, product in enumerate(products):
        page, slot = divmod(index, per_page)
        row, column = divmod(slot, COLUMNS)
        x = MARGIN + column * LABEL_W
        y = (page * PAGE_H if page_offset else 0) + MARGIN + row * (LABEL_H + 2)
        parts.append(_label(product, seller, request, x, y))
    return parts


def _svg(height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{height}mm" '
        f'viewBox="0 0 {PAGE_W} {height}" font-family="sans-serif">'
        f"<title>{escape(_('Traceability labels'))}</title>{body}</svg>"
    )


def label_sheet(*, request, products, seller) -> str:
    """One SVG file: A4 pages stacked, a label per product (to download or open)."""
    pages = max(1, -(-len(products) // (COLUMNS * ROWS)))
    parts = _labels(request=request, products=products, seller=seller, page_offset=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _svg(PAGE_H * pages, "".join(parts))


def label_pages(*, request, products, seller) -> list[str]:
    """One A4 SVG per printed page, for the print page (one sheet per paper page)."""
    per_page = COLUMNS * ROWS
    parts = _labels(request=request, products=products, seller=seller, page_offset=False)
    chunks = [parts[i : i + per_page] for i in range(0, len(parts), per_page)] or [[]]
    return [_svg(PAGE_H, "".join(chunk)) for chunk in chunks]
