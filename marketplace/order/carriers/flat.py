"""The fallback carrier: no outside service, each seller's flat fee, labels drawn here.

The seller hands the parcel to whichever courier passes; the label still carries both
addresses, the weight, the cash to collect and a code the buyer can quote.
"""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image, ImageDraw

from marketplace.fonts import font

from .base import CreatedShipment, Parcel, TrackingEvent

# A6 at 150 dpi: 105 × 148 mm.
A6_PIXELS = (620, 874)
DPI = 150


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_label(parcel: Parcel, *, tracking_code: str, headings: dict) -> bytes:
    """An A6 PDF label: code, sender, receiver, weight, cash to collect, contents.

    ``headings`` holds the translated captions (``from``, ``to``, ``weight``, ``cod``,
    ``contents``), so the label reads in the seller's language.
    """
    image = Image.new("RGB", A6_PIXELS, "white")
    draw = ImageDraw.Draw(image)
    width = A6_PIXELS[0] - 40
    y = 20
    draw.text((20, y), tracking_code, font=font(40, True), fill="black")
    y += 60
    draw.line((20, y, A6_PIXELS[0] - 20, y), fill="black", width=3)
    y += 12
    for key, place in (("from", parcel.sender), ("to", parcel.receiver)):
        draw.text((20, y), headings[key], font=font(20, True), fill="black")
        y += 28
        size = 26 if key == "to" else 20
        for text in (f"{place.name} · {place.phone}", place.address):
            for row in _wrap(draw, text, font(size, key == "to"), width):
                draw.text((20, y), row, font=font(size, key == "to"), fill="black")
                y += size + 6
        y += 12
    draw.line((20, y, A6_PIXELS[0] - 20, y), fill="black", width=2)
    y += 12
    draw.text((20, y), f"{headings['weight']}: {parcel.grams} g", font=font(22), fill="black")
    y += 34
    draw.text((20, y), f"{headings['cod']}: {headings['cod_value']}", font=font(28, True))
    y += 46
    draw.text((20, y), headings["contents"], font=font(20, True), fill="black")
    y += 28
    for name, quantity in parcel.items[:8]:
        for row in _wrap(draw, f"{quantity} × {name}", font(20), width):
            draw.text((20, y), row, font=font(20), fill="black")
            y += 26
    out = io.BytesIO()
    image.save(out, "PDF", resolution=DPI)
    return out.getvalue()


class FlatCarrier:
    """No carrier configured: shipping is each seller's flat fee; labels are drawn here."""

    live_quotes = False
    code = "flat"

    def create_shipment(self, parcel: Parcel, *, client_code: str) -> CreatedShipment:
        return CreatedShipment(tracking_code=client_code, fee=Decimal(0))

    def cancel(self, tracking_code: str) -> None:
        return None

    def label(self, tracking_code: str, *, parcel: Parcel, headings: dict) -> tuple[bytes, str]:
        return draw_label(parcel, tracking_code=tracking_code, headings=headings), "application/pdf"

    def track(self, tracking_code: str) -> list[TrackingEvent]:
        return []

    def remittance(self, statement_id: str) -> list:
        return []
