"""The refund confirmation on a 360 px phone in headless Chromium: the page says what will
change in Vietnamese before anything changes, confirming refunds once, and pressing the
confirm button again (browser back, submit) shows "Đã thực hiện" without a second refund.

Screenshots of the confirmation page and of the seller's money page go to
``MONEY_SHOTS`` (default test-results/screenshots/).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from marketplace.ledger.selectors import balance
from marketplace.payments.models import Refund
from marketplace.payments.services import confirm_transfer, start_payment
from sellers.models import SellerMember
from tests.checkout.helpers import basket_with, place
from tests.factories import SellerFactory, UserFactory, sellable_product
from tests.theme.browser import PHONE, SCREENSHOTS
from tests.theme.test_pages_in_browser import session_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shots() -> Path:
    folder = Path(os.environ.get("MONEY_SHOTS", SCREENSHOTS))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _text(page, selector: str) -> str:
    """The visible text, with the non-breaking space of "150.000 ₫" read as a space."""
    return page.locator(selector).first.inner_text().replace("\xa0", " ")


def _page(browser_service, live_server, user):
    guarded = browser_service.new_context(**PHONE)
    guarded.context.add_cookies(
        [{"name": "sessionid", "value": session_for(user), "url": live_server.url}]
    )
    page = guarded.context.new_page()
    page.set_default_timeout(15_000)
    return guarded, page


def test_refund_is_confirmed_in_vietnamese_and_applied_once(browser_service, live_server):
    seller = SellerFactory(
        bank_bin="970418", bank_account_number="123456789", bank_account_holder="PHAN THE DO"
    )
    product = sellable_product(seller=seller)
    order = place(basket_with(product, quantity=2))
    confirm_transfer(attempt=start_payment(order=order, method="vietqr"), actor=None)
    line = order.lines.get()
    operator = UserFactory(is_staff=True, is_superuser=True)
    guarded, page = _page(browser_service, live_server, operator)
    try:
        page.goto(live_server.url + reverse("operations:refund", args=[order.number]))
        page.fill(f"#id_line_{line.pk}", "1")
        page.fill("#id_reason", "Vỡ một hộp")
        page.get_by_role("button", name="Hoàn tiền số lượng đã chọn").click()
        changes = _text(page, ".confirm-changes")
        assert f"Hoàn 150.000 ₫ cho đơn {order.number}: trả lại 1 × " in changes
        assert "Trừ 142.500 ₫ của" in changes
        assert not Refund.objects.exists()  # nothing changed yet
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        page.screenshot(path=str(_shots() / "money-refund-confirmation.png"), full_page=True)
        confirm = page.get_by_role("button", name=re.compile(r"Đồng ý hoàn 150\.000\s₫"))
        confirm.click()
        assert "Đã hoàn 150.000 ₫" in _text(page, "main")
        page.go_back()
        confirm.click()
        assert "Đã thực hiện: Đã hoàn 150.000 ₫" in _text(page, "main")
        assert Refund.objects.count() == 1
        assert balance(seller) == 315000 - 150000 + 7500
    finally:
        guarded.close()

    member = UserFactory()
    SellerMember.objects.create(seller=seller, user=member)
    guarded, page = _page(browser_service, live_server, member)
    try:
        page.goto(live_server.url + reverse("money:statement"))
        statement = _text(page, "main")
        assert "Hoàn tiền cho người mua" in statement and "Bán, trả trực tuyến" in statement
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=str(_shots() / "money-seller-page.png"), full_page=True)
    finally:
        guarded.close()
