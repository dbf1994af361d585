"""Chromium on a 360×740 phone: watch a live, see the pin change, buy at the live price."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from livestream import services
from tests.factories import SellerMemberFactory, UserFactory, sellable_product

from .conftest import LIVE_PRICE, details

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "vi-VN", "is_mobile": True}
SCREENSHOT = "control-360.png"


def _weight(page, url) -> tuple[int, list]:
    """Bytes transferred (headers + bodies) to load ``url``, and what was loaded."""
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
    return total, [r.url for r in finished]


def _running_live():
    member = SellerMemberFactory()
    tea = sellable_product(seller=member.seller, title="Chè Shan Tuyết 200g")
    honey = sellable_product(seller=member.seller, title="Mật ong bạc hà 500ml")
    operator = UserFactory(is_superuser=True, is_staff=True)
    services.verify_host(seller=member.seller, actor=operator, host_name="A", id_checked="CCCD")
    live = services.schedule_live(
        seller=member.seller, actor=member.user, details=details(timezone.now())
    )
    services.set_live_products(
        live=live, actor=member.user, items=[(tea, LIVE_PRICE), (honey, LIVE_PRICE - 20000)]
    )
    services.start_live(live=live, actor=member.user)
    services.pin_product(live=live, item_id=live.items.get(product=tea).pk, actor=member.user)
    return member, live, tea, honey


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_viewer_sees_the_new_pin_and_buys_at_the_live_price(
    live_server, browser_service, settings, tmp_path, admin_units
):
    settings.LIVESTREAM_POLL_SECONDS = 1
    member, live, tea, honey = _running_live()
    viewer = browser_service.new_context(**PHONE)
    page = viewer.context.new_page()
    page.set_default_timeout(15_000)
    try:
        weight, loaded = _weight(page, live_server.url + live.get_absolute_url())
        print(f"\nlive page load: {weight} bytes in {len(loaded)} requests")
        assert not viewer.blocked, "no third-party request on page load"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        pinned = page.locator("#pin [data-title]")
        assert pinned.inner_text() == tea.title
        with page.expect_response(lambda r: "ghim.json" in r.url) as first_poll:
            pass
        print(f"pin update: {len(first_poll.value.body())} bytes of JSON")
        services.pin_product(live=live, item_id=live.items.get(product=honey).pk, actor=member.user)
        # A locator wait: the page's CSP (script-src 'self') forbids evaluated predicates.
        expect(pinned).to_have_text("Mật ong bạc hà 500ml", timeout=15_000)
        with page.expect_response(lambda r: "ghim.json" in r.url) as changed:
            pass
        print(f"pin update after a change: {len(changed.value.body())} bytes of JSON")
        assert "100.000" in page.locator("#pin [data-price]").inner_text()
        page.locator("#pin [data-add] button").click()
        page.wait_for_load_state()
        page.goto(live_server.url + reverse("basket:summary"))
        assert "100.000" in page.content()
        assert viewer.blocked == []
    finally:
        viewer.close()

    seller = browser_service.new_context(**PHONE)
    client = Client()
    client.force_login(member.user)
    seller.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    control = seller.context.new_page()
    try:
        control.goto(live_server.url + reverse("livestream:control", args=[live.pk]))
        assert control.evaluate("document.documentElement.scrollWidth") <= 360
        path = tmp_path / SCREENSHOT
        control.screenshot(path=str(path), full_page=True)
        print(f"control page screenshot: {path}")
    finally:
        seller.close()
