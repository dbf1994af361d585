"""Abuse: request rate limits, password lockout, phone-code limits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from marketplace.security import ratelimit
from marketplace.security.ratelimit import Rate, hit, rate_limit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings, monkeypatch):
    """Rate limits on (the test settings switch them off), with small numbers, and the
    limiter's clock held inside one window (a minute turning mid-test would reset it)."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    cache.clear()
    settings.RATE_LIMITS_ENABLED = True
    settings.SECURITY_RATE_LIMITS = {
        **settings.SECURITY_RATE_LIMITS,
        "search:search": {"rate": "3/m", "methods": ["GET"]},
        "checkout:*": {"rate": "2/m", "methods": ["POST"]},
    }
    yield settings
    cache.clear()


def test_rates_read_like_people_write_them():
    assert Rate.parse("30/m") == Rate(30, 60)
    assert Rate.parse("5/h") == Rate(5, 3600)
    assert Rate.parse("100/10s") == Rate(100, 10)
    with pytest.raises(ValueError):
        Rate.parse("lots")


def test_a_window_allows_its_count_then_says_how_long_to_wait():
    cache.clear()
    rate = Rate(2, 60)
    assert hit("t", "1.2.3.4", rate, now=120.0) is None
    assert hit("t", "1.2.3.4", rate, now=130.0) is None
    assert hit("t", "1.2.3.4", rate, now=150.0) == 30
    assert hit("t", "5.6.7.8", rate, now=150.0) is None  # another address
    assert hit("t", "1.2.3.4", rate, now=181.0) is None  # the next minute


def test_search_is_limited_per_address_with_a_friendly_page(client, limits):
    for _ in range(3):
        assert client.get("/search/", {"q": "chè"}).status_code == 200
    response = client.get("/search/", {"q": "chè"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "Quá nhiều yêu cầu" in body  # Vietnamese first
    assert "<h1" in body and "Giỏ hàng và đơn hàng của bạn vẫn an toàn" in body
    # Someone else (another address) still searches.
    assert client.get("/search/", {"q": "chè"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    # English visitors get the page in English.
    response = client.get("/en/search/", {"q": "tea"})
    assert response.status_code == 429 and "Too many requests" in response.content.decode()


def test_checkout_limits_posts_not_page_views(client, limits):
    for _ in range(2):
        client.post("/checkout/shipping-address/", {"first_name": "A"})
    assert client.post("/checkout/shipping-address/", {"first_name": "A"}).status_code == 429
    assert client.get("/checkout/shipping-address/").status_code != 429


def test_webhooks_get_a_generous_limit(client, limits):
    webhook = Rate.parse(limits.SECURITY_RATE_LIMITS["webhooks:*"]["rate"])
    checkout = Rate.parse(limits.SECURITY_RATE_LIMITS["payments:*"]["rate"])
    assert webhook.count / webhook.seconds >= 10 * checkout.count / checkout.seconds
    for _ in range(20):  # a burst of redeliveries is never refused
        assert client.post("/webhooks/stripe/", b"{}", "application/json").status_code != 429


def test_limiter_lets_requests_through_when_the_cache_is_down(client, limits, monkeypatch):
    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

        incr = add

    monkeypatch.setattr(ratelimit, "cache", Down())
    for _ in range(5):
        assert client.get("/search/", {"q": "chè"}).status_code == 200


def test_decorator_limits_a_view(limits):
    @rate_limit("unit-test", "1/m", methods=("POST",))
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200
    assert view(factory.post("/")).status_code == 200
    request = factory.post("/")
    request.session, request.user = {}, None
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert view(request).status_code == 429


# --- password sign-in lockout ------------------------------------------------------------


def _password_login(client, username, password, ip="10.1.1.1"):
    return client.post(
        "/accounts/login/",
        {"login-username": username, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR=ip,
    )


def test_wrong_passwords_lock_the_account_from_that_address(client, settings):
    user = UserFactory(email="ba.hoa@example.vn")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _password_login(client, "ba.hoa@example.vn", "sai-mat-khau")
        assert response.status_code == 200  # the form again, with its error
    response = _password_login(client, "BA.HOA@example.vn", "sai-mat-khau")  # same account
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tạm khoá đăng nhập" in body and "15 phút" in body
    # Even the right password is refused from there while locked.
    response = _password_login(client, "ba.hoa@example.vn", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address, the owner signs in.
    response = _password_login(client, "ba.hoa@example.vn", PASSWORD, ip="10.2.2.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_phone_and_email_spellings_count_for_one_account(client, settings):
    UserFactory(phone="+84912777888")
    for spelling in ("0912777888", "+84912777888", "0912 777 888", "84912777888", "0912777888"):
        response = _password_login(client, spelling, "sai-mat-khau")
    assert response.status_code == 429


def test_locked_password_does_not_block_phone_code_sign_in(
    client, settings, django_capture_on_commit_callbacks
):
    import re

    from marketplace.notifications import sms

    user = UserFactory(phone="+84912555666")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, "0912555666", "sai-mat-khau", ip="127.0.0.1")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dang-nhap/", {"phone": "0912555666"})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    response = client.post("/dang-nhap/ma/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_admin_sign_in_is_locked_too(client, settings):
    UserFactory(email="van.hanh@example.vn", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/django-admin/login/", {"username": "van.hanh@example.vn", "password": "x"}
        )
    assert response.status_code == 429


# --- phone codes keep their own limits ---------------------------------------------------


def test_phone_code_sends_are_limited_per_number(client):
    for _ in range(5):
        client.post("/dang-nhap/", {"phone": "0912444333"}, REMOTE_ADDR="10.3.3.3")
    response = client.post("/dang-nhap/", {"phone": "0912444333"}, REMOTE_ADDR="10.3.3.3")
    assert "Đã gửi quá nhiều mã tới số này" in response.content.decode()


def test_wrong_codes_lock_the_code(client):
    client.post("/dang-nhap/", {"phone": "0912444222"})
    for _ in range(5):
        response = client.post("/dang-nhap/ma/", {"code": "000000"})
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(settings):
    from marketplace.security.ratelimit import client_ip

    factory = RequestFactory()
    spoofed = "6.6.6.6, 203.0.113.7"  # the client wrote 6.6.6.6; the proxy added .7
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=spoofed)
    settings.SECURITY_PROXY_HOPS = 0
    assert client_ip(request) == "10.0.0.2"
    settings.SECURITY_PROXY_HOPS = 1
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_an_accounts_phone_and_email_count_together(client, settings):
    UserFactory(phone="+84912777000", email="chi.mai@example.vn")
    for spelling in ("0912777000", "chi.mai@example.vn", "0912 777 000", "CHI.MAI@example.vn"):
        assert _password_login(client, spelling, "sai-mat-khau").status_code == 200
    assert _password_login(client, "chi.mai@example.vn", "sai-mat-khau").status_code == 429


def test_guesses_spread_over_many_addresses_lock_the_account(client, settings):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 8
    user = UserFactory(email="ong.ba@example.vn")
    other = UserFactory(email="hang.xom@example.vn")
    for n in range(8):  # two guesses from each of four addresses: under the per-address limit
        response = _password_login(client, "ong.ba@example.vn", "sai", ip=f"10.9.0.{n // 2}")
        assert response.status_code == 200
    response = _password_login(client, "ong.ba@example.vn", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account is not touched (positive control).
    response = _password_login(client, "hang.xom@example.vn", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)
    assert user.pk != other.pk
