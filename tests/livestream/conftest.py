"""Livestream fixtures: a controllable clock, a verified seller and lives around 'now'."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from livestream import services
from livestream.services import LiveDetails
from tests.factories import SellerMemberFactory, UserFactory, sellable_product


class Clock:
    """Replaces ``timezone.now`` for our code and Oscar's offer manager."""

    def __init__(self):
        self.at = timezone.now().replace(microsecond=0)

    def __call__(self):
        return self.at

    def set(self, moment):
        self.at = moment

    def advance(self, **delta):
        self.at += timedelta(**delta)


@pytest.fixture
def clock():
    fake = Clock()
    with (
        mock.patch("django.utils.timezone.now", fake),
        mock.patch("oscar.apps.offer.managers.now", fake),
    ):
        yield fake


@pytest.fixture
def member():
    return SellerMemberFactory()


@pytest.fixture
def seller(member):
    return member.seller


@pytest.fixture
def seller_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def tea(seller):
    return sellable_product(seller=seller, title="Chè Shan Tuyết 200g")


@pytest.fixture
def honey(seller):
    return sellable_product(seller=seller, title="Mật ong bạc hà 500ml")


def details(start, hours=1, **kwargs):
    values = {
        "title": "Hái chè trên đồi Tân Lập",
        "description": "Xem hái chè, hỏi giá, đặt hàng ngay.",
        "platform": "youtube",
        "stream_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
    }
    values.update(kwargs)
    return LiveDetails(**values)


@pytest.fixture
def verified(seller):
    staff = UserFactory(is_superuser=True, is_staff=True)
    services.verify_host(seller=seller, actor=staff, host_name="Phan Thế Độ", id_checked="CCCD")
    return seller


@pytest.fixture
def make_live(member):
    def make(start, hours=1, items=(), **kwargs):
        live = services.schedule_live(
            seller=member.seller, actor=member.user, details=details(start, hours, **kwargs)
        )
        if items:
            services.set_live_products(live=live, actor=member.user, items=list(items))
        return live

    return make


LIVE_PRICE = Decimal("120000")  # the factories' normal price is 150.000 ₫
