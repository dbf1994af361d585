"""Sign-in and registration by phone number or email."""

import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from marketplace.notifications import sms
from marketplace.users.phone import display_phone, normalise_phone
from tests.factories import PASSWORD, UserFactory

User = get_user_model()


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84912345678",
        "84912345678",
        "+84 912 345 678",
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw):
    assert normalise_phone(raw) == "+84912345678"


@pytest.mark.parametrize("raw", ["", "12345", "0912", "abc", "+1 555 0100"])
def test_invalid_phone_numbers_are_refused_with_a_clear_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalise_phone(raw)
    assert "0912 345 678" in str(excinfo.value)


def test_stored_numbers_are_shown_the_vietnamese_way():
    assert display_phone("+84912345678") == "0912 345 678"


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["0912345678", "+84912345678", "0912 345 678"])
def test_user_signs_in_with_any_spelling_of_the_phone(identifier):
    user = UserFactory(phone="+84912345678", email=None)
    assert authenticate(username=identifier, password=PASSWORD) == user


@pytest.mark.django_db
def test_user_signs_in_with_email_case_insensitively():
    user = UserFactory(email="ba.hoa@example.vn", phone=None)
    assert authenticate(username="Ba.Hoa@Example.vn", password=PASSWORD) == user
    assert authenticate(username="ba.hoa@example.vn", password="wrong-password") is None


@pytest.mark.django_db
def test_a_user_needs_a_phone_or_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user(password=PASSWORD)
    with pytest.raises(IntegrityError):
        User.objects.create(first_name="Không liên lạc")


@pytest.mark.django_db
def test_many_users_without_email_can_coexist():
    UserFactory(email=None)
    UserFactory(email="")
    assert User.objects.filter(email__isnull=True).count() == 2


@pytest.mark.django_db
def test_full_name_is_split_the_vietnamese_way():
    user = UserFactory()
    user.set_full_name("Phan Thế Độ")
    assert (user.last_name, user.first_name) == ("Phan Thế", "Độ")
    assert user.get_full_name() == "Phan Thế Độ"


@pytest.mark.django_db
def test_login_page_accepts_a_phone_number(client):
    UserFactory(phone="+84912345678")
    response = client.post(
        reverse("customer:login"),
        {"login-username": "0912 345 678", "login-password": PASSWORD, "login_submit": "1"},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_wrong_password_shows_a_vietnamese_error_and_keeps_the_number(client):
    UserFactory(phone="+84912345678")
    response = client.post(
        reverse("customer:login"),
        {"login-username": "0912345678", "login-password": "sai-mat-khau", "login_submit": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "mật khẩu không đúng" in body
    assert 'value="0912345678"' in body


@pytest.mark.django_db
def test_registration_with_a_phone_number_creates_a_normalised_account(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customer:register"),
            {
                "full_name": "Nguyễn Thị Chúc",
                "phone": "0987 654 321",
                "email": "",
                "password1": "che-shan-tuyet-2026",
                "password2": "che-shan-tuyet-2026",
            },
        )
    assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    client.post(reverse("customer:register-confirm"), {"code": code})
    user = User.objects.get(phone="+84987654321")
    assert user.email is None
    assert user.get_full_name() == "Nguyễn Thị Chúc"


@pytest.mark.django_db
def test_registration_keeps_what_was_typed_when_the_passwords_differ(client):
    response = client.post(
        reverse("customer:register"),
        {
            "full_name": "Người khác",
            "phone": "0987654321",
            "password1": "che-shan-tuyet-2026",
            "password2": "che-shan-tuyet-2027",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Người khác"' in body and 'value="0987654321"' in body
    assert not User.objects.filter(phone="+84987654321").exists()


@pytest.mark.django_db
def test_registration_needs_a_phone_or_an_email(client):
    response = client.post(
        reverse("customer:register"),
        {
            "full_name": "Ẩn danh",
            "password1": "che-shan-tuyet-2026",
            "password2": "che-shan-tuyet-2026",
        },
    )
    assert response.status_code == 200
    assert "Hãy nhập số điện thoại hoặc email" in response.content.decode()


@pytest.mark.django_db
def test_the_unread_notifications_count_is_read_only_by_a_page_that_shows_it(
    django_assert_num_queries,
):
    from django.template import Context, Template
    from django.test import RequestFactory
    from oscar.core.loading import get_model

    from marketplace.customer.context_processors import notifications

    Notification = get_model("communication", "Notification")
    user = UserFactory()
    Notification.objects.create(recipient=user, subject="Đơn hàng của bạn đã được giao")
    Notification.objects.create(recipient=UserFactory(), subject="Không phải của bạn")
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_num_queries(0):
        context = notifications(request)
    shows = Template(
        "{% if num_unread_notifications > 0 %}{{ num_unread_notifications }}{% endif %}"
    )
    with django_assert_num_queries(1):
        assert shows.render(Context(context)) == "1"
