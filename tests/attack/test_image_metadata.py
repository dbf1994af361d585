"""Every stored image loses the phone's GPS position: CMS images, live covers, papers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from tests.factories import UserFactory
from tests.hardening.test_uploads import gps_jpeg

pytestmark = pytest.mark.django_db


def _gps(stored: bytes):
    return Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)


def test_the_fixture_photo_does_carry_a_position():
    assert _gps(gps_jpeg())  # so the tests below can fail


def test_cms_image_upload_keeps_no_position(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/cms/images/add/",
        {
            "title": "Đồi chè Tân Lập",
            "file": SimpleUploadedFile("doi-che.jpg", gps_jpeg(), "image/jpeg"),
            "collection": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Đồi chè Tân Lập")
    with image.file.open("rb") as stored:
        data = stored.read()
    assert not _gps(data)
    assert (image.width, image.height) == (64, 48)
    assert image.file_size == len(data)


def test_cms_multiple_upload_keeps_no_position(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/cms/images/multiple/add/",
        {"files[]": SimpleUploadedFile("hai-che.jpg", gps_jpeg(), "image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    image = get_image_model().objects.order_by("-pk").first()
    with image.file.open("rb") as stored:
        assert not _gps(stored.read())


def test_live_cover_keeps_no_position():
    from livestream.forms import LiveForm

    cover = LiveForm._clean_cover(SimpleUploadedFile("bia.jpg", gps_jpeg(), "image/jpeg"))
    assert not _gps(cover.read())
    cover.seek(0)
    assert Image.open(cover).size == (64, 48)
