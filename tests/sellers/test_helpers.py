"""Helpers: consent by a code on the seller's phone or in person, acting, revoking."""

import re

import pytest

from sellers.models import AuditEvent, HelperConsent, Seller

pytestmark = pytest.mark.django_db


def test_helper_links_with_the_code_sent_to_the_seller(client, roles, outbox):
    client.force_login(roles.stranger_helper)
    client.post("/kenh-nguoi-ban/lam-thay/xin-dong-y/", {"seller_phone": roles.shop_b.phone})
    assert outbox[-1].to == roles.shop_b.phone
    code = re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)
    wrong = client.post(
        "/kenh-nguoi-ban/lam-thay/xac-nhan/", {"seller_phone": roles.shop_b.phone, "code": "12"}
    )
    assert wrong.status_code == 200
    assert not HelperConsent.objects.filter(helper=roles.stranger_helper).exists()
    client.post(
        "/kenh-nguoi-ban/lam-thay/xac-nhan/", {"seller_phone": roles.shop_b.phone, "code": code}
    )
    consent = HelperConsent.objects.get(helper=roles.stranger_helper)
    assert consent.seller == roles.shop_b and consent.method == HelperConsent.Method.OTP


def test_staff_record_consent_given_in_person(client, roles):
    client.force_login(roles.staff_x)
    client.post(
        f"/can-bo-xa/ho-so/{roles.shop_a.pk}/dong-y-tro-giup/",
        {"helper_phone": roles.stranger_helper.phone, "confirmed": "on"},
    )
    consent = HelperConsent.objects.get(helper=roles.stranger_helper)
    assert consent.granted_by == roles.staff_x and consent.method == "in_person"


def test_helper_actions_are_recorded_for_the_seller_and_listed(acting_helper, client, roles):
    client.post("/kenh-nguoi-ban/thong-tin/", {"description": "Chè ngon", "address": "Thôn 1"})
    event = AuditEvent.objects.get(verb="seller.profile_updated")
    assert event.actor == roles.helper and event.on_behalf_of == roles.shop_a
    client.force_login(roles.seller_a)
    page = client.get("/kenh-nguoi-ban/").content.decode()
    assert "seller.profile_updated" in page and str(roles.helper) in page


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


def test_revoked_consent_ends_acting_at_once(acting_helper, client, roles):
    assert client.get("/kenh-nguoi-ban/").status_code == 200
    consent = roles.shop_a.helper_consents.get()
    seller_client = client.__class__()
    seller_client.force_login(roles.seller_a)
    seller_client.post(f"/kenh-nguoi-ban/tro-giup/{consent.pk}/thu-hoi/")
    assert HelperConsent.objects.get(pk=consent.pk).revoked_at is not None
    assert client.get("/kenh-nguoi-ban/").status_code == 403
    assert AuditEvent.objects.filter(verb="consent.revoked", actor=roles.seller_a).exists()
