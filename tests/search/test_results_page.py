"""What a buyer sees on the search, catalogue and category pages, on both backends."""

import datetime
import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import OcopCertificateFactory, sellable_product

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductRecord = get_model("analytics", "ProductRecord")


def page(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    """Product titles in the order of the result cards (marks removed)."""
    cards = re.findall(r"<h3 class=\"mt-3\">\s*<a href=\"[^\"]+\"[^>]*>(.*?)</a>", html, re.S)
    return [re.sub(r"</?mark>", "", title).strip() for title in cards]


def test_results_mark_the_matching_words(backend, catalogue, client):
    html = page(client, q="che shan tuyet")
    assert "<mark>Shan</mark>" in html
    assert re.search(r"<mark>Tuy(ế|e)t</mark>", html)


def test_the_answering_backend_is_the_configured_one(backend, catalogue, client):
    html = page(client, q="chuoi")
    assert f'data-search-backend="{backend}"' in html


def test_province_facet_narrows_and_counts(backend, catalogue, client):
    html = page(client, q="", province="tuyen-quang")
    titles = card_titles(html)
    assert titles and all(
        catalogue[t].seller.commune.province.slug == "tuyen-quang" for t in titles
    )
    assert re.search(r"Tuyên Quang \(\d+\)", html)


def test_stars_facet_counts_only_verified_unexpired_certificates(
    backend, catalogue, client, reindex
):
    expired = sellable_product(title="Mắm tôm hết hạn chứng nhận")
    OcopCertificateFactory(product=expired, stars=5, issued_on=datetime.date(2019, 1, 1))
    pending = sellable_product(title="Mắm tôm chờ xác minh")
    OcopCertificateFactory(product=pending, stars=5, status="pending")
    reindex()
    titles = card_titles(page(client, stars="5"))
    assert titles == ["Trà Shan Tuyết cổ thụ Hoàng Su Phì – túi 200 g"]
    assert 'id="f-stars-5"' in page(client, q="")


def test_price_band_and_seller_kind_facets(backend, catalogue, client):
    titles = card_titles(page(client, price="0-50000", kind="cooperative"))
    assert titles
    for title in titles:
        product = catalogue[title]
        assert product.stockrecords.first().price < 50000
        assert product.seller.kind == "cooperative"


def test_category_facet_and_category_page_use_the_same_backend(backend, catalogue, client, reindex):
    tea = Category.add_root(name="Chè & đồ uống", slug="che-do-uong")
    for title in ("Chè Tân Cương Thái Nguyên – hộp 200 g", "Hồng trà Shan Tuyết – hộp 100 g"):
        ProductCategory.objects.create(product=catalogue[title], category=tea)
    reindex()
    assert set(card_titles(page(client, category=tea.pk))) == {
        "Chè Tân Cương Thái Nguyên – hộp 200 g",
        "Hồng trà Shan Tuyết – hộp 100 g",
    }
    response = client.get(tea.get_absolute_url(), {"q": "tan cuong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert card_titles(html) == ["Chè Tân Cương Thái Nguyên – hộp 200 g"]
    assert f'data-search-backend="{backend}"' in html


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("price-asc", "Bí xanh thơm Nam Thượng"),
        ("price-desc", "Chè Shan Tuyết Tân Lập – gói 500 g"),
        ("newest", "Cà pháo muối xổi – hũ 1 kg"),
    ],
)
def test_sorting(backend, catalogue, client, sort, first):
    assert card_titles(page(client, sort=sort))[0] == first


def test_best_selling_sort(backend, catalogue, client, reindex):
    ProductRecord.objects.create(product=catalogue["Cam Cao Phong – thùng 5 kg"], num_purchases=40)
    ProductRecord.objects.create(product=catalogue["Dưa chuột Nam Thượng"], num_purchases=7)
    reindex()
    titles = card_titles(page(client, sort="best-selling"))
    assert titles[:2] == ["Cam Cao Phong – thùng 5 kg", "Dưa chuột Nam Thượng"]


def test_nothing_found_suggests_a_correction_and_popular_products(backend, catalogue, client):
    html = page(client, q="chuio xqzwv")
    assert "Chuối" not in "".join(card_titles(html.split("popular-heading")[0]))
    assert re.search(r'<a href="\?q=chuoi">chuoi</a>', html)
    assert 'id="popular-heading"' in html
    assert len(card_titles(html)) >= 3


def test_a_query_that_matches_nothing_still_shows_popular_products(backend, catalogue, client):
    html = page(client, q="qxzvw")
    assert "popular-heading" in html and card_titles(html)


def test_typo_only_queries_show_corrected_results(backend, catalogue, client):
    html = page(client, q="nuoc mamm")
    assert card_titles(html)[0] == "Nước mắm Phú Quốc 40 độ đạm – chai 500 ml"


def test_pages_after_the_last_show_the_first_page(backend, catalogue, client):
    html = page(client, q="", page="99999")
    assert card_titles(html)
    assert "Trang không tồn tại" in html


def test_results_page_is_usable_without_javascript(backend, catalogue, client):
    html = page(client, q="mien dong", province="quang-ninh")
    assert html.count("<h1") == 1
    assert '<label for="browse-q">' in html
    assert re.search(r'<form method="get"\s+action="/search/"', html)
    assert 'list="browse-suggestions"' in html and '<datalist id="browse-suggestions">' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique (labels and lists use them)"


def test_query_count_does_not_grow_with_results(
    backend, catalogue, client, reindex, django_assert_max_num_queries
):
    page(client, q="nam thuong")  # warm caches (site, places)
    with django_assert_max_num_queries(40) as few:
        assert len(card_titles(page(client, q="nam thuong"))) == 3
    for n in range(12):
        sellable_product(
            title=f"Rau cải Nam Thượng bó {n}", seller=catalogue["Dưa chuột Nam Thượng"].seller
        )
    reindex()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(card_titles(page(client, q="nam thuong"))) == 15


def test_suggestions_need_two_characters_and_list_products_and_sellers(backend, catalogue, client):
    url = reverse("search:suggest")
    assert client.get(url, {"q": "c"}).json()["suggestions"] == []
    data = client.get(url, {"q": "mien d"}).json()
    labels = {s["label"] for s in data["suggestions"] if s["kind"] == "product"}
    assert labels == {"Miến dong Bình Liêu – gói 500 g", "Miến dong Na Rì – gói 1 kg"}
    sellers = client.get(url, {"q": "htx mien"}).json()["suggestions"]
    assert {"kind": "seller", "label": "HTX Miến dong Bình Liêu"} in [
        {"kind": s["kind"], "label": s["label"]} for s in sellers
    ]
    assert all(s["url"].startswith("/") for s in data["suggestions"])


def test_livestream_facet_keeps_products_of_lives_on_now_or_coming_up(
    backend, catalogue, client, reindex
):
    from django.utils import timezone

    from livestream.models import LiveProduct, LiveSession
    from tests.factories import UserFactory

    host, now = UserFactory(), timezone.now()

    def show(title, code, starts, status="scheduled"):
        product = catalogue[title]
        live = LiveSession.objects.create(
            seller=product.seller,
            title="Hái chè trên đồi",
            platform="youtube",
            stream_url="http://127.0.0.1/live",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            status=status,
            created_by=host,
        )
        LiveProduct.objects.create(live=live, product=product, code=code)

    show("Chè Shan Tuyết búp Tân Lập – hộp 100 g", "L1", now + datetime.timedelta(hours=2))
    show(
        "Mật ong bạc hà Đồng Văn – chai 500 ml",
        "L2",
        now + datetime.timedelta(hours=2),
        "cancelled",
    )
    show("Chuối Viba Liên Sơn – nải", "L3", now - datetime.timedelta(hours=3))  # long over
    reindex()
    assert card_titles(page(client, live="1")) == ["Chè Shan Tuyết búp Tân Lập – hộp 100 g"]
    assert re.search(r'id="f-live-1"[^>]*>\s*<label for="f-live-1">[^<]+\(1\)', page(client))
