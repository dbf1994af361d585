"""The photo pipeline: what phones send is checked, cleaned and resized."""

import io

import pillow_heif
import pytest
from PIL import Image

from catalog import images

from .conftest import has_gps_or_exif, phone_jpeg


def test_clean_upload_strips_gps_and_turns_the_photo_upright():
    data = phone_jpeg(size=(1600, 1200), orientation=6)
    assert has_gps_or_exif(data)

    clean = images.clean_upload(data)

    assert not has_gps_or_exif(clean.content)
    stored = Image.open(io.BytesIO(clean.content))
    # Orientation 6 = rotate 90° clockwise: landscape pixels become a portrait photo.
    assert (clean.width, clean.height) == stored.size == (1200, 1600)
    red = stored.getpixel((stored.width - 10, 10))
    assert red[0] > 180 and red[1] < 80  # the red corner moved to the top right


def test_heic_png_and_webp_are_accepted():
    source = Image.new("RGB", (800, 600), (200, 180, 40))
    heif = pillow_heif.from_pillow(source)
    out = io.BytesIO()
    heif.save(out, quality=70)
    assert images.clean_upload(out.getvalue()).width == 800
    for fmt in ("PNG", "WEBP"):
        buffer = io.BytesIO()
        Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, fmt)
        assert images.clean_upload(buffer.getvalue()).height == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a photo", "not a photo we can read"),
        (b"GIF89a" + b"\0" * 100, "not a photo we can read"),
        (phone_jpeg()[:4000], "damaged"),
    ],
    ids=["pdf", "gif", "truncated-jpeg"],
)
def test_other_files_are_refused_with_a_clear_message(data, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(images.ImageRejected) as caught:
        images.clean_upload(data)
    assert message in str(caught.value)


def test_gif_is_refused_by_content_not_name():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    with pytest.raises(images.ImageRejected):
        images.clean_upload(buffer.getvalue())


def test_pixel_bombs_and_huge_files_are_refused_before_decoding(settings):
    settings.CATALOG_IMAGE_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("L", (4000, 4000)).save(buffer, "PNG")  # compresses to a few KB
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(images.ImageRejected, match="pixels|điểm ảnh"):
        images.clean_upload(buffer.getvalue())
    settings.CATALOG_IMAGE_MAX_BYTES = 1000
    with pytest.raises(images.ImageRejected):
        images.clean_upload(phone_jpeg())


def test_renditions_come_in_webp_and_jpeg_without_metadata():
    made = images.make_renditions(phone_jpeg(size=(2000, 1500), orientation=1))
    assert [width for width, *_ in made] == [160, 320, 640, 1024]
    for width, height, jpeg, webp in made:
        assert height == round(1500 * width / 2000)
        assert Image.open(io.BytesIO(jpeg)).format == "JPEG"
        assert Image.open(io.BytesIO(webp)).format == "WEBP"
        assert not has_gps_or_exif(jpeg) and not has_gps_or_exif(webp)


def test_small_photos_are_not_upscaled():
    made = images.make_renditions(phone_jpeg(size=(500, 400), orientation=1))
    assert [width for width, *_ in made] == [160, 320, 500]
