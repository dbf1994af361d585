"""Share cards: the picture and words Zalo and Facebook show for a product link.

``share_image(product)`` draws a 1200×630 JPEG (the product's photo, its name, price,
OCOP stars, seller and village) with Pillow. What is drawn is summed up in ``facts``; its
digest is the card's version, in the picture's address and in its cache key, so a card is
drawn once per version of what it shows and a chat app fetches the new one after a
change (a new price, a new photo).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Max
from PIL import Image, ImageDraw, ImageOps

from catalog import selectors
from marketplace import fonts
from marketplace.money import group_thousands

WIDTH, HEIGHT = 1200, 630
PHOTO = HEIGHT  # a square photo on the left
QUALITIES = (80, 70, 60, 50)
MAX_BYTES = 80 * 1024
CACHE_SECONDS = 7 * 24 * 3600
PAPER = (250, 246, 236)
INK = (33, 37, 41)
GREEN = (22, 101, 52)
GOLD = (180, 120, 10)
MUTED = (87, 83, 78)


def facts(product) -> dict:
    """Everything the card shows, as plain values."""
    record = next(iter(product.stockrecords.all()), None)
    image = product.primary_image()
    seller = product.seller
    commune = getattr(seller, "commune", None)
    return {
        "title": product.get_title(),
        "price": f"{group_thousands(record.price)} ₫"
        if record and record.price is not None
        else "",
        "stars": _stars(product),
        "seller": seller.display_name if seller else "",
        "village": f"{commune.name}, {commune.province.name}" if commune else "",
        "photo": image.original.name if getattr(image, "pk", None) else "",
    }


def _stars(product) -> int | None:
    """The best valid OCOP rating shown publicly (3–5★), as listings annotate it."""
    if hasattr(product, "ocop_stars"):
        return product.ocop_stars
    best = (
        selectors.valid_certificates()
        .filter(product=product, stars__gte=3)
        .aggregate(best=Max("stars"))["best"]
    )
    return best


def version(card: dict) -> str:
    return hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()[:16]


def _wrap(draw, text: str, font, width: int, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            out.append(line)
        line = word
        if len(out) == lines:
            break
    if line and len(out) < lines:
        out.append(line)
    if len(out) == lines and " ".join(out) != " ".join(words):
        last = out[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def draw(card: dict, photo: bytes | None) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    if photo:
        with Image.open(io.BytesIO(photo)) as picture:
            picture.draft("RGB", (PHOTO * 2, PHOTO * 2))  # JPEG: decode at a smaller scale
            square = ImageOps.fit(ImageOps.exif_transpose(picture).convert("RGB"), (PHOTO, PHOTO))
        canvas.paste(square, (0, 0))
    else:
        canvas.paste((222, 214, 190), (0, 0, PHOTO, PHOTO))
    pen = ImageDraw.Draw(canvas)
    left, width, y = PHOTO + 44, WIDTH - PHOTO - 80, 48
    if card["stars"]:
        badge = f"OCOP {card['stars']}★"
        font = fonts.font(30, bold=True)
        box = pen.textbbox((left, y), badge, font=font)
        pen.rounded_rectangle((box[0] - 14, box[1] - 10, box[2] + 14, box[3] + 10), 12, fill=GOLD)
        pen.text((left, y), badge, font=font, fill=(255, 255, 255))
        y += 78
    title = fonts.font(46, bold=True)
    for line in _wrap(pen, card["title"], title, width, 3):
        pen.text((left, y), line, font=title, fill=INK)
        y += 58
    y += 18
    if card["price"]:
        pen.text((left, y), card["price"], font=fonts.font(56, bold=True), fill=GREEN)
        y += 84
    small = fonts.font(28)
    for text in (card["seller"], card["village"]):
        for line in _wrap(pen, text, small, width, 1):
            pen.text((left, y), line, font=small, fill=MUTED)
            y += 40
    pen.text((left, HEIGHT - 64), "Chợ Làng", font=fonts.font(30, bold=True), fill=GREEN)
    # Chat apps fetch the card over phone networks: the best quality within the budget.
    for quality in QUALITIES:
        out = io.BytesIO()
        canvas.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= MAX_BYTES:
            break
    return out.getvalue()


def share_image(product) -> tuple[bytes, str]:
    """The card's JPEG and its version, drawn once per version."""
    card = facts(product)
    tag = version(card)
    key = f"share:product:{product.pk}:{tag}"
    try:
        kept = cache.get(key)
    except Exception:  # an undecodable entry or the cache down: draw it
        kept = None
    if isinstance(kept, bytes):
        return kept, tag
    photo = None
    if card["photo"]:
        try:
            with default_storage.open(card["photo"], "rb") as stored:
                photo = stored.read()
        except OSError:
            photo = None
    body = draw(card, photo)
    with contextlib.suppress(Exception):  # not kept: drawn again next time
        cache.set(key, body, CACHE_SECONDS)
    return body, tag
