"""Phone-code limits count the real client and cannot be used to keep an owner out."""

import pathlib
import re

import pytest

from marketplace.notifications import sms
from sellers.models import HelperConsent
from tests.factories import SellerFactory, SellerMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
SELLER_PHONE = "0912000777"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.SECURITY_PROXY_HOPS = 1
    sms.outbox.clear()


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def send(phone, address, url="/dang-nhap/", data=None, on=client):
        before = len(sms.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            on.post(
                url,
                data or {"phone": phone},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}",
            )
        return len(sms.outbox) > before

    return send


def _code_for(phone):
    texts = [m.text for m in sms.outbox if m.to == phone]
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def _enter_code(client, code, address):
    return client.post(
        "/dang-nhap/ma/", {"code": code}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
    )


def test_behind_the_proxy_each_client_has_its_own_address_budget(send, client):
    # Twenty-one people behind the same proxy each ask once: all get their code.
    for n in range(21):
        assert send(f"09120001{n:02d}", f"203.0.113.{n + 1}"), n
    # Positive control: one client asking for many numbers is stopped at twenty.
    results = [send(f"09130001{n:02d}", "198.51.100.9") for n in range(21)]
    assert all(results[:20]) and not results[20]


def test_no_module_reads_the_client_address_by_itself():
    root = pathlib.Path(__file__).resolve().parents[2]
    readers = [
        str(path.relative_to(root))
        for folder in ("marketplace", "sellers", "catalog", "livestream", "themes")
        for path in (root / folder).rglob("*.py")
        if "REMOTE_ADDR" in path.read_text()
    ]
    assert readers == ["marketplace/security/ratelimit.py"]


def test_a_stranger_cannot_keep_a_seller_from_signing_in(send, client, django_db_blocker):
    from django.test import Client

    shop = SellerFactory(phone="+84912000777")
    owner = SellerMemberFactory(seller=shop, user=UserFactory(phone="+84912000777")).user
    stranger = Client()
    helper = UserFactory()
    stranger.force_login(helper)
    # The stranger spends every code the seller's number may get from one address, for
    # sign-in and for helper consent...
    for _ in range(6):
        send(SELLER_PHONE, "192.0.2.66", on=stranger)
        send(
            SELLER_PHONE,
            "192.0.2.66",
            url="/kenh-nguoi-ban/lam-thay/xin-dong-y/",
            data={"seller_phone": SELLER_PHONE},
            on=stranger,
        )
    assert not send(SELLER_PHONE, "192.0.2.66", on=stranger)  # the stranger is stopped
    # ...yet the seller, at home, gets a code and signs in.
    assert send(SELLER_PHONE, "203.0.113.50")
    code = _code_for("+84912000777")
    # A stranger asking again meanwhile neither cancels that code nor can lock it.
    send(SELLER_PHONE, "192.0.2.67", on=stranger)
    for _ in range(5):
        stranger.post(
            "/dang-nhap/ma/",
            {"code": "000000"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="192.0.2.67",
        )
    response = _enter_code(client, code, "203.0.113.50")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert not HelperConsent.objects.filter(helper=helper).exists()


def test_a_flood_from_many_addresses_stops_new_devices_but_not_the_owners(send, client):
    from django.test import Client

    UserFactory(phone="+84912000888")
    for n in range(3):
        for _ in range(5):
            assert send("0912000888", f"192.0.2.{n + 1}", on=Client())
    # The ceiling holds a device that never signed in with the number...
    assert not send("0912000888", "192.0.2.99", on=Client())
    # ...but the owner's phone, which signed in before, still gets its code.
    owner_phone = Client()
    owner_phone.cookies.load({"phone_device": _device_note("+84912000888")})
    assert send("0912000888", "203.0.113.60", on=owner_phone)
    code = _code_for("+84912000888")
    response = _enter_code(owner_phone, code, "203.0.113.60")
    assert response.status_code == 302


def _device_note(phone):
    from django.core import signing

    from marketplace.users.views import DEVICE_SALT

    return signing.dumps(phone, salt=DEVICE_SALT)


def test_signing_in_by_code_remembers_the_device(send, client):
    UserFactory(phone="+84912000999")
    assert send("0912000999", "203.0.113.70")
    response = _enter_code(client, _code_for("+84912000999"), "203.0.113.70")
    assert response.status_code == 302
    cookie = response.cookies["phone_device"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
