"""Sign-in by phone with a one-time code; lockout and expiry on a hand-moved clock."""

import re

import pytest
from django.contrib.auth import get_user_model

from marketplace.users.models import PhoneCode

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """POST the phone form; the text leaves when the request's transaction commits."""

    def ask(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/dang-nhap/", data)

    return ask


def test_the_code_is_texted_only_once_the_request_commits(
    client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/dang-nhap/", {"phone": "0912345678"})
    assert outbox == []  # nothing leaves while the code could still be rolled back
    for callback in callbacks:
        callback()
    assert outbox[-1].to == "+84912345678"


def _code(outbox):
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def test_first_sign_in_creates_the_account(client, outbox, ask):
    response = ask({"phone": "0912 345 678"})
    assert response.status_code == 302 and response["Location"].endswith("/dang-nhap/ma/")
    assert outbox[-1].to == "+84912345678"
    stored = PhoneCode.objects.get(phone="+84912345678")
    assert _code(outbox) not in stored.code_hash  # only the hash is kept
    response = client.post("/dang-nhap/ma/", {"code": _code(outbox)})
    assert response.status_code == 302
    user = User.objects.get(phone="+84912345678")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not user.has_usable_password()


def test_code_is_single_use(client, outbox, ask):
    ask({"phone": "0912345678"})
    code = _code(outbox)
    client.post("/dang-nhap/ma/", {"code": code})
    client.logout()
    ask({"phone": "0912345678"})
    client.session  # a new code replaced it; the old one is spent
    response = client.post("/dang-nhap/ma/", {"code": code})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_invalid_phone_gets_a_clear_message_and_sends_nothing(client, outbox, ask):
    response = ask({"phone": "12345"})
    assert "0912 345 678" in response.content.decode()
    assert outbox == [] and not PhoneCode.objects.exists()


def test_five_wrong_codes_lock_the_code(client, outbox, ask):
    ask({"phone": "0912345678"})
    good = _code(outbox)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(5):
        client.post("/dang-nhap/ma/", {"code": wrong})
    response = client.post("/dang-nhap/ma/", {"code": good})
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode() or (
        "_auth_user_id" not in client.session
    )
    assert "_auth_user_id" not in client.session


def test_expired_code_is_refused(client, outbox, clock, ask):
    ask({"phone": "0912345678"})
    clock.advance(minutes=5, seconds=1)
    response = client.post("/dang-nhap/ma/", {"code": _code(outbox)})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_code_still_works_just_before_expiry(client, outbox, clock, ask):
    ask({"phone": "0912345678"})
    clock.advance(minutes=4, seconds=59)
    client.post("/dang-nhap/ma/", {"code": _code(outbox)})
    assert "_auth_user_id" in client.session


def test_sixth_code_in_an_hour_is_refused_then_allowed_later(client, outbox, clock, ask):
    for _ in range(5):
        ask({"phone": "0912345678"})
    response = ask({"phone": "0912345678"})
    assert response.status_code == 200 and len(outbox) == 5
    clock.advance(hours=1, seconds=1)
    response = ask({"phone": "0912345678"})
    assert response.status_code == 302 and len(outbox) == 6


def test_next_url_must_stay_on_site(client, outbox, ask):
    ask({"phone": "0912345678", "next": "https://evil.example/"})
    response = client.post("/dang-nhap/ma/", {"code": _code(outbox)})
    assert response["Location"] == "/"


def test_next_url_on_site_is_followed(client, outbox, ask):
    ask({"phone": "0912345678", "next": "/nguoi-ban/dang-ky/"})
    response = client.post("/dang-nhap/ma/", {"code": _code(outbox)})
    assert response["Location"] == "/nguoi-ban/dang-ky/"
