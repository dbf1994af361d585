"""The storefront: product page, cards, traceability page and printable labels."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.tasks import make_image_renditions
from sellers.models import Seller
from tests import factories

from .conftest import phone_jpeg

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db


def add_image(product, order):
    from django.core.files.base import ContentFile

    from catalog.images import clean_upload

    clean = clean_upload(phone_jpeg(size=(1200, 900), orientation=1))
    image = ProductImage(
        product=product, display_order=order, width=clean.width, height=clean.height
    )
    image.original.save(f"t{product.pk}-{order}.jpg", ContentFile(clean.content))
    make_image_renditions(image.pk)
    return image


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A fresh visitor each time: the "recently viewed" strip would add the other product.
    client.cookies.clear()
    client.get(url)  # warm caches (site root, templates)
    client.cookies.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_product_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    small = factories.sellable_product()
    add_image(small, 0)
    factories.OcopCertificateFactory(product=small)
    big = factories.sellable_product()
    for order in range(5):
        add_image(big, order)
    for n in range(3):
        factories.OcopCertificateFactory(product=big, stars=3 + n % 3, level="province")
    few = count_queries(client, small.get_absolute_url(), django_assert_max_num_queries)
    many = count_queries(client, big.get_absolute_url(), django_assert_max_num_queries)
    assert few == many
    assert many <= 14
    client.cookies.clear()
    with django_assert_max_num_queries(few):
        client.get(big.get_absolute_url())


def test_product_page_serves_responsive_pictures(client):
    product = factories.sellable_product(description="<script>alert(1)</script>Chè ngon")
    add_image(product, 0)
    add_image(product, 1)
    html = client.get(product.get_absolute_url()).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2
    first, second = pictures
    assert 'type="image/webp"' in first and "1024w" in first and "160w" in first
    assert 'loading="eager"' in first and 'loading="lazy"' in second
    assert re.search(r'width="\d+" height="\d+"', first)
    assert "<script>alert(1)" not in html  # seller text is never HTML
    assert html.count("<h1") == 1


def test_photos_show_before_renditions_exist(client):
    product = factories.sellable_product()
    image = add_image(product, 0)
    ProductImage.objects.filter(pk=image.pk).update(renditions=[])
    html = client.get(product.get_absolute_url()).content.decode()
    assert image.original.url in html and 'width="1200"' in html


def test_suspended_sellers_products_vanish(client):
    product = factories.sellable_product()
    url = product.get_absolute_url()
    assert client.get(url).status_code == 200
    Seller.objects.filter(pk=product.seller_id).update(status=Seller.Status.SUSPENDED)
    assert client.get(url).status_code == 404
    trace = reverse("trace:product", kwargs={"code": product.traceability_code})
    assert client.get(trace).status_code == 404


def test_every_product_gets_a_short_code_and_a_trace_page(client):
    product = factories.sellable_product()
    factories.OcopCertificateFactory(product=product, stars=4)
    code = product.traceability_code
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code)
    html = client.get(reverse("trace:product", kwargs={"code": code.lower()})).content.decode()
    assert product.seller.display_name in html
    assert product.seller.commune.name in html
    assert "OCOP 4★" in html
    assert client.get(reverse("trace:product", kwargs={"code": "NOPE2345"})).status_code == 404


def test_label_sheet_has_a_qr_code_per_product(client):
    member = factories.SellerMemberFactory()
    products = [factories.sellable_product(seller=member.seller) for _ in range(3)]
    client.force_login(member.user)
    response = client.get(reverse("catalog_manage:labels"))
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.count('class="segno"') == 3
    for product in products:
        assert product.traceability_code in svg


def test_label_print_page_has_one_a4_sheet_per_ten_labels(client):
    member = factories.SellerMemberFactory()
    products = [factories.sellable_product(seller=member.seller) for _ in range(12)]
    client.force_login(member.user)
    html = client.get(reverse("catalog_manage:labels_print")).content.decode()
    assert html.count('class="labels-sheet"') == 2
    sheets = html.split('class="labels-sheet"')[1:]
    assert [sheet.count('class="segno"') for sheet in sheets] == [10, 2]
    assert all('height="297mm"' in sheet for sheet in sheets)
    assert html.count("<h1") == 1 and "<title>" in html
    assert "labels-print.css" in html and "<script" not in html and "style=" not in html
    one = client.get(reverse("catalog_manage:labels_print"), {"product": products[0].pk})
    assert one.content.decode().count('class="segno"') == 1
    other = factories.sellable_product()
    for wanted in (other.pk, "abc"):
        response = client.get(reverse("catalog_manage:labels_print"), {"product": wanted})
        assert response.status_code == 404


def test_the_address_follows_the_title_and_the_old_one_redirects(client):
    product = factories.sellable_product(title="Sản phẩm mới")
    old = product.get_absolute_url()
    assert "/san-pham-moi_" in old
    product.title = "Mật ong rừng Tiên Yên – chai 1 lít"
    product.save()
    new = product.get_absolute_url()
    assert "/mat-ong-rung-tien-yen-chai-1-lit_" in new
    moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"] == new
    assert client.get(new).status_code == 200
