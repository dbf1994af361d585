"""Weak-signal figures: one phone photo's upload, the seller app's size, share cards.

    python -m bench.offline [--cards 20]

Prints:
1. bytes sent for one 12-megapixel phone photo: a grainy 4000 × 3000 JPEG made with
   Pillow, shrunk in headless Chromium (Debian's) by the seller app's own code
   (``sellers/static/sellers/app/drafts.js``) and sent as the app sends it; the request
   body is counted where the page hands it over, and nothing leaves the page;
2. the seller channel's offline shell (the offline page and the files the worker keeps)
   and the worker itself (``sw.js`` and the draft code it imports), in bytes;
3. share card drawing time (median and p95) and bytes over ``--cards`` products, each
   with its own photo.

Runs Django in-process on the test settings without a database (none of this reads one).
Never fails on a number.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "sellers" / "static" / "sellers" / "app"
ORIGIN = "http://127.0.0.1:9"  # never contacted: the page's routes answer everything


def phone_photo(width=4000, height=3000) -> bytes:
    """A 12 MP JPEG with sensor-like grain and a smooth scene, about 5 MB."""
    from PIL import Image

    noise = Image.effect_noise((width, height), 60)
    light = Image.linear_gradient("L").resize((width, height))
    red = Image.blend(noise, light, 0.5)
    green = Image.blend(noise.transpose(Image.FLIP_LEFT_RIGHT), light.rotate(180), 0.5)
    blue = light.transpose(Image.FLIP_TOP_BOTTOM)
    out = io.BytesIO()
    Image.merge("RGB", (red, green, blue)).save(out, "JPEG", quality=85)
    return out.getvalue()


def photo_upload(photo: bytes) -> dict:
    """Shrink and send ``photo`` in Chromium as the seller app does; what went over."""
    from tests.services.browser import Browser

    # The pages' scripts: drafts.js sends, app.js shrinks (it needs a canvas).
    page_html = (
        f'<!doctype html><input type="file"><script src="{ORIGIN}/drafts.js"></script>'
        f'<script src="{ORIGIN}/app.js" data-text="{{}}"></script>'
    )
    sent = []

    def answer(route):
        url = route.request.url
        if url.endswith(".js"):
            script = APP_DIR / url.rsplit("/", 1)[1]
            route.fulfill(body=script.read_text(), content_type="text/javascript")
        elif url.endswith("/send"):
            sent.append(len(route.request.post_data_buffer or b""))
            route.fulfill(json={"product": 1, "photos": 1, "next": "/"})
        else:
            route.fulfill(body=page_html, content_type="text/html")

    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        path = Path(folder) / "IMG_0001.jpg"
        path.write_bytes(photo)
        context = browser.browser.new_context()
        context.route("**/*", answer)
        page = context.new_page()
        page.goto(ORIGIN + "/")
        page.set_input_files("input", str(path))
        started = time.perf_counter()
        shrunk = page.evaluate(
            """async () => {
                const file = document.querySelector("input").files[0];
                const blob = await ClDrafts.shrink(file);
                const bitmap = await createImageBitmap(blob);
                const draft = {id: crypto.randomUUID(), kind: "new", url: "/send",
                  state: "waiting", photos: [{key: crypto.randomUUID(), blob, sent: false}]};
                await ClDrafts.put("bench", draft);
                await ClDrafts.send("bench", draft, "bench");
                return {blob: blob.size, width: bitmap.width, height: bitmap.height};
            }"""
        )
        shrunk["seconds"] = time.perf_counter() - started
        context.close()
    shrunk["sent"] = sum(sent)
    return shrunk


def app_sizes() -> dict:
    from django.contrib.staticfiles import finders
    from django.test import Client

    from sellers.offline import SHELL_FILES

    client = Client()
    offline = client.get("/kenh-nguoi-ban/ngoai-tuyen/").content
    worker = client.get("/kenh-nguoi-ban/sw.js").content
    files = {name: Path(finders.find(name)).stat().st_size for name in SHELL_FILES}
    manifest = client.get("/kenh-nguoi-ban/ung-dung.webmanifest").content
    return {
        "offline page": len(offline),
        **files,
        "shell": len(offline) + sum(files.values()),
        "sw.js": len(worker),
        "worker": len(worker) + files["sellers/app/drafts.js"],
        "manifest": len(manifest),
    }


def share_cards(count: int) -> list[tuple[float, int]]:
    from PIL import Image

    from catalog import share

    rng = random.Random(21)
    results = []
    for n in range(count):
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        picture = Image.effect_noise((1600, 1200), 30).convert("RGB")
        picture = Image.blend(picture, Image.new("RGB", picture.size, colour), 0.7)
        photo = io.BytesIO()
        picture.save(photo, "JPEG", quality=82)
        card = {
            "title": f"Chè Shan Tuyết búp khô Tân Lập loại đặc biệt số {n + 1}",
            "price": f"{rng.randrange(50, 900)}.000 ₫",
            "stars": rng.choice([None, 3, 4, 5]),
            "seller": "Hợp tác xã chè Shan Tuyết Tân Lập",
            "village": "Xã Tân Lập, Tuyên Quang",
            "photo": f"products/{n}.jpg",
        }
        started = time.perf_counter()
        body = share.draw(card, photo.getvalue())
        results.append(((time.perf_counter() - started) * 1000, len(body)))
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    photo = phone_photo()
    upload = photo_upload(photo)
    print("One 12 MP phone photo (4000 × 3000 JPEG), shrunk on the phone before upload")
    print(f"  original file                {len(photo):>10,} bytes")
    print(
        f"  shrunk photo                 {upload['blob']:>10,} bytes  "
        f"({upload['width']} × {upload['height']}, {upload['seconds']:.2f} s)"
    )
    print(f"  request body sent            {upload['sent']:>10,} bytes  (target ≤ 409,600)")

    sizes = app_sizes()
    print("Seller app (bytes, uncompressed)")
    for name, size in sizes.items():
        note = {"shell": "  (target ≤ 61,440)", "worker": "  (target ≤ 10,240)"}.get(name, "")
        print(f"  {name:<28} {size:>10,}{note}")

    cards = share_cards(args.cards)
    times = [t for t, _ in cards]
    sizes_ = [b for _, b in cards]
    print(f"Share cards (1200 × 630 JPEG, {len(cards)} products)")
    print(f"  drawing time median / p95    {statistics.median(times):.0f} / {p95(times):.0f} ms")
    print(f"  bytes median / largest       {statistics.median(sizes_):,.0f} / {max(sizes_):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
