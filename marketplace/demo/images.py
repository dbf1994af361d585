"""Pictures for the demo, drawn with Pillow at load time (nothing is downloaded).

Each picture is a flat illustration: a background in the category's colour, a simple shape
for the product (tea leaves, a banana bunch, a jar…) and the product's name. Drawing is
seeded by the title, so the same product always gets the same picture.
"""

from __future__ import annotations

import io
import math
import random
import zlib
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

PRODUCT_SIZE = (800, 800)
COVER_SIZE = (1200, 675)
Box = tuple[int, int, int, int]

# DejaVu covers every Vietnamese letter; Pillow finds it by file name in the system font
# folders. Without it, Pillow's bundled font still draws the picture (diacritics may be
# approximate), so the demo never fails for want of a font.
_FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "NotoSans-Bold.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], t: float):
    return tuple(round(a + (b - a) * t) for a, b in zip(colour, other, strict=True))


def _rng(seed_text: str) -> random.Random:
    return random.Random(zlib.crc32(seed_text.encode("utf-8")))


# --- Motifs -----------------------------------------------------------------------------


def _leaf(draw: ImageDraw.ImageDraw, cx: float, cy: float, length: float, angle: float, fill):
    """A pointed leaf: an ellipse-like polygon along ``angle`` with a midrib."""
    upper = [
        ((i / 40 - 0.5) * length, math.sin(math.pi * i / 40) * length * 0.28) for i in range(41)
    ]
    points = upper + [(a, -b) for a, b in reversed(upper)]
    cos, sin = math.cos(angle), math.sin(angle)
    poly = [(cx + a * cos - b * sin, cy + a * sin + b * cos) for a, b in points]
    draw.polygon(poly, fill=fill)
    tip = length / 2
    draw.line(
        [(cx - tip * cos, cy - tip * sin), (cx + tip * cos, cy + tip * sin)],
        fill=_mix(fill, (255, 255, 255), 0.35),
        width=4,
    )


def _draw_tea(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    cx = (x0 + x1) / 2
    draw.line([(cx, y1), (cx, y0 + 40)], fill=_mix(accent, (60, 40, 20), 0.6), width=10)
    for i in range(6):
        side = 1 if i % 2 else -1
        y = y1 - 60 - i * (y1 - y0 - 120) / 6
        angle = math.radians(-90 + side * rng.uniform(35, 55))
        length = (x1 - x0) * rng.uniform(0.32, 0.42) * (1 - i * 0.07)
        shift = side * length * 0.42
        _leaf(
            draw,
            cx + shift * 0.9,
            y - length * 0.2,
            length,
            angle,
            _mix(accent, (0, 0, 0), i * 0.04),
        )
    _leaf(
        draw, cx, y0 + 70, (x1 - x0) * 0.22, math.radians(-90), _mix(accent, (255, 255, 200), 0.3)
    )


def _draw_banana(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    stem = (x0 + w * 0.5, y0 + h * 0.12)
    for i in range(5):
        offset = (i - 2) * w * 0.13
        bbox = [x0 + w * 0.12 + offset, y0 + h * 0.05, x1 - w * 0.12 + offset, y1 + h * 0.35]
        draw.arc(
            bbox, start=200, end=300, fill=_mix(accent, (120, 90, 0), i * 0.06), width=int(w * 0.1)
        )
    draw.rectangle([stem[0] - 18, stem[1] - 40, stem[0] + 18, stem[1] + 30], fill=(95, 120, 40))


def _draw_gourd(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for i in range(3):
        dx = (i - 1) * w * 0.24
        body = [x0 + w * 0.36 + dx, y0 + h * 0.1 + i * 18, x0 + w * 0.64 + dx, y1 - i * 12]
        draw.rounded_rectangle(body, radius=int(w * 0.14), fill=_mix(accent, (0, 0, 0), i * 0.08))
        for k in range(1, 4):
            sx = body[0] + (body[2] - body[0]) * k / 4
            draw.line(
                [(sx, body[1] + 30), (sx, body[3] - 30)],
                fill=_mix(accent, (255, 255, 255), 0.25),
                width=3,
            )
        draw.rectangle(
            [(body[0] + body[2]) / 2 - 8, body[1] - 26, (body[0] + body[2]) / 2 + 8, body[1] + 4],
            fill=(90, 110, 40),
        )


def _draw_fruits(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    r = (x1 - x0) * 0.13
    spots = [
        (0.5, 0.28),
        (0.3, 0.5),
        (0.7, 0.5),
        (0.42, 0.74),
        (0.62, 0.76),
        (0.2, 0.78),
        (0.8, 0.8),
    ]
    for fx, fy in spots:
        cx, cy = x0 + (x1 - x0) * fx, y0 + (y1 - y0) * fy
        radius = r * rng.uniform(0.85, 1.1)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=accent)
        hl = radius * 0.35
        draw.ellipse(
            [
                cx - radius * 0.55,
                cy - radius * 0.6,
                cx - radius * 0.55 + hl,
                cy - radius * 0.6 + hl,
            ],
            fill=_mix(accent, (255, 255, 255), 0.55),
        )
    leaf_colour = (70, 120, 50)
    _leaf(
        draw,
        x0 + (x1 - x0) * 0.62,
        y0 + (y1 - y0) * 0.1,
        (x1 - x0) * 0.28,
        math.radians(-25),
        leaf_colour,
    )


def _draw_bottle(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = x0 + w / 2
    draw.rounded_rectangle(
        [cx - w * 0.22, y0 + h * 0.32, cx + w * 0.22, y1], radius=int(w * 0.08), fill=accent
    )
    draw.polygon(
        [
            (cx - w * 0.22, y0 + h * 0.34),
            (cx - w * 0.07, y0 + h * 0.16),
            (cx + w * 0.07, y0 + h * 0.16),
            (cx + w * 0.22, y0 + h * 0.34),
        ],
        fill=accent,
    )
    draw.rectangle(
        [cx - w * 0.07, y0 + h * 0.02, cx + w * 0.07, y0 + h * 0.17],
        fill=_mix(accent, (0, 0, 0), 0.25),
    )
    draw.rounded_rectangle(
        [cx - w * 0.17, y0 + h * 0.5, cx + w * 0.17, y0 + h * 0.78], radius=12, fill=(250, 244, 225)
    )
    draw.rectangle(
        [cx - w * 0.12, y0 + h * 0.58, cx + w * 0.12, y0 + h * 0.61],
        fill=_mix(accent, (0, 0, 0), 0.3),
    )
    draw.rectangle(
        [cx - w * 0.09, y0 + h * 0.66, cx + w * 0.09, y0 + h * 0.69],
        fill=_mix(accent, (0, 0, 0), 0.3),
    )


def _draw_jar(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rounded_rectangle(
        [x0 + w * 0.18, y0 + h * 0.22, x1 - w * 0.18, y1], radius=int(w * 0.12), fill=accent
    )
    draw.rounded_rectangle(
        [x0 + w * 0.22, y0 + h * 0.06, x1 - w * 0.22, y0 + h * 0.24], radius=14, fill=(120, 70, 30)
    )
    draw.rounded_rectangle(
        [x0 + w * 0.28, y0 + h * 0.45, x1 - w * 0.28, y0 + h * 0.75],
        radius=14,
        fill=(250, 244, 225),
    )
    for i in range(3):
        cx = x0 + w * (0.4 + i * 0.1)
        cy = y0 + h * 0.6
        draw.regular_polygon((cx, cy, w * 0.045), n_sides=6, fill=_mix(accent, (120, 70, 0), 0.35))


def _draw_rice(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rounded_rectangle(
        [x0 + w * 0.15, y0 + h * 0.18, x1 - w * 0.15, y1], radius=int(w * 0.1), fill=(236, 224, 196)
    )
    draw.polygon(
        [
            (x0 + w * 0.15, y0 + h * 0.22),
            (x0 + w * 0.3, y0 + h * 0.02),
            (x1 - w * 0.3, y0 + h * 0.02),
            (x1 - w * 0.15, y0 + h * 0.22),
        ],
        fill=(225, 210, 176),
    )
    draw.rectangle([x0 + w * 0.15, y0 + h * 0.4, x1 - w * 0.15, y0 + h * 0.62], fill=accent)
    for _ in range(70):
        gx, gy = rng.uniform(x0, x1), rng.uniform(y1 - h * 0.05, y1 + h * 0.06)
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle) * 11, math.sin(angle) * 11
        draw.line([(gx - dx, gy - dy), (gx + dx, gy + dy)], fill=(252, 250, 240), width=8)


def _draw_fabric(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=accent)
    band = (y1 - y0) / 8
    palette = [(245, 230, 200), (30, 30, 30), (220, 170, 40), (40, 90, 140), (245, 230, 200)]
    for row in range(8):
        top = y0 + row * band
        if row % 2:
            draw.rectangle(
                [x0, top + band * 0.35, x1, top + band * 0.65], fill=palette[row % len(palette)]
            )
            continue
        for col in range(10):
            cx = x0 + (col + 0.5) * (x1 - x0) / 10
            cy = top + band / 2
            r = band * 0.38
            draw.polygon(
                [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
                fill=palette[(row + col) % len(palette)],
            )
    for fx in range(int(x0), int(x1), 14):
        draw.line([(fx, y1), (fx + 4, y1 + 24)], fill=_mix(accent, (0, 0, 0), 0.3), width=4)


def _draw_pack(draw, box: Box, accent, rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rounded_rectangle(
        [x0 + w * 0.16, y0 + h * 0.08, x1 - w * 0.16, y1],
        radius=int(w * 0.05),
        fill=(236, 214, 170),
    )
    draw.rectangle(
        [x0 + w * 0.16, y0 + h * 0.08, x1 - w * 0.16, y0 + h * 0.16],
        fill=_mix(accent, (0, 0, 0), 0.3),
    )
    draw.ellipse([x0 + w * 0.3, y0 + h * 0.3, x1 - w * 0.3, y0 + h * 0.7], fill=(250, 246, 232))
    for _ in range(9):
        cx = rng.uniform(x0 + w * 0.38, x1 - w * 0.38)
        cy = rng.uniform(y0 + h * 0.38, y0 + h * 0.62)
        r = w * rng.uniform(0.03, 0.05)
        draw.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=accent)


MOTIFS: dict[str, Callable] = {
    "tea": _draw_tea,
    "banana": _draw_banana,
    "gourd": _draw_gourd,
    "fruits": _draw_fruits,
    "bottle": _draw_bottle,
    "jar": _draw_jar,
    "rice": _draw_rice,
    "fabric": _draw_fabric,
    "pack": _draw_pack,
}


# --- Text and composition ----------------------------------------------------------------


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _caption(image: Image.Image, title: str, subtitle: str, band_colour) -> None:
    """Title (and a small subtitle) on a light band across the bottom of the picture."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    title_font, small_font = _font(max(28, width // 22)), _font(max(20, width // 34))
    while subtitle and small_font.size > 14 and draw.textlength(subtitle, small_font) > width - 80:
        small_font = _font(small_font.size - 2)
    lines = _wrap(draw, title, title_font, width - 80)[:3]
    line_height = title_font.size + 10
    band_height = line_height * len(lines) + (small_font.size + 24 if subtitle else 0) + 40
    draw.rectangle([0, height - band_height, width, height], fill=band_colour)
    y = height - band_height + 20
    for line in lines:
        draw.text((40, y), line, font=title_font, fill=(34, 34, 30))
        y += line_height
    if subtitle:
        draw.text((40, y + 6), subtitle, font=small_font, fill=(80, 80, 72))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def product_picture(
    *, title: str, motif: str, background: str, accent: str, subtitle: str = "", variant: int = 0
) -> bytes:
    """An 800×800 JPEG for one product; ``variant`` 1 is a zoomed, lighter second view."""
    bg = _rgb(background)
    if variant:
        bg = _mix(bg, (255, 255, 255), 0.45)
    image = Image.new("RGB", PRODUCT_SIZE, bg)
    draw = ImageDraw.Draw(image)
    rng = _rng(f"{title}:{variant}")
    for _ in range(14):  # soft dots so flat colour does not look like a placeholder
        r = rng.uniform(20, 70)
        x, y = rng.uniform(0, 800), rng.uniform(0, 520)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_mix(bg, (255, 255, 255), 0.12))
    box = (150, 70, 650, 520) if not variant else (80, 40, 720, 560)
    MOTIFS.get(motif, _draw_pack)(draw, box, _rgb(accent), rng)
    _caption(image, title, subtitle, _mix(bg, (255, 255, 255), 0.85))
    return _jpeg(image)


def cover_picture(*, title: str, subtitle: str, background: str, accent: str, motif: str) -> bytes:
    """A 1200×675 landscape cover: sky, layered hills, the product shape and the title."""
    sky = _rgb(background)
    image = Image.new("RGB", COVER_SIZE, _mix(sky, (255, 255, 255), 0.6))
    draw = ImageDraw.Draw(image)
    rng = _rng(f"cover:{title}")
    for layer in range(4):
        colour = _mix(sky, (20, 40, 20), 0.2 + layer * 0.15)
        base = 300 + layer * 60
        points = [(0, 675)]
        for x in range(0, 1201, 60):
            points.append((x, base - 60 * math.sin(x / 180 + layer * 1.7) - rng.uniform(0, 25)))
        points.append((1200, 675))
        draw.polygon(points, fill=colour)
    MOTIFS.get(motif, _draw_pack)(draw, (820, 150, 1120, 450), _rgb(accent), rng)
    _caption(image, title, subtitle, _mix(sky, (255, 255, 255), 0.88))
    return _jpeg(image)
