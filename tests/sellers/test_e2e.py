"""End to end in Chromium on a 360×740 phone: apply, get approved by staff, open the shop."""

import re

import pytest

from marketplace.notifications import sms
from sellers.models import CommuneStaff, Seller
from tests.factories import UserFactory, commune
from tests.journeys.journey import fill_application

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True}


def _sign_in(page, live_server, phone, next_url):
    page.goto(f"{live_server.url}/dang-nhap/?next={next_url}")
    page.get_by_label("Số điện thoại của bạn").fill(phone)
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    page.get_by_label("Mã gồm 6 chữ số").fill(code)
    page.get_by_role("button", name="Đăng nhập").click()


def _weight(page, url) -> int:
    """Bytes transferred (headers + bodies) to load ``url``: HTML, CSS, JS, images."""
    finished = []

    def collect(request):
        finished.append(request)

    page.on("requestfinished", collect)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("requestfinished", collect)
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_on_a_phone_get_approved_and_open_the_back_office(
    live_server, browser_service, outbox
):
    staff = UserFactory(phone="+84912777888")
    CommuneStaff.objects.create(user=staff, commune=commune("Vĩnh Tuy", "Tuyên Quang"))
    applicant = browser_service.new_context(**PHONE)
    page = applicant.context.new_page()
    page.set_default_timeout(15_000)
    try:
        _sign_in(page, live_server, "0912 345 678", "/nguoi-ban/dang-ky/")
        assert page.url.endswith("/nguoi-ban/dang-ky/")
        weight = _weight(page, f"{live_server.url}/nguoi-ban/dang-ky/")
        print(f"\napplication form page weight: {weight} bytes")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 360, "the form must fit a 360 px screen"
        fill_application(page, "Chè Bà Hoa", "Nguyễn Thị Hoa")
        page.get_by_role("button", name="Gửi hồ sơ").click()
        assert "Đã đăng ký" in page.content() or "Đã nộp" in page.content()
        seller = Seller.objects.get(display_name="Chè Bà Hoa")
        assert seller.status == Seller.Status.APPLIED

        reviewer = browser_service.new_context(**PHONE)
        staff_page = reviewer.context.new_page()
        staff_page.set_default_timeout(15_000)
        _sign_in(staff_page, live_server, "0912 777 888", "/can-bo-xa/")
        staff_page.get_by_role("link", name="Chè Bà Hoa").click()
        staff_page.get_by_role("button", name="Duyệt").click()
        reviewer.close()
        assert Seller.objects.get(pk=seller.pk).status == Seller.Status.APPROVED

        page.goto(f"{live_server.url}/kenh-nguoi-ban/")
        assert page.get_by_role("heading", level=1).inner_text() == "Chè Bà Hoa"
        assert "Đang bán" in page.content() or "Đã duyệt" in page.content()
        assert applicant.blocked == []
    finally:
        applicant.close()
