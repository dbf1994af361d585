"""Registration and helper consent answer the same whether or not a phone, an e-mail or a
shop is known: only the owner of the number or address learns that someone tried."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from marketplace.notifications import sms
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
CONFIRM = "/accounts/register/code/"
NEW_PASSWORD = "mat-ong-rung-2026"
User = get_user_model()


def _register(client, *, phone="", email="", name="Nguyễn Thị Chúc"):
    return client.post(
        REGISTER,
        {
            "full_name": name,
            "phone": phone,
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def _code(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def _screen(client, shown: str) -> str:
    """The code screen with the number or address it names (and the per-request form
    tokens and script nonces) taken out."""
    page = client.get(CONFIRM).content.decode().replace(shown, "…")
    return re.sub(r'(value|nonce)="[A-Za-z0-9+/=_-]{16,}"', r'\1=""', page)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    sms.outbox.clear()
    mail.outbox.clear()

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_new_phone_gets_a_code_and_the_code_creates_the_account(client, capture):
    response = capture(lambda: _register(client, phone="0987 654 321"))
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert not User.objects.filter(phone="+84987654321").exists()  # nothing before the code
    assert sms.outbox[-1].to == "+84987654321"
    wrong = client.post(CONFIRM, {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    done = client.post(CONFIRM, {"code": _code(sms.outbox[-1].text)})
    assert done.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert user.get_full_name() == "Nguyễn Thị Chúc" and user.phone_verified_at is not None
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    for url in ("/", "/basket/", "/accounts/"):
        assert client.get(url, follow=True).status_code == 200, url
    # The pending registration is gone: the code cannot make a second account.
    assert client.get(CONFIRM).status_code == 302


def test_a_registered_phone_is_answered_exactly_like_a_new_one(client, capture):
    owner = UserFactory(phone="+84912345678")
    new = capture(lambda: _register(client, phone="0987 654 321"))
    new_screen = _screen(client, "0987 654 321")
    known = capture(lambda: _register(client, phone="0912 345 678"))
    known_screen = _screen(client, "0912 345 678")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known_screen == new_screen
    # The owner is told, and gets no code to read out to anyone.
    notice = sms.outbox[-1]
    assert notice.to == "+84912345678" and "đã có tài khoản" in notice.text
    assert not re.search(r"\d{6}", notice.text)
    # Whatever is typed is a wrong code, as it would be for a new number.
    wrong = client.post(CONFIRM, {"code": "123456"}).content.decode()
    assert "Mã không đúng" in wrong
    assert User.objects.filter(phone="+84912345678").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.get_full_name() != "Nguyễn Thị Chúc"


def test_a_registered_email_is_answered_like_a_new_one_and_its_owner_is_told(client, capture):
    UserFactory(email="ba.hoa@example.vn", phone=None)
    new = capture(lambda: _register(client, email="chuc@example.vn"))
    new_screen = _screen(client, "chuc@example.vn")
    code_mail = mail.outbox[-1]
    known = capture(lambda: _register(client, email="Ba.Hoa@example.vn"))
    known_screen = _screen(client, "ba.hoa@example.vn")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known_screen == new_screen
    assert code_mail.to == ["chuc@example.vn"] and re.search(r"\b\d{6}\b", code_mail.body)
    notice = mail.outbox[-1]
    assert notice.to == ["ba.hoa@example.vn"] and not re.search(r"\b\d{6}\b", notice.body)
    assert "/password-reset/" in notice.body
    assert "Mã không đúng" in client.post(CONFIRM, {"code": "123456"}).content.decode()
    assert User.objects.filter(email__iexact="ba.hoa@example.vn").count() == 1


def test_an_email_only_registration_finishes_with_the_mailed_code(client, capture):
    capture(lambda: _register(client, email="chuc@example.vn"))
    done = client.post(CONFIRM, {"code": _code(mail.outbox[-1].body)})
    assert done.status_code == 302
    user = User.objects.get(email="chuc@example.vn")
    assert user.phone is None and client.session["_auth_user_id"] == str(user.pk)


def test_an_email_another_account_has_is_left_out_and_its_owner_is_told(client, capture):
    UserFactory(email="ba.hoa@example.vn", phone=None)
    capture(lambda: _register(client, phone="0987654321", email="ba.hoa@example.vn"))
    capture(lambda: client.post(CONFIRM, {"code": _code(sms.outbox[-1].text)}))
    user = User.objects.get(phone="+84987654321")
    assert user.email is None
    assert mail.outbox[-1].to == ["ba.hoa@example.vn"]
    assert User.objects.filter(email__iexact="ba.hoa@example.vn").count() == 1


def test_the_form_keeps_what_was_typed_and_the_limits_hold_either_way(client, capture):
    UserFactory(phone="+84912345678")
    for phone in ("0912345678", "0987654321"):
        answers = [capture(lambda p=phone: _register(client, phone=p)) for _ in range(6)]
        assert [a.status_code for a in answers] == [302] * 5 + [200]
        page = answers[-1].content.decode()
        assert "Đã gửi quá nhiều mã" in page and 'value="Nguyễn Thị Chúc"' in page


def test_a_code_for_someone_else_cannot_finish_this_registration(client, capture):
    other = client.__class__()
    capture(lambda: _register(other, phone="0987654321"))
    their_code = _code(sms.outbox[-1].text)
    capture(lambda: _register(client, phone="0987654322"))
    client.post(CONFIRM, {"code": their_code})
    assert not User.objects.filter(phone="+84987654322").exists()
