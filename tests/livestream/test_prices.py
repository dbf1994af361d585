"""Live-only prices: an Oscar offer open only while the live runs, used by checkout."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class

from livestream import services
from livestream.models import LiveOrder
from tests.checkout.test_checkout_flow import address_data
from tests.factories import UserFactory, sellable_product

from .conftest import LIVE_PRICE

pytestmark = pytest.mark.django_db
Applicator = get_class("offer.applicator", "Applicator")


def basket_total(client):
    response = client.get(reverse("basket:summary"))
    return response.context["basket"].total_incl_tax


def test_live_price_applies_only_while_the_host_is_live(
    client, clock, make_live, member, tea, verified
):
    start = clock.at + timedelta(hours=1)
    live = make_live(start, hours=1, items=[(tea, LIVE_PRICE)])
    item = live.items.get()
    client.post(reverse("livestream:add", args=[live.pk, item.pk]))
    assert basket_total(client) == Decimal("150000")  # not started yet
    clock.set(start + timedelta(minutes=1))
    assert basket_total(client) == Decimal("150000")  # planned time, but the host is not on
    services.start_live(live=live, actor=member.user)
    assert basket_total(client) == LIVE_PRICE
    clock.set(start + timedelta(hours=1, minutes=1))
    assert basket_total(client) == Decimal("150000")  # planned end passed
    assert tea.stockrecords.get().price == Decimal("150000")  # normal price never edited


def test_ending_the_live_early_stops_the_live_price(
    client, clock, make_live, member, tea, verified
):
    live = make_live(clock.at + timedelta(minutes=5), items=[(tea, LIVE_PRICE)])
    clock.advance(minutes=6)
    services.start_live(live=live, actor=member.user)
    client.post(reverse("livestream:add", args=[live.pk, live.items.get().pk]))
    assert basket_total(client) == LIVE_PRICE
    clock.advance(minutes=10)
    services.end_live(live=live, actor=member.user)
    clock.advance(seconds=1)
    assert basket_total(client) == Decimal("150000")


def test_checkout_charges_the_live_price_and_attributes_the_order_once(
    client, clock, make_live, member, tea, honey, verified
):
    live = make_live(clock.at - timedelta(minutes=1), items=[(tea, LIVE_PRICE), (honey, None)])
    services.start_live(live=live, actor=member.user)
    client.force_login(UserFactory())
    assert client.get(live.get_absolute_url()).status_code == 200
    client.post(reverse("livestream:add", args=[live.pk, live.items.get(product=tea).pk]))
    client.get(reverse("checkout:index"))
    client.post(reverse("checkout:shipping-address"), address_data())
    placed = client.post(reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"})
    assert placed.status_code == 302 and placed.url == reverse("checkout:thank-you")
    attributed = LiveOrder.objects.get()
    assert attributed.live == live and attributed.gmv == LIVE_PRICE
    line = attributed.order.lines.get()
    assert line.line_price_incl_tax == LIVE_PRICE
    # The discount carries a name a buyer understands, not an internal code.
    day = timezone.localtime(live.starts_at).strftime("%d/%m")
    code = live.items.get(product=tea).code
    assert attributed.order.basket_discounts[0].offer_name == f"Giá live ngày {day} · mã {code}"
    request = type("R", (), {"session": client.session})()
    assert services.attribute_order(order=attributed.order, request=request) == attributed
    assert LiveOrder.objects.count() == 1


@pytest.mark.parametrize(
    "price", [Decimal("0"), Decimal("-5"), Decimal("1"), Decimal("74999"), Decimal("150001")]
)
def test_bad_live_price_is_refused_and_nothing_changes(clock, make_live, member, tea, price):
    live = make_live(clock.at + timedelta(hours=1))
    with pytest.raises(services.LiveError):
        services.set_live_products(live=live, actor=member.user, items=[(tea, price)])
    assert not live.items.exists()


def test_another_sellers_product_cannot_be_added(clock, make_live, member):
    live = make_live(clock.at + timedelta(hours=1))
    with pytest.raises(services.LiveError):
        services.set_live_products(live=live, actor=member.user, items=[(sellable_product(), None)])


def test_the_lowest_live_price_is_half_the_normal_price(clock, make_live, member, tea):
    live = make_live(clock.at + timedelta(hours=1))
    services.set_live_products(live=live, actor=member.user, items=[(tea, Decimal("75000"))])
    assert live.items.get().live_price == Decimal("75000")


def test_a_live_cannot_be_planned_in_the_past(clock, make_live):
    with pytest.raises(services.LiveError, match="đã qua|already passed"):
        make_live(clock.at - timedelta(hours=1))
    assert make_live(clock.at - timedelta(minutes=2))  # a moment ago is still "now"
