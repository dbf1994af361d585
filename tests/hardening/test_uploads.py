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
    for image in added:  # accepted: only clean pixels were kept, under an image name
        assert image.original.name.rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "webp")
        stored = image.original.read()
        assert _kept_safe(stored)
        served = client.get(image.original.url)
        assert served["Content-Type"].startswith("image/")
        assert served["X-Content-Type-Options"] == "nosniff"
    if kind in ("bomb", "truncated", "svg_script", "html_named_jpg"):
        assert not added.exists()
        assert "photo" in response.content.decode().lower() or response.status_code == 200


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
    if certificate is None or not certificate.scan:
        return
    stored = certificate.scan.read()
    assert stored.startswith(b"%PDF-") or _kept_safe(stored)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_identity_papers(client, world, kind):
    name, data, content_type = HOSTILE[kind]
    sign_in(client, world, "buyer")
    response = client.post(
        "/nguoi-ban/dang-ky/",
        {
            "display_name": "Chè Tân Lập",
            "id_document": SimpleUploadedFile(name, data, content_type),
        },
    )
    assert response.status_code < 500
    from sellers.models import SellerMember

    member = SellerMember.objects.filter(user=world.user("buyer")).select_related("seller").first()
    if kind in ("bomb", "truncated", "svg_script", "html_named_jpg"):
        assert member is None or not member.seller.id_document
        return
    if member is None or not member.seller.id_document:
        return
    stored_name = member.seller.id_document.name
    assert not stored_name.endswith((".html", ".svg"))
    if kind == "gps":  # private, but still nobody's home position on file
        assert not Image.open(member.seller.id_document.open("rb")).getexif()
    sign_in(client, world, "staff_x")
    from sellers.models import Seller

    Seller.objects.filter(pk=member.seller.pk).update(status=Seller.Status.APPLIED)
    served = client.get(f"/nguoi-ban/ho-so/{member.seller.pk}/giay-to/")
    if served.status_code == 200:
        assert served["Content-Type"].startswith(("image/", "application/pdf"))
        assert served["X-Content-Type-Options"] == "nosniff"
