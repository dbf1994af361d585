"""Fixtures for the sellers tests: one person per role, a clock, the SMS outbox."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.notifications import sms
from sellers.models import CommuneStaff, HelperConsent, Seller
from tests.factories import (
    SellerFactory,
    SellerMemberFactory,
    UserFactory,
    commune,
    team_member,
)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


class Clock:
    """A clock tests move by hand: every module reading ``timezone.now`` sees it."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@dataclass
class Roles:
    buyer: object
    seller_a: object  # user, member of shop_a
    seller_b: object
    helper: object  # in commune X's team, with consent from shop_a
    stranger_helper: object  # in commune X's team, no consent
    staff_x: object  # staff of shop_a's commune
    staff_y: object  # staff of shop_b's commune
    operator: object
    shop_a: Seller
    shop_b: Seller
    applied: Seller  # an application waiting in commune X


@pytest.fixture
def roles(db):
    x, y = commune("Vĩnh Tuy", "Tuyên Quang"), commune("Liên Sơn", "Phú Thọ")
    shop_a = SellerFactory(commune=x, display_name="Chè Tân Lập", phone="+84912000101")
    shop_b = SellerFactory(commune=y, display_name="Chuối Liên Sơn", phone="+84912000202")
    seller_a = SellerMemberFactory(seller=shop_a).user
    seller_b = SellerMemberFactory(seller=shop_b).user
    applicant = UserFactory()
    applied = SellerFactory(
        commune=x,
        status=Seller.Status.APPLIED,
        partner=None,
        submitted_at=timezone.now(),
        phone=applicant.phone,
    )
    SellerMemberFactory(seller=applied, user=applicant)
    helper, stranger = UserFactory(), UserFactory()
    team_member(helper, x)
    team_member(stranger, x)
    HelperConsent.objects.create(helper=helper, seller=shop_a, granted_by=seller_a)
    staff_x, staff_y = UserFactory(), UserFactory()
    CommuneStaff.objects.create(user=staff_x, commune=x)
    CommuneStaff.objects.create(user=staff_y, commune=y)
    operator = UserFactory(is_staff=True, is_superuser=True)
    return Roles(
        buyer=UserFactory(),
        seller_a=seller_a,
        seller_b=seller_b,
        helper=helper,
        stranger_helper=stranger,
        staff_x=staff_x,
        staff_y=staff_y,
        operator=operator,
        shop_a=shop_a,
        shop_b=shop_b,
        applied=applied,
    )


@pytest.fixture
def acting_helper(client, roles):
    """``client`` signed in as the helper, switched to act for shop A."""
    client.force_login(roles.helper)
    client.post("/kenh-nguoi-ban/lam-thay/chon/", {"seller": roles.shop_a.pk})
    return client
