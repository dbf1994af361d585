"""A product link shared on Zalo or Facebook shows a picture, the price and the stars."""

import io
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from PIL import Image

from catalog.share import HEIGHT, WIDTH
from tests.factories import OcopCertificateFactory, sellable_product

from .conftest import phone_jpeg

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


@pytest.fixture
def honey(settings, tmp_path):
    from django.core.files.base import ContentFile
    from oscar.core.loading import get_model

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    product = sellable_product(title="Mật ong rừng Tiên Yên chai 1 lít")
    OcopCertificateFactory(product=product, stars=4)
    image = get_model("catalogue", "ProductImage")(product=product, display_order=0)
    image.original.save("mat-ong.jpg", ContentFile(phone_jpeg(size=(4000, 3000))), save=True)
    return product


def test_the_product_page_carries_open_graph_and_twitter_tags(honey):
    html = Client().get(honey.get_absolute_url()).content.decode()
    tags = dict(META.findall(html))
    assert tags["og:title"] == "Mật ong rừng Tiên Yên chai 1 lít"
    assert "150.000 ₫" in tags["og:description"] and "OCOP 4★" in tags["og:description"]
    assert tags["og:url"].endswith(honey.get_absolute_url())
    assert tags["og:image"].startswith("http://testserver/chia-se/san-pham/")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["product:price:amount"] == "150000" and tags["product:price:currency"] == "VND"
    # Without JavaScript the share box still gives the link to copy and a Facebook link.
    assert 'id="share-link"' in html and "facebook.com/sharer" in html


def test_the_share_picture_is_small_fast_and_changes_with_the_price(honey):
    html = Client().get(honey.get_absolute_url()).content.decode()
    image_url = dict(META.findall(html))["og:image"].replace("http://testserver", "")
    started = time.perf_counter()
    response = Client().get(image_url)
    drawn = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    body = b"".join(response) if response.streaming else response.content
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.size == (WIDTH, HEIGHT)
    assert len(body) <= 80 * 1024, len(body)
    print(f"\nshare picture: {len(body) / 1024:.0f} KB, drawn and served in {drawn * 1000:.0f} ms")

    record = honey.stockrecords.get()
    record.price = 210000
    record.save()
    html = Client().get(honey.get_absolute_url()).content.decode()
    assert dict(META.findall(html))["og:image"].replace("http://testserver", "") != image_url


def test_a_hidden_product_has_no_share_picture(honey):
    honey.is_public = False
    honey.save()
    assert Client().get(reverse("share-product", args=[honey.pk])).status_code == 404


def test_seller_and_story_pages_share_their_own_title_and_a_products_picture(honey):
    from catalog.stories import access

    seller_page = Client().get(reverse("sellers:detail", args=[honey.seller.slug]))
    tags = dict(META.findall(seller_page.content.decode()))
    assert tags["og:title"] == honey.seller.display_name
    assert tags["og:type"] == "website"
    assert f"/chia-se/san-pham/{honey.pk}.jpg?v=" in tags["og:image"]
    story = access.ensure_producer_story(honey.seller)
    story.summary = "Ba thế hệ nuôi ong   trong rừng Tiên Yên."
    story.save_revision().publish()
    tags = dict(META.findall(Client().get(story.url).content.decode()))
    assert tags["og:description"] == "Ba thế hệ nuôi ong trong rừng Tiên Yên."
    assert tags["twitter:card"] in ("summary", "summary_large_image")
