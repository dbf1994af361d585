"""A journey per role, in Chromium on a 360×740 phone, in Vietnamese, screen by screen.

Farmer: apply → approved → list a product with a photo → see the sale. Commune officer:
queue → review an application → approve → the commune's report. Buyer: search without
accents → products of two sellers → cash on delivery, then VietQR. Seller: the order →
the packing slip → confirmed, packed and shipped. Each screen is checked by
``Journey.step`` (no error, no English, fits the phone, a way on) and kept as a
screenshot.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payments.services import start_payment
from sellers import services as seller_services
from sellers.models import CommuneStaff, Seller
from tests.catalog.conftest import phone_jpeg
from tests.checkout.helpers import basket_with, place
from tests.factories import SellerMemberFactory, UserFactory, commune, sellable_product

from .journey import (
    PHONE,
    Journey,
    fill_application,
    fill_delivery_address,
    last_code,
    send_address,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Product = get_model("catalogue", "Product")


def _phone(browser_service):
    context = browser_service.new_context(**PHONE)
    page = context.context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_farmer_applies_is_approved_lists_with_a_photo_and_sees_the_sale(
    live_server, browser_service, outbox, admin_units, tmp_path
):
    staff = UserFactory(phone="+84912777888")
    CommuneStaff.objects.create(user=staff, commune=commune("Vĩnh Tuy", "Tuyên Quang"))
    context, page = _phone(browser_service)
    farmer = Journey("farmer", page)
    try:
        sign_in(farmer, live_server, "0912 345 678", "/nguoi-ban/dang-ky/")
        farmer.step("application form")
        fill_application(page, "Chè Bà Hoa", "Nguyễn Thị Hoa")
        page.get_by_role("button", name="Gửi hồ sơ").click()
        farmer.step("application sent")
        # "Kênh người bán" in the menu leads the applicant to where the application stands.
        page.get_by_role("link", name="Kênh người bán").first.click()
        assert page.url.endswith(reverse("sellers:application")), page.url
        assert "Chè Bà Hoa" in farmer.step("waiting for the commune")

        seller = Seller.objects.get(display_name="Chè Bà Hoa")
        seller_services.decide(actor=staff, seller=seller, decision="approve")
        page.goto(f"{live_server.url}/kenh-nguoi-ban/")
        farmer.step("shop open")

        photo = tmp_path / "IMG_0001.jpg"
        photo.write_bytes(phone_jpeg(size=(1600, 1200)))
        page.goto(f"{live_server.url}/kenh-nguoi-ban/san-pham/moi/")
        farmer.step("new product: photos")
        page.set_input_files("input[name=photos]", str(photo))
        page.get_by_role("button", name="Tiếp tục").click()
        farmer.step("new product: details")
        page.get_by_label("Tên sản phẩm").fill("Chè Shan Tuyết búp Bà Hoa")
        page.get_by_label("Đơn vị bán").select_option("hop")
        page.get_by_label("Giá (đồng)").fill("180.000")
        page.get_by_label("Số lượng còn").fill("15")
        page.get_by_role("button", name="Tiếp tục").click()
        farmer.step("new product: check before publishing")
        page.get_by_role("button", name="Đăng bán", exact=True).click()
        farmer.step("product listed")
        product = Product.objects.get(seller=seller)
        assert product.is_public and product.images.count() == 1
        assert product.stockrecords.get().price == 180000
        page.goto(live_server.url + product.get_absolute_url())
        assert "180.000" in farmer.step("the product as buyers see it")

        order = place(basket_with(product, quantity=2))
        page.goto(f"{live_server.url}/kenh-nguoi-ban/don-hang/")
        farmer.step("orders")
        page.get_by_role("link", name=re.compile(order.number)).click()
        assert "Chè Shan Tuyết búp Bà Hoa" in farmer.step("the order")
        assert context.blocked == []
    finally:
        context.close()
    print(f"\nfarmer journey: {len(farmer.steps)} screens: " + " → ".join(farmer.steps))


def test_commune_officer_reviews_an_application_and_reads_the_report(
    live_server, browser_service, outbox, admin_units
):
    place_ = commune("Vĩnh Tuy", "Tuyên Quang")
    staff = UserFactory(phone="+84912777888")
    CommuneStaff.objects.create(user=staff, commune=place_)
    applicant = SellerMemberFactory(
        seller__display_name="Mật ong Tiên Yên",
        seller__status=Seller.Status.APPLIED,
        seller__commune=place_,
        seller__partner=None,
        seller__approved_at=None,
    ).seller
    Seller.objects.filter(pk=applicant.pk).update(submitted_at=timezone.now())
    applicant.id_document.save("cccd.jpg", ContentFile(phone_jpeg(size=(800, 500))))
    context, page = _phone(browser_service)
    officer = Journey("officer", page)
    try:
        sign_in(officer, live_server, "0912 777 888", "/can-bo-xa/")
        assert "Mật ong Tiên Yên" in officer.step("applications to review")
        page.get_by_role("link", name="Mật ong Tiên Yên").click()
        officer.step("the application")
        page.get_by_role("button", name="Duyệt").click()
        officer.step("approved")
        assert Seller.objects.get(pk=applicant.pk).status == Seller.Status.APPROVED
        page.goto(f"{live_server.url}/can-bo-xa/bao-cao/")
        officer.step("the commune's report")
        assert context.blocked == []
    finally:
        context.close()
    print(f"\nofficer journey: {len(officer.steps)} screens: " + " → ".join(officer.steps))


def _checkout_address(journey: Journey) -> None:
    form = fill_delivery_address(journey.page)
    journey.step("delivery address")
    send_address(form)


def test_buyer_searches_without_accents_buys_from_two_sellers_by_cod_then_vietqr(
    live_server, browser_service, outbox, admin_units
):
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    honey = sellable_product(title="Mật ong rừng Tiên Yên")
    assert tea.seller != honey.seller
    context, page = _phone(browser_service)
    buyer = Journey("buyer", page)
    try:
        page.goto(live_server.url + "/")
        buyer.step("home")
        for words, product in (("che shan tuyet", tea), ("mat ong rung", honey)):
            page.locator("form[role=search] input[name=q]").first.fill(words)
            page.locator("form[role=search] input[name=q]").first.press("Enter")
            assert product.title in buyer.step(f"search '{words}'")
            page.get_by_role("link", name=product.title).first.click()
            buyer.step(f"product: {product.title}")
            page.locator("#add_to_basket_form button[type=submit]").click()
        page.goto(live_server.url + reverse("basket:summary"))
        basket = buyer.step("basket with two sellers")
        assert tea.seller.display_name in basket and honey.seller.display_name in basket
        page.goto(live_server.url + "/checkout/shipping-address/")
        _checkout_address(buyer)
        buyer.step("review: cash on delivery")
        page.get_by_role("button", name="Gửi mã cho tôi").click()
        page.locator("[name=code]").fill(last_code())
        buyer.step("review: code typed")
        page.get_by_role("button", name="Đặt hàng").click()
        assert "/checkout/thank-you/" in page.url
        buyer.step("thank you (cash on delivery)")

        page.goto(live_server.url + honey.get_absolute_url())
        page.locator("#add_to_basket_form button[type=submit]").click()
        page.goto(live_server.url + "/checkout/shipping-address/")
        _checkout_address(buyer)
        page.get_by_label("Chuyển khoản ngân hàng (VietQR)").check()
        buyer.step("review: VietQR")
        page.get_by_role("button", name="Đặt hàng").click()
        html = buyer.step("pay by VietQR")
        assert "VietQR" in html and ("<svg" in html or "<img" in html)
        assert context.blocked == []
    finally:
        context.close()
    print(f"\nbuyer journey: {len(buyer.steps)} screens: " + " → ".join(buyer.steps))


def test_seller_fulfils_an_order_with_its_packing_slip(
    live_server, browser_service, outbox, admin_units
):
    tea = sellable_product(title="Chè Shan Tuyết Tân Lập")
    SellerMemberFactory(seller=tea.seller, user=UserFactory(phone="+84912000111"))
    order = place(basket_with(tea, quantity=2))
    start_payment(order=order, method="cod")
    context, page = _phone(browser_service)
    seller = Journey("seller", page)
    try:
        sign_in(seller, live_server, "0912 000 111", "/kenh-nguoi-ban/don-hang/")
        seller.step("orders")
        page.get_by_role("link", name=re.compile(order.number)).click()
        part = seller.step("the order")
        assert "Thu" in part and "tiền mặt" in part
        page.get_by_role("link", name="In phiếu giao hàng").click()
        slip = seller.step("packing slip")
        assert "Nguyễn Thị Chúc" in slip and "Xã Vĩnh Tuy" in slip
        page.go_back()
        for status in ("confirmed", "packed", "shipped"):
            page.locator("[name=status]").select_option(status)
            page.get_by_role("button", name="Lưu").click()
            seller.step(f"marked {status}")
        fulfilment = order.fulfilments.get()
        assert fulfilment.status == "shipped"
        assert context.blocked == []
    finally:
        context.close()
    print(f"\nseller journey: {len(seller.steps)} screens: " + " → ".join(seller.steps))
