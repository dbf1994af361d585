"""Hostile uploads: refused, or re-encoded so nothing but pixels is kept; never a page."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import Image

from tests.hardening.conftest import sign_in, tiny_jpeg

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def bomb_png(side=30_000) -> bytes:
    """A PNG that is a few kilobytes on disk and 900 megapixels once decoded."""
    import struct

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (64, 48), (30, 120, 60))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 49.0, 12.34), 3: "E", 4: (105.0, 50.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


HOSTILE = {
    "bomb": ("anh.png", bomb_png(), "image/png"),
    "truncated": ("anh.jpg", tiny_jpeg((400, 300))[:200], "image/jpeg"),
    "polyglot": ("anh.jpg", tiny_jpeg() + HTML, "image/jpeg"),
    "svg_script": (
        "anh.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "html_named_jpg": ("anh.jpg", HTML, "image/jpeg"),
    "jpeg_named_html": ("anh.html", tiny_jpeg(), "text/html"),
    "gps": ("anh.jpg", gps_jpeg(), "image/jpeg"),
}


REFUSED = ("bomb", "truncated", "svg_script", "html_named_jpg")
ACCEPTED = ("gps", "jpeg_named_html", "polyglot")
PHOTO_REFUSALS = (
    "This photo is too large: the limit is %(mb)s MB.",
    "This photo has too many pixels.",
    "This file is not a photo we can read.",
    "Please send a JPEG, PNG, WebP or HEIC photo.",
    "This photo is damaged and cannot be read.",
)


def _shows_a_refusal(response, messages) -> bool:
    from django.utils.html import escape
    from django.utils.translation import gettext

    page = response.content.decode()
    return any(escape(gettext(m)).split("%(")[0] in page for m in messages)


def _kept_safe(stored: bytes) -> bool:
    image = Image.open(io.BytesIO(stored))
    return b"<script" not in stored and b"<html" not in stored and not image.getexif()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_product_photos(client, world, kind):
    name, data, content_type = HOSTILE[kind]
    sign_in(client, world, "seller_a")
    before = set(ProductImage.objects.values_list("pk", flat=True))
    response = client.post(
        f"/kenh-nguoi-ban/san-pham/{world.draft_a.pk}/anh/",
        {"photos": SimpleUploadedFile(name, data, content_type)},
    )
    assert response.status_code < 500
    added = ProductImage.objects.exclude(pk__in=before)
    if kind in ACCEPTED:
        assert added.count() == 1, "a real photo, whatever its name, is kept"
    for image in added:  # accepted: only clean pixels were kept, under an image name
        assert image.original.name.rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "webp")
        stored = image.original.read()
        assert _kept_safe(stored)
        served = client.get(image.original.url)
        assert served["Content-Type"].startswith("image/")
        assert served["X-Content-Type-Options"] == "nosniff"
    if kind in REFUSED:
        assert not added.exists()
        assert response.status_code == 200 and _shows_a_refusal(response, PHOTO_REFUSALS)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_certificate_scans(client, world, kind):
    name, data, content_type = HOSTILE[kind]
    sign_in(client, world, "seller_a")
    response = client.post(
        f"/kenh-nguoi-ban/san-pham/{world.product_a.pk}/chung-nhan/",
        {
            "stars": "4",
            "group": "beverage",
            "level": "province",
            "decision_number": f"99/{kind}",
            "issued_on": "2025-01-15",
            "scan": SimpleUploadedFile(name, data, content_type),
        },
    )
    assert response.status_code < 500
    certificate = world.product_a.ocop_certificates.filter(
        decision_number__startswith="99/"
    ).first()
    if kind in REFUSED:
        assert certificate is None, "a file that is not a picture or a PDF is refused"
        assert response.status_code == 200 and _shows_a_refusal(response, PHOTO_REFUSALS)
        return
    assert certificate is not None and certificate.scan, "the rest of the form was valid"
    stored = certificate.scan.read()
    assert stored.startswith(b"%PDF-") or _kept_safe(stored)


def _application(world, upload) -> dict:
    """Every field of the application a buyer sends, so only the paper can be refused."""
    x = world.shop_a.commune
    return {
        "kind": "household",
        "display_name": "Chè Tân Lập",
        "representative_name": "Trần Thu Hà",
        "phone": world.user("buyer").phone,
        "province": x.province_id,
        "commune": x.pk,
        "address": "Thôn Tân Lập",
        "produces": "Chè Shan Tuyết, 2 ha, sao tay.",
        "bank_bin": "970436",
        "bank_account_number": "0011009988776",
        "bank_account_holder": "TRAN THU HA",
        "id_document": upload,
        "submit": "1",
    }


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_identity_papers(client, world, kind):
    from sellers.models import Seller

    name, data, content_type = HOSTILE[kind]
    sign_in(client, world, "buyer")
    response = client.post(
        "/nguoi-ban/dang-ky/",
        _application(world, SimpleUploadedFile(name, data, content_type)),
    )
    assert response.status_code < 500
    mine = Seller.objects.filter(members__user=world.user("buyer"))
    if kind in REFUSED:
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"id_document"}  # only the paper
        assert not mine.filter(submitted_at__isnull=False).exists()
        return
    assert response.status_code == 302, response.context["form"].errors
    seller = mine.get(submitted_at__isnull=False)
    assert seller.id_document.name.endswith((".jpeg", ".jpg"))  # named by its content
    if kind == "gps":  # private, but still nobody's home position on file
        assert not Image.open(seller.id_document.open("rb")).getexif()
    sign_in(client, world, "staff_x")
    served = client.get(f"/nguoi-ban/ho-so/{seller.pk}/giay-to/")
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_identity_paper_refusal_needs_the_rest_of_the_form_valid(client, world):
    """Positive control: the same application with a real photo is submitted."""
    from sellers.models import Seller

    sign_in(client, world, "buyer")
    upload = SimpleUploadedFile("cccd.jpg", tiny_jpeg((64, 48)), "image/jpeg")
    response = client.post("/nguoi-ban/dang-ky/", _application(world, upload))
    assert response.status_code == 302
    assert Seller.objects.get(members__user=world.user("buyer")).submitted_at is not None
