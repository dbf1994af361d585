"""Fixtures for the catalogue: sellers who sign in, phone photos with GPS, private media."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


GPS_LATITUDE = (21.0, 49.0, 12.34)


def phone_jpeg(size=(1600, 1200), orientation=6, gps=True, colour=(30, 120, 60)) -> bytes:
    """A JPEG like a phone's: EXIF with camera, orientation and (optionally) GPS."""
    image = Image.new("RGB", size, colour)
    # A red block top-left, to check that rotation happened.
    image.paste((220, 20, 20), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (105.0, 50.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def has_gps_or_exif(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    return bool(exif) or b"GPS" in data or "exif" in image.info


def upload(name="anh.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else phone_jpeg(), content_type)


@pytest.fixture
def seller(db):
    return factories.SellerFactory()


@pytest.fixture
def owner(seller):
    return factories.SellerMemberFactory(seller=seller).user


@pytest.fixture
def seller_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def product(seller):
    record = factories.StockRecordFactory(product=factories.ProductFactory(seller=seller))
    return record.product
