"""The seller channel on a phone with a weak signal, in headless Chromium at 360×740.

A listing made with the network cut is kept on the phone and published exactly once with
its photos when the signal returns, also when the signal drops in the middle of the
upload; the channel's worker stays off the storefront and never shows one seller's kept
pages to the next person on the same phone.
"""

from __future__ import annotations

import io
import random
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.theme.browser import PHONE, SCREENSHOTS
from tests.theme.test_pages_in_browser import session_for

Product = get_model("catalogue", "Product")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def phone_photo(path: Path, seed: int) -> Path:
    """A 2400×1800 phone-like JPEG (grainy, so it does not compress to nothing)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (240, 180))
    small.putdata([(rng.randrange(256), 120, rng.randrange(256)) for _ in range(240 * 180)])
    buffer = io.BytesIO()
    small.resize((2400, 1800)).save(buffer, "JPEG", quality=92)
    path.write_bytes(buffer.getvalue())
    return path


def seller_phone(browser_service, live_server, user, workers="allow"):
    guarded = browser_service.new_context(**PHONE, service_workers=workers)
    guarded.context.add_cookies(
        [{"name": "sessionid", "value": session_for(user), "url": live_server.url}]
    )
    page = guarded.context.new_page()
    page.set_default_timeout(15_000)
    return guarded, page


def wait_for(page, check, seconds=15.0):
    """Poll ``check`` while the page runs (Playwright answers its routes only meanwhile)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        page.wait_for_timeout(200)
    return check()


def photos_of(seller) -> list[int]:
    return [p.images.count() for p in Product.objects.filter(seller=seller)]


@pytest.fixture
def shop():
    seller = factories.SellerFactory(display_name="Hợp tác xã chè Tân Lập")
    return seller, factories.SellerMemberFactory(seller=seller).user


def choose_photos(page, tmp_path):
    files = [phone_photo(tmp_path / f"anh-{n}.jpg", n) for n in range(3)]
    page.set_input_files("input[type=file]", [str(f) for f in files])


def test_a_listing_made_offline_is_sent_once_with_its_three_photos(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    guarded, page = seller_phone(browser_service, live_server, user)
    try:
        page.goto(live_server.url + reverse("catalog_manage:new"))
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")

        guarded.context.set_offline(True)
        choose_photos(page, tmp_path)
        page.get_by_role("button", name="Tiếp").click()
        page.get_by_text("Chưa gửi được vì mất sóng").wait_for()
        waiting = page.locator("#cl-waiting")
        waiting.get_by_text("3 ảnh").wait_for()
        assert waiting.locator("li").all_inner_texts() == ["Sản phẩm mới · 3 ảnh — đang chờ gửiBỏ"]
        assert photos_of(seller) == []  # nothing reached the server
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "seller-waiting-to-send.png"), full_page=True)

        guarded.context.set_offline(False)  # the signal returns: the page sends by itself
        assert wait_for(page, lambda: photos_of(seller) == [3])
        product = Product.objects.get(seller=seller)
        sent = waiting.locator("li", has_text="đã gửi từ điện thoại này")
        sent.wait_for()
        assert sent.get_by_role("link", name="Tiếp tục").get_attribute("href") == reverse(
            "catalog_manage:details", args=[product.pk]
        )
        page.wait_for_timeout(1000)  # a second sender (the worker's Background Sync) adds nothing
        assert photos_of(seller) == [3]
        # Shrunk on the phone: the longest side is 1,600 px.
        assert [(i.width, i.height) for i in product.images.all()] == [(1600, 1200)] * 3
    finally:
        guarded.close()


def test_a_signal_dropping_mid_upload_still_makes_one_product_with_three_photos(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    # Page routes see the page's own requests only while no worker stands between them.
    guarded, page = seller_phone(browser_service, live_server, user, workers="block")
    sent = []

    def drop_second_answer(route):
        sent.append(route.request.url)
        if len(sent) == 2:
            # The server gets the second photo, but its answer never reaches the phone.
            route.fetch()
            route.abort("internetdisconnected")
        else:
            route.continue_()

    try:
        page.route("**" + reverse("catalog_manage:send_photo"), drop_second_answer)
        page.goto(live_server.url + reverse("catalog_manage:new"))
        choose_photos(page, tmp_path)
        page.get_by_role("button", name="Tiếp").click()
        page.get_by_text("Chưa gửi được vì mất sóng").wait_for()
        assert photos_of(seller) == [2]

        page.locator("#cl-send-now").click()
        page.get_by_text("đã gửi từ điện thoại này").wait_for()
        assert photos_of(seller) == [3]
        assert len(sent) == 4  # photo 2 was sent again, photo 1 was not
    finally:
        guarded.close()


def test_the_worker_stays_off_the_storefront_and_forgets_a_seller_who_signs_out(
    browser_service, live_server, shop
):
    seller, user = shop
    factories.ProductFactory(seller=seller, title="Chè Shan Tuyết búp khô")
    other = factories.SellerMemberFactory(seller=factories.SellerFactory()).user
    guarded, page = seller_phone(browser_service, live_server, user)
    workers = "navigator.serviceWorker.getRegistrations().then(r => r.length)"
    products = live_server.url + reverse("catalog_manage:list")
    try:
        page.goto(live_server.url + reverse("catalogue:index"))
        assert page.evaluate(workers) == 0
        assert not any("sw.js" in url for url in guarded.requests)

        page.goto(products)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.goto(products)  # through the worker: this copy is kept
        page.wait_for_function(
            "caches.keys().then(k => k.some(n => n.startsWith('cl-seller-')))", polling=200
        )

        # Positive control: the same seller, offline, sees the copy and its time.
        guarded.context.set_offline(True)
        page.goto(products)
        assert page.get_by_text("Chè Shan Tuyết búp khô").is_visible()
        banner = page.locator("#cl-offline")
        assert banner.is_visible()
        assert "Không có sóng: trang này như lúc" in banner.inner_text()
        assert len(banner.locator("time").inner_text()) == 5  # HH:MM
        page.screenshot(path=str(SCREENSHOTS / "seller-offline-copy.png"))
        guarded.context.set_offline(False)

        page.goto(live_server.url + reverse("catalogue:index"))
        page.locator("form.sign-out button").click()
        page.wait_for_load_state()
        guarded.context.add_cookies(
            [{"name": "sessionid", "value": session_for(other), "url": live_server.url}]
        )
        page.goto(live_server.url + reverse("catalogue:index"))

        guarded.context.set_offline(True)
        page.goto(products)
        assert page.get_by_role("heading", name="Không có sóng").is_visible()
        assert "Chè Shan Tuyết búp khô" not in page.content()
        kept = page.evaluate("caches.keys()")
        assert not [name for name in kept if name.startswith("cl-seller-")]
    finally:
        guarded.close()


def test_an_edit_kept_offline_is_saved_later_but_never_over_a_newer_change(
    browser_service, live_server, shop
):
    seller, user = shop
    records = [
        factories.StockRecordFactory(
            product=factories.ProductFactory(seller=seller, title=title),
            partner=seller.partner,
            price=Decimal("120000"),
        )
        for title in ("Mật ong bạc hà", "Gạo nếp cái hoa vàng")
    ]
    guarded, page = seller_phone(browser_service, live_server, user, workers="block")
    try:
        honey, rice = records

        def edit_offline(record, price):
            page.goto(live_server.url + reverse("catalog_manage:details", args=[record.product.pk]))
            guarded.context.set_offline(True)
            page.get_by_label("Giá (đồng)").fill(price)
            page.get_by_role("button", name="Tiếp tục").click()
            page.get_by_text("Chưa gửi được vì mất sóng").wait_for()

        edit_offline(honey, "99000")
        guarded.context.set_offline(False)  # sent by itself when the signal returns
        assert wait_for(page, lambda: type(honey).objects.get(pk=honey.pk).price == 99000)

        edit_offline(rice, "88000")
        # Meanwhile the rice's price was changed from another phone.
        rice.price = Decimal("150000")
        rice.save()
        guarded.context.set_offline(False)
        page.goto(live_server.url + reverse("catalog_manage:list"))
        waiting = page.locator("#cl-waiting")
        waiting.get_by_text("đã được sửa ở nơi khác").wait_for()
        for record in records:
            record.refresh_from_db()
        assert [r.price for r in records] == [Decimal("99000"), Decimal("150000")]
        assert waiting.locator("li").count() == 1
        assert "Gạo nếp cái hoa vàng" in waiting.inner_text()
    finally:
        guarded.close()


def test_signing_out_in_the_channel_drops_the_kept_pages_at_once(
    browser_service, live_server, shop
):
    seller, user = shop
    guarded, page = seller_phone(browser_service, live_server, user)
    kept = "caches.keys().then(k => k.filter(n => n.startsWith('cl-seller-')).length)"
    products = live_server.url + reverse("catalog_manage:list")
    try:
        page.goto(products)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        assert wait_for(page, lambda: page.evaluate("navigator.serviceWorker.controller !== null"))
        page.goto(products)
        assert wait_for(page, lambda: page.evaluate(kept) == 1)

        page.locator("form.sign-out button").click()
        page.wait_for_url(lambda url: "kenh-nguoi-ban" not in url)
        assert page.evaluate(kept) == 0
    finally:
        guarded.close()


def test_photos_added_to_a_listed_product_are_shrunk_on_the_phone(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    product = factories.ProductFactory(seller=seller, title="Mật ong bạc hà")
    guarded, page = seller_phone(browser_service, live_server, user, workers="block")
    try:
        page.goto(live_server.url + reverse("catalog_manage:photos", args=[product.pk]))
        page.set_input_files("input[type=file]", str(phone_photo(tmp_path / "IMG_2001.jpg", 7)))
        page.get_by_role("button", name="Thêm các ảnh này").click()
        page.get_by_text("Đã thêm ảnh").wait_for()
        assert [(i.width, i.height) for i in product.images.all()] == [(1600, 1200)]
    finally:
        guarded.close()
