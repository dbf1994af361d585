"""End to end in Chromium on a 360×740 phone: a person signs up as a helper, commune
staff accept them into the team, a seller of the commune consents, the helper acts for
the shop, the seller reads the log and withdraws permission, and the helper is told."""

import re

import pytest

from marketplace.notifications import sms
from sellers.models import CommuneStaff, HelperConsent, HelperMembership
from tests.factories import SellerFactory, SellerMemberFactory, UserFactory, commune
from tests.sellers.test_e2e import PHONE, _sign_in


def _see(page, text: str) -> None:
    """Wait until ``text`` shows (a click's navigation may still be loading)."""
    page.get_by_text(text).first.wait_for()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_helper_from_sign_up_to_acting_for_a_seller_on_a_phone(
    live_server, browser_service, outbox
):
    x = commune("Vĩnh Tuy", "Tuyên Quang")
    CommuneStaff.objects.create(user=UserFactory(phone="+84912777888"), commune=x)
    shop = SellerFactory(commune=x, display_name="Chè Tân Lập", phone="+84912000101")
    SellerMemberFactory(seller=shop, user=UserFactory(phone="+84912000101"))
    contexts = [browser_service.new_context(**PHONE) for _ in range(3)]
    helper, staff, seller = (c.context.new_page() for c in contexts)
    for page in (helper, staff, seller):
        page.set_default_timeout(15_000)
    try:
        # 1. Sign up with a phone number and ask to join the commune's team.
        _sign_in(helper, live_server, "0912 345 678", "/kenh-nguoi-ban/lam-thay/")
        user = HelperMembership._meta.get_field("user").related_model.objects.get(
            phone="+84912345678"
        )
        user.last_name, user.first_name = "Nguyễn Minh", "Tuấn"
        user.save()
        _fits(helper)
        helper.get_by_label("Tỉnh/thành").select_option(label="Tuyên Quang")
        helper.get_by_role("button", name="Hiện danh sách xã").click()
        helper.get_by_label("Xã có tổ công nghệ số bạn tham gia").select_option(
            label="Xã Vĩnh Tuy, Tuyên Quang"
        )
        helper.get_by_role("button", name="Xin vào tổ").click()
        _see(helper, "Đang chờ cán bộ xã nhận bạn vào tổ")

        # 2. Commune staff accept them.
        _sign_in(staff, live_server, "0912 777 888", "/can-bo-xa/to-cong-nghe/")
        _fits(staff)
        staff.get_by_role("button", name="Nhận vào tổ").click()
        _see(staff, "đã vào tổ")
        assert HelperMembership.objects.get(user=user).status == "active"

        # 3. From the menu, ask the seller (sitting beside them) for consent.
        helper.goto(f"{live_server.url}/")
        helper.get_by_role("link", name="Khu vực người giúp").click()
        helper.get_by_label("Số điện thoại của người bán").fill("0912 000 101")
        helper.get_by_role("button", name="Nhắn mã cho người bán").click()
        _see(helper, "Mã người bán nhận được")
        text = sms.outbox[-1].text
        assert "tổ công nghệ số cộng đồng xã Vĩnh Tuy" in text and "KHÔNG đọc mã" in text
        helper.get_by_label("Mã người bán nhận được").fill(re.search(r"\d{6}", text).group(0))
        helper.get_by_role("button", name="Xác nhận đồng ý").click()
        _see(helper, "Làm thay cửa hàng này")
        helper.get_by_role("button", name="Làm thay cửa hàng này Chè Tân Lập").click()
        assert helper.get_by_role("heading", level=1).inner_text() == "Chè Tân Lập"
        helper.get_by_label("Thôn, bản hoặc đường phố").fill("Thôn Tân Lập, gần nhà văn hoá")
        helper.get_by_role("button", name="Lưu thông tin cửa hàng").click()
        _see(helper, "Đã lưu")

        # 4. The seller reads what was done, in a sentence, and withdraws permission.
        _sign_in(seller, live_server, "0912 000 101", "/kenh-nguoi-ban/nhat-ky/")
        _see(seller, "Nguyễn Minh Tuấn (tổ công nghệ xã Vĩnh Tuy)")
        _fits(seller)
        log = seller.content()
        assert "Nguyễn Minh Tuấn (tổ công nghệ xã Vĩnh Tuy) cập nhật thông tin cửa hàng" in log
        assert "seller.profile_updated" not in log
        seller.goto(f"{live_server.url}/kenh-nguoi-ban/")
        seller.get_by_role("button", name="Thu hồi quyền Nguyễn Minh Tuấn").click()
        _see(seller, "không còn được làm thay")
        assert HelperConsent.objects.get(helper=user).revoked_at is not None

        # 5. The helper is told which shop withdrew it.
        helper.goto(f"{live_server.url}/kenh-nguoi-ban/")
        _see(helper, "Cửa hàng Chè Tân Lập đã thu hồi quyền làm thay của bạn.")
        _fits(helper)
        assert all(c.blocked == [] for c in contexts)
    finally:
        for c in contexts:
            c.close()
