"""Vietnamese pages carry no English words a buyer or seller would read."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from tests.factories import OcopCertificateFactory, sellable_product

from .english_text import english_on_pages, english_text, is_english

pytestmark = pytest.mark.django_db


def test_the_detector_flags_english_and_allows_names():
    assert is_english("38 products") and is_english("Page 1 of 2") and is_english("Oops!")
    assert not is_english("Thanh toán bằng VietQR") and not is_english("OCOP 4★")
    assert not is_english("Mã A3HZZNX9") and not is_english("A3HZZNX9")
    assert english_text('<nav aria-label="Breadcrumb"><a href="/">Home</a></nav>') == [
        '<nav aria-label="Breadcrumb">',
        "Home",
    ]


@pytest.fixture
def shop(db, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2  # three products make two pages
    products = [sellable_product(title=f"Chè Shan Tuyết số {n}") for n in range(3)]
    OcopCertificateFactory(product=products[0], stars=4)
    return products


def pages(shop):
    product = shop[0]
    return [
        "/",
        reverse("catalogue:index"),
        reverse("catalogue:index") + "?page=2",
        product.get_absolute_url(),
        reverse("search:search") + "?q=che",
    ]


def test_vietnamese_pages_have_no_english_text(client, shop):
    assert english_on_pages(client, pages(shop)) == {}
    catalogue = client.get(reverse("catalogue:index")).content.decode()
    assert "3 sản phẩm" in catalogue and "Trang 1 / 2" in catalogue


def test_machine_like_vietnamese_from_django_and_oscar_is_replaced():
    with translation.override("vi"):
        error = forms.IntegerField().clean
        with pytest.raises(forms.ValidationError) as raised:
            error("abc")
        assert raised.value.messages == ["Hãy nhập một số nguyên."]
        words = " ".join(
            translation.gettext(text)
            for text in (
                "Oops! We found some errors",
                "This is not a valid local or international phone format.",
            )
        )
    assert "Oops" not in words and "quốc tể" not in words and "Có vài chỗ cần sửa" in words
