"""One person's way through the site in Chromium on a 360×740 phone, screen by screen.

``Journey.step(name)`` checks the screen the person is looking at as they would meet it:
it is not an error page, it has no English text on a Vietnamese page (brand names
allowed, ``tests/theme/english_text.py``), nothing is wider than the phone, and there is
a way on (a link or a button). A screenshot of each screen is kept in
``test-results/screenshots/journeys/<role>/`` (``JOURNEY_SHOTS`` to put them elsewhere).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings

from marketplace.notifications import sms
from tests.theme.english_text import english_text

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True}
ERROR_PAGE = re.compile(r"Server Error|Traceback|Page not found|Không tìm thấy trang", re.I)


def shots_folder() -> Path:
    return Path(
        os.environ.get(
            "JOURNEY_SHOTS", settings.BASE_DIR / "test-results" / "screenshots" / "journeys"
        )
    )


class Journey:
    def __init__(self, role: str, page) -> None:
        self.role, self.page = role, page
        self.steps: list[str] = []
        self.folder = shots_folder() / role
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def step(self, name: str) -> str:
        """Check the screen on show and keep its picture; returns its HTML."""
        page = self.page
        page.wait_for_load_state()
        html = page.content()
        where = f"{self.role}, step {len(self.steps) + 1} ({name}) at {page.url}"
        assert not ERROR_PAGE.search(page.title() + " " + page.locator("h1").first.inner_text()), (
            where
        )
        assert page.get_attribute("html", "lang") == "vi", where
        english = english_text(html)
        assert english == [], f"{where}: English on a Vietnamese page: {english}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{where}: {width} px wide on a 360 px phone"
        ways_on = page.locator("main a[href], main button, form button").count()
        assert ways_on > 0, f"{where}: a dead end (no link or button in the page)"
        number = len(self.steps) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{number:02d}-{slug}.png"), full_page=True)
        self.steps.append(name)
        return html


def last_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)


def sign_in(journey: Journey, live_server, phone: str, next_url: str) -> None:
    page = journey.page
    page.goto(f"{live_server.url}/dang-nhap/?next={next_url}")
    journey.step("sign in: phone")
    page.get_by_label("Số điện thoại của bạn").fill(phone)
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    journey.step("sign in: code")
    page.get_by_label("Mã gồm 6 chữ số").fill(last_code())
    page.get_by_role("button", name="Đăng nhập").click()


def fill_application(page, shop: str, name: str) -> None:
    """The seller application as a household in Xã Vĩnh Tuy, Tuyên Quang (not sent)."""
    page.get_by_label("Hộ gia đình").check()
    page.get_by_label("Tên cửa hàng").fill(shop)
    page.get_by_label("Họ và tên của bạn").fill(name)
    page.get_by_label("Tỉnh/thành").select_option(label="Tuyên Quang")
    communes = page.get_by_role("button", name="Hiện danh sách xã")
    if communes.count() and communes.is_visible():  # no script: the form lists them
        communes.click()
    page.get_by_label("Xã/phường").select_option(label="Xã Vĩnh Tuy, Tuyên Quang")
    page.get_by_label("Thôn, bản hoặc đường phố").fill("Thôn Tân Lập")
    page.get_by_label("Bạn sản xuất gì?").fill("Chè Shan Tuyết")
    page.get_by_label("Ngân hàng").select_option("970405")
    page.get_by_label("Số tài khoản").fill("123456789012")
    page.get_by_label("Tên chủ tài khoản").fill("NGUYEN THI HOA")


def fill_delivery_address(page):
    """Checkout's new address form, filled for Xã Vĩnh Tuy; returns the form (not sent)."""
    form = page.locator("#new_shipping_address")
    form.locator("[name=last_name]").fill("Nguyễn Thị")
    form.locator("[name=first_name]").fill("Chúc")
    form.locator("[name=phone_number]").fill("0912 345 678")
    form.locator("[name=line1]").fill("Thôn Tân Lập")
    form.locator("[name=province]").select_option(label="Tuyên Quang")
    # The script fills the commune list in place (the no-JS button is tested in
    # tests/test_address_book.py).
    form.locator("[name=commune]").select_option(label="Xã Vĩnh Tuy, Tuyên Quang")
    return form


def send_address(form) -> None:
    form.locator("button[type=submit]:not([data-communes-button])").click()
