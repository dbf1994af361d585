"""Photo pipeline and product page figures.

    python -m bench.images

Prints: time and peak memory to turn one 12-megapixel JPEG and one HEIC into all
renditions; bytes of a product page's HTML and of the image a 360 px wide phone loads
first; SQL queries of the product page and the catalogue page. Uses the embedded
settings and the demo data (``make demo``) for the page figures. Never fails on a number.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time


def sample_photos() -> dict[str, bytes]:
    """A 4000 × 3000 (12 MP) phone-like JPEG with EXIF and the same picture as HEIC."""
    import pillow_heif
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (4000, 3000), (40, 110, 60))
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 50):  # detail, so encoders have work to do
        draw.line([(i, 0), (4000 - i, 3000)], fill=(i % 255, 180, 90), width=7)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (21.0, 49.0, 12.3), 3: "E", 4: (105.0, 50.0, 1.0)}
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=90, exif=exif)
    heic = io.BytesIO()
    pillow_heif.from_pillow(image).save(heic, quality=80)
    return {"12 MP JPEG": jpeg.getvalue(), "12 MP HEIC": heic.getvalue()}


def _peak_rss_mb() -> float:
    """The process's resident high-water mark (VmHWM), which, unlike ru_maxrss, an exec
    does not inherit from the parent."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _process_in_child(name: str, path: str) -> None:
    """Run in a fresh interpreter: one photo through the whole pipeline, then report."""
    from catalog import images

    with open(path, "rb") as handle:
        data = handle.read()
    baseline = _peak_rss_mb()
    start = time.perf_counter()
    clean = images.clean_upload(data)
    made = images.make_renditions(clean.content)
    seconds = time.perf_counter() - start
    peak = _peak_rss_mb()
    out = ", ".join(f"{w}px {len(j) // 1024}/{len(wp) // 1024} KB" for w, _h, j, wp in made)
    print(
        f"{name:14} {len(data):>10} {seconds:>8.2f} {peak:>8.0f} "
        f"{peak - baseline:>8.0f} {len(made):>5}"
    )
    print(f"{'':14} jpeg/webp: {out}")


def pipeline_figures() -> None:
    import subprocess
    import tempfile

    print(f"{'input':14} {'bytes in':>10} {'seconds':>8} {'peak MB':>8} {'+MB':>8} {'widths':>5}")
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, data) in enumerate(sample_photos().items()):
            path = os.path.join(folder, f"{index}.img")
            with open(path, "wb") as handle:
                handle.write(data)
            # A fresh process per photo, so each peak resident size is its own.
            command = [sys.executable, "-m", "bench.images", "--one", name, path]
            subprocess.run(command, check=False)
    print("(peak MB: the process's maximum resident size; +MB: growth while processing)")


def page_figures() -> None:
    from django.db import DatabaseError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalog.selectors import public_products

    try:
        product = public_products().filter(images__isnull=False).order_by("pk").first()
    except DatabaseError:  # no demo database yet (never migrated)
        product = None
    if product is None:
        print("No demo products: run `make demo` (or manage.py load_demo) for page figures.")
        return
    client = Client(HTTP_HOST="127.0.0.1")
    for label, url in (("product page", product.get_absolute_url()), ("catalogue", "/catalogue/")):
        client.cookies.clear()
        client.get(url)
        client.cookies.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(
            f"{label:14} HTTP {response.status_code}, {len(queries.captured_queries)} queries, "
            f"{len(response.content)} bytes of HTML"
        )
        if label == "product page":
            first_image_bytes(response.content.decode())


def first_image_bytes(html: str) -> None:
    """The file a 360 px, 2× phone picks from the first picture's WebP srcset."""
    from django.conf import settings

    match = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
    if not match:
        print("first image: no renditions yet (run the demo loader)")
        return
    candidates = [c.strip().rsplit(" ", 1) for c in match.group(1).split(",")]
    # sizes="100vw" at 360 CSS px: 1× wants ≥360 px, 2× ≥720 px.
    for density in (1, 2):
        need = 360 * density
        url = next((u for u, w in candidates if int(w[:-1]) >= need), candidates[-1][0])
        path = os.path.join(settings.MEDIA_ROOT, url.removeprefix(settings.MEDIA_URL))
        print(
            f"first image at 360 px, {density}x: {url.rsplit('/', 1)[-1]} "
            f"{os.path.getsize(path)} bytes (WebP)"
        )


def share_card_figures(runs: int = 10) -> None:
    """The 1200×630 share card (catalog.share) drawn from the 12 MP photo."""
    import statistics
    import time

    from catalog.share import draw

    photo = sample_photos()["12 MP JPEG"]
    card = {
        "title": "Mật ong rừng Tiên Yên nguyên chất chai thủy tinh 1 lít",
        "price": "265.000 ₫",
        "stars": 4,
        "seller": "Hợp tác xã mật ong Tiên Yên",
        "village": "Xã Tiên Yên, Quảng Ninh",
        "photo": "x",
    }
    timings, body = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        body = draw(card, photo)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"share card from the 12 MP JPEG: {len(body) / 1024:.0f} KB, drawn in "
        f"{statistics.median(timings):.0f} ms (median of {runs}; max {max(timings):.0f} ms)"
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        _process_in_child(sys.argv[2], sys.argv[3])
        return 0
    pipeline_figures()
    share_card_figures()
    page_figures()
    return 0


if __name__ == "__main__":
    sys.exit(main())
