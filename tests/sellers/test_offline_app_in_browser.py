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


def list_offline(page, tmp_path, price="150000", screenshot=""):
    """Screen 1 without signal, then the details and "publish", all kept on the phone."""
    choose_photos(page, tmp_path)
    page.get_by_role("button", name="Tiếp").click()
    page.get_by_text("Ảnh đã được giữ trên điện thoại này").wait_for()
    page.get_by_label("Tên sản phẩm").fill("Chè Shan Tuyết búp khô")
    page.get_by_label("Đơn vị bán").select_option("goi")
    page.get_by_label("Giá (đồng)").fill(price)
    page.get_by_label("Số lượng còn").fill("40")
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
    page.get_by_role("button", name="Đăng bán").click()
    page.locator("form[data-draft=later]").wait_for(state="detached")
    page.get_by_text("tự đăng bán khi có sóng lại").wait_for()


def published(seller) -> list[tuple[str, bool, int]]:
    return [(p.title, p.is_public, p.images.count()) for p in Product.objects.filter(seller=seller)]


def waiting_rows(page) -> list[str]:
    return page.locator("#cl-waiting li").all_inner_texts()


ONE_PUBLISHED = [("Chè Shan Tuyết búp khô", True, 3)]


def test_a_listing_made_offline_is_published_once_with_its_three_photos(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    guarded, page = seller_phone(browser_service, live_server, user)
    try:
        new = live_server.url + reverse("catalog_manage:new")
        page.goto(new)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.goto(new)  # through the worker: the phone keeps this screen

        guarded.context.set_offline(True)
        page.goto(new)  # opened in the field, without signal
        assert page.locator("#cl-offline").is_visible()
        list_offline(page, tmp_path, screenshot="seller-details-offline.png")
        waiting = page.locator("#cl-waiting")
        waiting.get_by_text("3 ảnh").wait_for()
        assert waiting_rows(page) == ["Chè Shan Tuyết búp khô · 3 ảnh — ảnh 1/3: đang chờ gửiBỏ"]
        assert photos_of(seller) == []  # nothing reached the server
        page.screenshot(path=str(SCREENSHOTS / "seller-waiting-to-send.png"), full_page=True)

        guarded.context.set_offline(False)  # the signal returns: the page sends by itself
        assert wait_for(page, lambda: published(seller) == ONE_PUBLISHED)
        product = Product.objects.get(seller=seller)
        done = waiting.locator("li", has_text="đã đăng bán từ điện thoại này")
        done.wait_for()
        assert done.get_by_role("link", name="Tiếp tục").get_attribute("href") == reverse(
            "catalog_manage:publish", args=[product.pk]
        )
        page.wait_for_timeout(1000)  # a second sender (the worker's Background Sync) adds nothing
        assert published(seller) == ONE_PUBLISHED
        record = product.stockrecords.get()
        assert (record.price, record.num_in_stock, product.unit) == (Decimal("150000"), 40, "goi")
        # Shrunk on the phone: the longest side is 1,600 px.
        assert [(i.width, i.height) for i in product.images.all()] == [(1600, 1200)] * 3
        # Buyers see it.
        page.goto(live_server.url + product.get_absolute_url())
        assert page.get_by_role("heading", name="Chè Shan Tuyết búp khô").is_visible()
    finally:
        guarded.close()


def test_a_signal_dropping_mid_upload_still_publishes_one_product_with_three_photos(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    # Page routes see the page's own requests only while no worker stands between them.
    guarded, page = seller_phone(browser_service, live_server, user, workers="block")
    photos, details = [], []

    def lose_an_answer(sent, which):
        def route_it(route):
            sent.append(route.request.url)
            if len(sent) == which:
                # The server gets the request, but its answer never reaches the phone.
                route.fetch()
                route.abort("internetdisconnected")
            else:
                route.continue_()

        return route_it

    try:
        page.route("**" + reverse("catalog_manage:send_photo"), lose_an_answer(photos, 2))
        page.route("**/thong-tin/", lose_an_answer(details, 1))
        page.goto(live_server.url + reverse("catalog_manage:new"))
        choose_photos(page, tmp_path)
        page.get_by_role("button", name="Tiếp").click()
        page.get_by_text("Ảnh đã được giữ trên điện thoại này").wait_for()
        assert photos_of(seller) == [2]

        # Going on with the details sends again: photo 2 and 3, then the details, whose
        # answer is lost too.
        page.get_by_label("Tên sản phẩm").fill("Chè Shan Tuyết búp khô")
        page.get_by_label("Giá (đồng)").fill("150.000")
        page.get_by_label("Số lượng còn").fill("40")
        page.get_by_role("button", name="Đăng bán").click()
        page.locator("form[data-draft=later]").wait_for(state="detached")
        page.get_by_text("tự đăng bán khi có sóng lại").wait_for()
        assert waiting_rows(page) == ["Chè Shan Tuyết búp khô · 3 ảnh — thông tin: đang chờ gửiBỏ"]
        assert published(seller) == [("Chè Shan Tuyết búp khô", False, 3)]

        page.locator("#cl-send-now").click()
        page.get_by_text("đã đăng bán từ điện thoại này").wait_for()
        assert published(seller) == ONE_PUBLISHED
        assert (len(photos), len(details)) == (4, 2)  # photo 2 and the details went twice
        product = Product.objects.get(seller=seller)
        assert product.stockrecords.get().price == Decimal("150000")
    finally:
        guarded.close()


def test_details_the_server_refuses_are_fixed_on_the_details_screen_with_nothing_lost(
    browser_service, live_server, shop, tmp_path
):
    seller, user = shop
    guarded, page = seller_phone(browser_service, live_server, user, workers="block")
    try:
        page.goto(live_server.url + reverse("catalog_manage:new"))
        guarded.context.set_offline(True)
        list_offline(page, tmp_path, price="500")
        guarded.context.set_offline(False)

        row = page.locator("#cl-waiting li")
        row.get_by_text("máy chủ không nhận").wait_for()
        assert "thông tin: máy chủ không nhận: Giá (đồng): " in row.inner_text()
        assert published(seller) == [("Sản phẩm mới", False, 3)]

        row.get_by_role("link", name="Sửa ở màn hình thông tin").click()
        page.locator("form[data-draft=details]").get_by_text("máy chủ không nhận").wait_for()
        assert page.get_by_label("Tên sản phẩm").input_value() == "Chè Shan Tuyết búp khô"
        assert page.get_by_label("Số lượng còn").input_value() == "40"
        page.get_by_label("Giá (đồng)").fill("150000")
        page.get_by_role("button", name="Tiếp tục").click()
        page.get_by_role("heading", name="Kiểm tra và đăng bán").wait_for()
        assert published(seller) == ONE_PUBLISHED
        assert page.get_by_role("button", name="Gỡ xuống (giữ bản nháp)").is_visible()
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
