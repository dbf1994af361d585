"""Chromium on a 360×740 phone: two sellers' products → guest COD checkout → each seller
sees only its own part. Prints the page weight of each checkout screen."""

import re

import pytest

from marketplace.notifications import sms
from tests.factories import SellerMemberFactory, UserFactory, sellable_product
from tests.journeys.journey import fill_delivery_address, send_address

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True}


def _weight(page, url) -> int:
    finished = []

    def collect(request):
        finished.append(request)

    page.on("requestfinished", collect)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("requestfinished", collect)
    return sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished)


def _code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)


def _sign_in(page, live_server, phone, next_url):
    page.goto(f"{live_server.url}/dang-nhap/?next={next_url}")
    page.get_by_label("Số điện thoại của bạn").fill(phone)
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.get_by_label("Mã gồm 6 chữ số").fill(_code())
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_buyer_cod_checkout_and_sellers_see_only_their_part(
    live_server, browser_service, capsys, admin_units
):
    tea, honey = sellable_product(), sellable_product()
    SellerMemberFactory(seller=tea.seller, user=UserFactory(phone="+84912000111"))
    SellerMemberFactory(seller=honey.seller, user=UserFactory(phone="+84912000222"))
    buyer = browser_service.new_context(**PHONE)
    page = buyer.context.new_page()
    page.set_default_timeout(15_000)
    weights = {}
    try:
        for product in (tea, honey):
            page.goto(live_server.url + product.get_absolute_url())
            page.locator("#add_to_basket_form button[type=submit]").click()
        weights["address"] = _weight(page, live_server.url + "/checkout/shipping-address/")
        send_address(fill_delivery_address(page))
        assert page.url.endswith("/checkout/preview/")
        weights["review"] = _weight(page, page.url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("button", name="Gửi mã cho tôi").click()
        page.locator("[name=code]").fill(_code())
        page.get_by_role("button", name="Đặt hàng").click()
        assert "/checkout/thank-you/" in page.url
        number = re.search(r"\b(1\d{5,})\b", page.content()).group(1)
        assert buyer.blocked == []
    finally:
        buyer.close()

    for product, other, phone in ((tea, honey, "0912 000 111"), (honey, tea, "0912 000 222")):
        seller = browser_service.new_context(**PHONE)
        seller_page = seller.context.new_page()
        seller_page.set_default_timeout(15_000)
        try:
            _sign_in(seller_page, live_server, phone, "/kenh-nguoi-ban/don-hang/")
            seller_page.goto(f"{live_server.url}/kenh-nguoi-ban/don-hang/")
            seller_page.get_by_role("link", name=re.compile(number)).click()
            html = seller_page.content()
            assert product.title in html
            assert other.title not in html
        finally:
            seller.close()
    with capsys.disabled():
        print(
            f"\ncheckout page weights (bytes on the wire): address={weights['address']} "
            f"review={weights['review']}; screens from basket to placed order: 2"
        )
