"""The pages a newcomer opens first answer, in Vietnamese, with prices in đồng."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import OcopCertificateFactory, UserFactory, sellable_product

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def test_home_page_is_vietnamese_and_shows_featured_products(client):
    product = sellable_product(title="Chè Shan Tuyết Tân Lập")
    OcopCertificateFactory(product=product, stars=4)
    response = client.get("/")
    assert response.status_code == 200
    html = body(response)
    assert '<html lang="vi"' in html
    assert "Chè Shan Tuyết Tân Lập" in html
    assert "150.000\xa0₫" in html
    assert "OCOP 4★" in html


def test_home_page_features_the_best_rated_products_a_buyer_can_buy(client):
    unrated = sellable_product(title="Gạo Séng Cù mới về")
    three = sellable_product(title="Mật ong bạc hà")
    OcopCertificateFactory(product=three, stars=3)
    five = sellable_product(title="Chè Shan Tuyết cổ thụ")
    OcopCertificateFactory(product=five, stars=5)
    sold_out = sellable_product(title="Miến dong đã bán hết")
    OcopCertificateFactory(product=sold_out, stars=5)
    record = sold_out.stockrecords.get()
    record.num_in_stock = 0
    record.save()
    html = body(client.get("/"))
    shown = [html.find(p.title) for p in (five, three, unrated)]
    assert -1 not in shown and shown == sorted(shown)  # 5★, then 3★, then the rest
    assert sold_out.title not in html


def test_english_is_available_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en"' in body(response)
    assert "OCOP specialties" in body(response)


def test_catalogue_lists_public_products_with_vnd_prices(client):
    sellable_product(title="Chuối Viba Liên Sơn")
    hidden = sellable_product(title="Mật ong chưa duyệt")
    hidden.is_public = False
    hidden.save()
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    html = body(response)
    assert "Chuối Viba Liên Sơn" in html
    assert "150.000\xa0₫" in html
    assert "Mật ong chưa duyệt" not in html
    assert "Tất cả sản phẩm" in html


def test_products_of_a_suspended_seller_are_not_listed(client):
    product = sellable_product(title="Bí xanh Nam Thượng")
    product.seller.status = "suspended"
    product.seller.save()
    assert "Bí xanh Nam Thượng" not in body(client.get(reverse("catalogue:index")))
    assert client.get(product.get_absolute_url()).status_code == 404


def test_search_finds_products_without_diacritics(client):
    sellable_product(title="Chè Shan Tuyết Tân Lập")
    sellable_product(title="Dưa chuột Nam Thượng", description="Dưa chuột trồng trong nhà lưới.")
    html = body(client.get(reverse("search:search"), {"q": "che shan tuyet"}))
    assert "Chè Shan Tuyết Tân Lập" in html
    assert "Dưa chuột Nam Thượng" not in html


def test_catalogue_filters_by_verified_ocop_stars(client):
    five = sellable_product(title="Mật ong bạc hà Đồng Văn")
    OcopCertificateFactory(product=five, stars=5, level="national")
    pending = sellable_product(title="Gạo chưa xác minh")
    OcopCertificateFactory(product=pending, stars=5, status="pending")
    html = body(client.get(reverse("catalogue:index"), {"stars": "5"}))
    assert "Mật ong bạc hà Đồng Văn" in html
    assert "Gạo chưa xác minh" not in html


def test_catalogue_page_query_count_does_not_grow_with_products(
    client, django_assert_max_num_queries
):
    for n in range(3):
        sellable_product(title=f"Sản phẩm {n}")
    client.get(reverse("catalogue:index"))  # warm caches (site, categories)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("catalogue:index"))
    for n in range(12):
        sellable_product(title=f"Sản phẩm thêm {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("catalogue:index"))


def test_product_page_shows_price_origin_and_ocop_badge(client):
    product = sellable_product(title="Chè Shan Tuyết Tân Lập")
    OcopCertificateFactory(product=product, stars=4)
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    html = body(response)
    assert "150.000\xa0₫" in html
    assert "Tuyên Quang" in html
    assert "OCOP 4★" in html


def test_expired_certificate_shows_no_badge(client):
    import datetime

    product = sellable_product(title="Chè hết hạn chứng nhận")
    OcopCertificateFactory(product=product, stars=4, issued_on=datetime.date(2020, 1, 1))
    assert "OCOP 4★" not in body(client.get(product.get_absolute_url()))


def test_basket_adds_a_product_and_shows_the_total_in_dong(client):
    product = sellable_product(title="Chè Shan Tuyết Tân Lập")
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2}, follow=True
    )
    assert response.status_code == 200
    html = body(client.get(reverse("basket:summary")))
    assert "Chè Shan Tuyết Tân Lập" in html
    assert "300.000\xa0₫" in html


def test_seller_page_lists_only_that_sellers_products(client):
    mine = sellable_product(title="Chè của tôi")
    sellable_product(title="Chè nhà khác")
    response = client.get(mine.seller.get_absolute_url())
    assert response.status_code == 200
    assert "Chè của tôi" in body(response)
    assert "Chè nhà khác" not in body(response)


def test_dashboard_and_cms_ask_anonymous_users_to_sign_in(client):
    for url in ("/dashboard/", "/cms/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_operator_reaches_dashboard_and_cms(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/cms/").status_code == 200


def test_unknown_url_gives_a_styled_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body(response)
    assert "<h1" in body(response)


def test_server_error_page_leaks_nothing(client, settings):
    from marketplace.views import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Có lỗi xảy ra" in html
    assert "Traceback" not in html and "settings" not in html


def test_language_switch_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/en/").status_code == 200


def test_health_check_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}
