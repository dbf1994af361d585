"""Every way of signing in leaves a session that works on the pages people open next."""

import re

import pytest
from django.apps import apps
from django.core import mail
from django.db.models.signals import post_migrate
from django.test import override_settings

from marketplace.notifications import sms
from sellers.models import HelperConsent
from tests.factories import (
    PASSWORD,
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    team_member,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mat-ong-rung-2026"


def _browse_signed_in(client, user):
    assert client.session["_auth_user_id"] == str(user.pk)
    for url in ("/", "/basket/", "/accounts/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response.wsgi_request.user == user, url


def _password_sign_in(client, username, password=PASSWORD):
    return client.post(
        "/accounts/login/",
        {"login-username": username, "login-password": password, "login_submit": "1"},
    )


def test_a_new_registrant_browses_signed_in(client, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/register/",
            {
                "full_name": "Nguyễn Thị Chúc",
                "phone": "0987 654 321",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    assert client.post("/accounts/register/code/", {"code": code}).status_code == 302
    _browse_signed_in(client, get_user_model().objects.get(phone="+84987654321"))


def test_password_sign_in_browses_signed_in(client):
    user = UserFactory(phone="+84912345678")
    assert _password_sign_in(client, "0912 345 678").status_code == 302
    _browse_signed_in(client, user)


def test_phone_code_sign_in_browses_signed_in(client, django_capture_on_commit_callbacks):
    user = UserFactory(phone="+84912555777")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dang-nhap/", {"phone": "0912555777"})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    assert client.post("/dang-nhap/ma/", {"code": code}).status_code == 302
    _browse_signed_in(client, user)
    user.refresh_from_db()
    assert user.phone_verified_at is not None  # the code proved the phone


@override_settings(SITE_URL="https://cholang.example.vn", OSCAR_URL_SCHEMA="https")
def test_password_reset_links_to_the_site_and_then_signs_in(client):
    # What every deployment's ``migrate`` does after the tables exist.
    post_migrate.send(sender=apps.get_app_config("users"), app_config=apps.get_app_config("users"))
    user = UserFactory(email="ba.hoa@example.vn")
    mail.outbox.clear()
    response = client.post("/password-reset/", {"email": "ba.hoa@example.vn"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert "example.com" not in body
    link = re.search(r"https://cholang\.example\.vn(/password-reset/confirm/\S+/)", body)
    assert link, body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _password_sign_in(client, "ba.hoa@example.vn", NEW_PASSWORD).status_code == 302
    _browse_signed_in(client, user)


def test_helper_switching_to_a_shop_browses_signed_in(client):
    shop = SellerFactory()
    owner = SellerMemberFactory(seller=shop).user
    helper = UserFactory(phone="+84912000909")
    team_member(helper, shop.commune)
    HelperConsent.objects.create(helper=helper, seller=shop, granted_by=owner)
    assert _password_sign_in(client, "0912000909").status_code == 302
    response = client.post("/kenh-nguoi-ban/lam-thay/chon/", {"seller": shop.pk})
    assert response.status_code == 302
    _browse_signed_in(client, helper)
    assert client.get("/kenh-nguoi-ban/").status_code == 200
