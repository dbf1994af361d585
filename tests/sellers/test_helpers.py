"""Helpers: commune digital-technology teams, consent by a code on the seller's phone or
in person, acting, revoking, and what each person sees."""

import re

import pytest

from marketplace.audit.models import AuditEvent
from sellers.models import HelperConsent, HelperMembership, Seller
from tests.factories import SellerFactory, SellerMemberFactory, UserFactory, team_member

pytestmark = pytest.mark.django_db

ASK = "/kenh-nguoi-ban/lam-thay/xin-dong-y/"
CONFIRM = "/kenh-nguoi-ban/lam-thay/xac-nhan/"
JOIN = "/kenh-nguoi-ban/lam-thay/xin-vao-to/"
TEAM = "/can-bo-xa/to-cong-nghe/"


def _code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def test_team_member_links_with_the_code_sent_to_a_seller_of_their_commune(
    client, roles, outbox, django_capture_on_commit_callbacks
):
    client.force_login(roles.stranger_helper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ASK, {"seller_phone": roles.shop_a.phone})
    assert outbox[-1].to == roles.shop_a.phone
    text = outbox[-1].text
    assert "tổ công nghệ số cộng đồng xã Vĩnh Tuy" in text
    assert "KHÔNG đọc mã" in text and "qua điện thoại" in text
    wrong = client.post(CONFIRM, {"seller_phone": roles.shop_a.phone, "code": "12"})
    assert wrong.status_code == 200
    assert not HelperConsent.objects.filter(helper=roles.stranger_helper).exists()
    client.post(CONFIRM, {"seller_phone": roles.shop_a.phone, "code": _code(outbox)})
    consent = HelperConsent.objects.get(helper=roles.stranger_helper)
    assert consent.seller == roles.shop_a and consent.method == HelperConsent.Method.OTP


def test_a_helper_cannot_ask_a_seller_of_another_commune(
    client, roles, outbox, django_capture_on_commit_callbacks
):
    client.force_login(roles.stranger_helper)  # in commune X's team; shop B is in Y
    with django_capture_on_commit_callbacks(execute=True):  # so a text would show
        page = client.post(ASK, {"seller_phone": roles.shop_b.phone}).content.decode()
    assert outbox == []
    # Answered exactly as for a number no shop has, and as for a shop that got a text:
    # the answer does not reveal shop B.
    unknown = client.post(ASK, {"seller_phone": "+84912999999"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(ASK, {"seller_phone": roles.shop_a.phone}).content.decode()
    assert [m.to for m in outbox] == [roles.shop_a.phone]  # positive control
    message = "Nếu số này là của một cửa hàng thuộc các xã tổ bạn phụ trách"
    assert message in page and message in unknown and message in sent
    assert "Không có cửa hàng" not in page + unknown
    # A guess at shop B's code is answered like a wrong code for shop A (not "no code was
    # sent"), and is refused.
    guess_b = client.post(CONFIRM, {"seller_phone": roles.shop_b.phone, "code": "123456"})
    guess_a = client.post(CONFIRM, {"seller_phone": roles.shop_a.phone, "code": "123456"})
    assert "Mã không đúng. Còn 4 lần thử." in guess_b.content.decode()
    assert "Mã không đúng. Còn 4 lần thử." in guess_a.content.decode()
    assert not HelperConsent.objects.filter(helper=roles.stranger_helper).exists()


def test_someone_outside_every_team_cannot_text_a_seller(
    client, roles, outbox, django_capture_on_commit_callbacks
):
    client.force_login(roles.buyer)
    with django_capture_on_commit_callbacks(execute=True):  # so a text would show
        page = client.post(ASK, {"seller_phone": roles.shop_a.phone}).content.decode()
    assert outbox == []
    assert "Chỉ thành viên tổ công nghệ số" in page


def test_join_request_accepted_by_the_communes_staff_only(
    client, roles, outbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    client.force_login(person)
    home = client.get("/kenh-nguoi-ban/lam-thay/?province=" + str(roles.shop_a.commune.province_id))
    assert "Xin vào tổ" in home.content.decode()
    client.post(
        JOIN,
        {"province": roles.shop_a.commune.province_id, "commune": roles.shop_a.commune_id},
    )
    membership = HelperMembership.objects.get(user=person)
    assert membership.status == HelperMembership.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):  # so a text would show
        client.post(ASK, {"seller_phone": roles.shop_a.phone})
    assert outbox == []  # a request is not membership
    assert "Khu vực người giúp" in client.get("/").content.decode()  # the menu link

    staff = client.__class__()
    staff.force_login(roles.staff_y)
    assert staff.post(f"{TEAM}{membership.pk}/duyet/").status_code == 403
    assert HelperMembership.objects.get(pk=membership.pk).status == "pending"
    assert AuditEvent.objects.filter(verb="team.denied", actor=roles.staff_y).exists()
    staff.force_login(roles.staff_x)
    assert person.get_full_name() in staff.get(TEAM).content.decode()
    staff.post(f"{TEAM}{membership.pk}/duyet/")
    assert HelperMembership.objects.get(pk=membership.pk).status == "active"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ASK, {"seller_phone": roles.shop_a.phone})
    assert outbox[-1].to == roles.shop_a.phone


def test_staff_add_a_member_by_phone(client, roles):
    client.force_login(roles.staff_x)
    client.post(f"{TEAM}them/", {"phone": roles.buyer.phone, "commune": roles.shop_a.commune_id})
    membership = HelperMembership.objects.get(user=roles.buyer)
    assert membership.is_active and membership.added_by == roles.staff_x
    assert AuditEvent.objects.filter(verb="team.added", actor=roles.staff_x).exists()


def test_staff_cannot_add_to_another_communes_team(client, roles):
    client.force_login(roles.staff_y)
    response = client.post(
        f"{TEAM}them/", {"phone": roles.buyer.phone, "commune": roles.shop_a.commune_id}
    )
    assert response.status_code == 200  # the commune is not among the choices
    assert not HelperMembership.objects.filter(user=roles.buyer).exists()


def test_staff_record_consent_in_person_only_for_a_team_member(client, roles):
    client.force_login(roles.staff_x)
    url = f"/can-bo-xa/ho-so/{roles.shop_a.pk}/dong-y-tro-giup/"
    page = client.post(url, {"helper_phone": roles.buyer.phone, "confirmed": "on"})
    assert "không phải thành viên tổ công nghệ số" in page.content.decode()
    assert not HelperConsent.objects.filter(helper=roles.buyer).exists()
    client.post(url, {"helper_phone": roles.stranger_helper.phone, "confirmed": "on"})
    consent = HelperConsent.objects.get(helper=roles.stranger_helper)
    assert consent.granted_by == roles.staff_x and consent.method == "in_person"


def test_helper_actions_are_recorded_for_the_seller_and_listed(acting_helper, client, roles):
    client.post("/kenh-nguoi-ban/thong-tin/", {"description": "Chè ngon", "address": "Thôn 1"})
    event = AuditEvent.objects.get(verb="seller.profile_updated")
    assert event.actor == roles.helper and event.on_behalf_of == roles.shop_a
    client.force_login(roles.seller_a)
    page = client.get("/kenh-nguoi-ban/").content.decode()
    name = roles.helper.get_full_name()
    assert f"{name} (tổ công nghệ xã Vĩnh Tuy) cập nhật thông tin cửa hàng Chè Tân Lập" in page
    assert "seller.profile_updated" not in page


def test_seller_sees_every_helper_with_their_team_and_can_withdraw(client, roles):
    client.force_login(roles.seller_a)
    page = client.get("/kenh-nguoi-ban/").content.decode()
    assert roles.helper.get_full_name() in page and str(roles.helper.phone) in page
    assert "Tổ công nghệ số cộng đồng xã Vĩnh Tuy" in page
    consent = roles.shop_a.helper_consents.get()
    assert f"/kenh-nguoi-ban/tro-giup/{consent.pk}/thu-hoi/" in page


def test_staff_see_every_consent_of_their_commune_only(client, roles):
    revoked = HelperConsent.objects.create(
        helper=roles.stranger_helper, seller=roles.shop_a, granted_by=roles.seller_a
    )
    revoked.revoked_at, revoked.revoked_by = revoked.granted_at, roles.seller_a
    revoked.save()
    client.force_login(roles.staff_x)
    page = client.get(TEAM).content.decode()
    assert roles.helper.get_full_name() in page and roles.stranger_helper.phone in page
    assert page.count("Cửa hàng: Chè Tân Lập") == 2
    client.force_login(roles.staff_y)
    assert "Chè Tân Lập" not in client.get(TEAM).content.decode()


def test_helper_cannot_change_bank_details(acting_helper, client, roles):
    response = client.post(
        "/kenh-nguoi-ban/ngan-hang/",
        {"bank_bin": "970436", "bank_account_number": "123456789", "bank_account_holder": "X"},
    )
    assert response.status_code == 403
    assert Seller.objects.get(pk=roles.shop_a.pk).bank_account_number == ""


def test_seller_changes_bank_details_with_audit(client, roles):
    client.force_login(roles.seller_a)
    client.post(
        "/kenh-nguoi-ban/ngan-hang/",
        {"bank_bin": "970436", "bank_account_number": "0011 0012 3456", "bank_account_holder": "A"},
    )
    event = AuditEvent.objects.get(verb="seller.bank_changed")
    assert event.after == {"bank": "Vietcombank", "account": "…3456", "holder": "A"}


def test_revoked_consent_ends_acting_and_says_which_shop(acting_helper, client, roles):
    assert client.get("/kenh-nguoi-ban/").status_code == 200
    consent = roles.shop_a.helper_consents.get()
    seller_client = client.__class__()
    seller_client.force_login(roles.seller_a)
    seller_client.post(f"/kenh-nguoi-ban/tro-giup/{consent.pk}/thu-hoi/")
    assert HelperConsent.objects.get(pk=consent.pk).revoked_at is not None
    message = "Cửa hàng Chè Tân Lập đã thu hồi quyền làm thay của bạn."
    for _ in range(2):  # not only on the first page after the revocation
        response = client.get("/kenh-nguoi-ban/")
        assert response.status_code == 403
        assert message in response.content.decode()
    again = client.post("/kenh-nguoi-ban/lam-thay/chon/", {"seller": roles.shop_a.pk})
    assert again.status_code == 403 and message in again.content.decode()
    assert message in client.get("/kenh-nguoi-ban/lam-thay/").content.decode()
    assert AuditEvent.objects.filter(verb="consent.revoked", actor=roles.seller_a).exists()


def test_removal_from_the_team_withdraws_every_permission_of_the_commune(
    acting_helper, client, roles
):
    staff = client.__class__()
    staff.force_login(roles.staff_x)
    membership = roles.helper.helper_memberships.get()
    staff.post(f"{TEAM}{membership.pk}/bo/", {"reason": "Chuyển công tác"})
    assert HelperMembership.objects.get(pk=membership.pk).status == "removed"
    consent = roles.shop_a.helper_consents.get()
    assert consent.revoked_at is not None and consent.revoked_by == roles.staff_x
    response = client.get("/kenh-nguoi-ban/")
    assert response.status_code == 403
    assert "Cán bộ xã đã thu hồi quyền làm thay Chè Tân Lập của bạn." in response.content.decode()


def test_a_consent_works_only_while_its_helper_is_in_the_team(acting_helper, client, roles):
    assert client.get("/kenh-nguoi-ban/").status_code == 200
    # Even a membership ended outside the service (no consent revoked) stops acting.
    HelperMembership.objects.filter(user=roles.helper).update(status="removed")
    response = client.get("/kenh-nguoi-ban/")
    assert response.status_code == 403
    assert "không còn là thành viên" in response.content.decode()
    team_member(roles.helper, roles.shop_a.commune)
    client.post("/kenh-nguoi-ban/lam-thay/chon/", {"seller": roles.shop_a.pk})
    assert client.get("/kenh-nguoi-ban/").status_code == 200


def test_someone_without_a_shop_is_shown_the_ways_in(client, roles):
    client.force_login(roles.buyer)
    response = client.get("/kenh-nguoi-ban/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'href="/nguoi-ban/dang-ky/trang-thai/"' in page  # apply, or see how it goes
    assert 'href="/kenh-nguoi-ban/lam-thay/"' in page


def test_commune_officers_and_the_operator_find_their_work_area_from_any_page(client, roles):
    client.force_login(roles.staff_x)
    for url in ("/", "/kenh-nguoi-ban/"):
        page = client.get(url).content.decode()
        assert 'href="/can-bo-xa/">Công việc của xã</a>' in page, url
    client.force_login(roles.operator)
    assert 'href="/van-hanh/">Khu vận hành</a>' in client.get("/").content.decode()
    client.force_login(roles.buyer)
    page = client.get("/").content.decode()
    assert 'href="/can-bo-xa/"' not in page and 'href="/van-hanh/"' not in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_helper_and_team_pages_do_not_query_per_row(client, roles):
    def shops_withdraw(n):
        for _ in range(n):
            shop = SellerFactory(commune=roles.shop_a.commune)
            owner = SellerMemberFactory(seller=shop).user
            consent = HelperConsent.objects.create(
                helper=roles.stranger_helper, seller=shop, granted_by=owner
            )
            consent.revoked_at, consent.revoked_by = consent.granted_at, owner
            consent.save()
            team_member(UserFactory(), roles.shop_a.commune)

    staff = client.__class__()
    staff.force_login(roles.staff_x)
    client.force_login(roles.stranger_helper)
    shops_withdraw(1)
    _queries(client, "/kenh-nguoi-ban/lam-thay/"), _queries(staff, TEAM)  # warm caches
    few = _queries(client, "/kenh-nguoi-ban/lam-thay/"), _queries(staff, TEAM)
    shops_withdraw(8)
    many = _queries(client, "/kenh-nguoi-ban/lam-thay/"), _queries(staff, TEAM)
    assert many == few


def test_staff_withdraw_one_consent_and_the_helper_is_told(acting_helper, client, roles):
    consent = roles.shop_a.helper_consents.get()
    staff = client.__class__()
    staff.force_login(roles.staff_x)
    assert f"/can-bo-xa/dong-y/{consent.pk}/thu-hoi/" in staff.get(TEAM).content.decode()
    staff.post(f"/can-bo-xa/dong-y/{consent.pk}/thu-hoi/")
    consent.refresh_from_db()
    assert consent.revoked_by == roles.staff_x
    assert roles.helper.helper_memberships.get().is_active  # still in the team
    response = client.get("/kenh-nguoi-ban/")
    assert response.status_code == 403
    assert "Cán bộ xã đã thu hồi quyền làm thay Chè Tân Lập của bạn." in response.content.decode()
