"""Seller back office: each seller sees and moves only its own part of an order."""

import pytest
from django.urls import reverse

from marketplace.audit.models import AuditEvent
from marketplace.ledger.selectors import balance
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.payments.services import confirm_transfer, start_payment
from tests.checkout.helpers import basket_with, confirm_post, place
from tests.factories import SellerMemberFactory, UserFactory, sellable_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_seller_order():
    tea, honey = sellable_product(), sellable_product()
    order = place(basket_with(tea, honey))
    start_payment(order=order, method="cod")
    return order, tea.seller, honey.seller


def signed_in(client, seller):
    member = SellerMemberFactory(seller=seller)
    client.force_login(member.user)
    return member.user


def test_seller_sees_only_its_own_part(client, two_seller_order):
    order, tea_seller, honey_seller = two_seller_order
    signed_in(client, tea_seller)
    listing = client.get(reverse("fulfilment:list")).content.decode()
    mine = order.fulfilments.get(seller=tea_seller)
    theirs = order.fulfilments.get(seller=honey_seller)
    assert reverse("fulfilment:detail", args=[mine.pk]) in listing
    assert reverse("fulfilment:detail", args=[theirs.pk]) not in listing
    detail = client.get(reverse("fulfilment:detail", args=[mine.pk])).content.decode()
    honey_title = order.lines.get(partner=honey_seller.partner).title
    assert honey_title not in detail
    assert str(order.total_incl_tax.quantize(1)) not in detail.replace(".", "")
    assert client.get(reverse("fulfilment:detail", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("fulfilment:update", args=[theirs.pk]), {"status": "confirmed"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Fulfilment.Status.NEW


def test_fulfilment_pages_need_a_seller(client, two_seller_order):
    order, *_ = two_seller_order
    part = order.fulfilments.first()
    assert client.get(reverse("fulfilment:list")).status_code == 302
    client.force_login(UserFactory())
    for url in (reverse("fulfilment:list"), reverse("fulfilment:detail", args=[part.pk])):
        assert client.get(url).status_code == 403


def test_cod_delivery_consumes_stock_books_commission_and_is_audited(client, two_seller_order):
    order, tea_seller, _ = two_seller_order
    user = signed_in(client, tea_seller)
    part = order.fulfilments.get(seller=tea_seller)
    for status in ("confirmed", "packed", "shipped", "delivered"):
        client.post(
            reverse("fulfilment:update", args=[part.pk]),
            {"status": status, "tracking_note": "GHTK 123"},
        )
    part.refresh_from_db()
    assert part.status == "delivered" and part.cash_collected_at
    line = order.lines.get(partner=tea_seller.partner)
    line.stockrecord.refresh_from_db()
    assert line.stockrecord.num_in_stock == 19 and line.stockrecord.num_allocated == 0
    assert balance(tea_seller) == -7500  # the seller holds the cash and owes 5% commission
    assert AuditEvent.objects.filter(actor=user, verb="fulfilment.delivered").exists()


def test_refused_cod_parcel_is_recorded_and_goes_back_to_stock(client, two_seller_order):
    order, tea_seller, _ = two_seller_order
    signed_in(client, tea_seller)
    part = order.fulfilments.get(seller=tea_seller)
    for status in ("confirmed", "packed", "shipped", "refused"):
        client.post(reverse("fulfilment:update", args=[part.pk]), {"status": status})
    assert CodRefusal.objects.filter(phone="+84912345678").count() == 1
    line = order.lines.get(partner=tea_seller.partner)
    line.stockrecord.refresh_from_db()
    assert line.stockrecord.num_in_stock == 20


def test_seller_list_query_count_is_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    product = sellable_product()
    place(basket_with(product))
    signed_in(client, product.seller)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("fulfilment:list"))
    for _ in range(6):
        place(basket_with(product))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("fulfilment:list"))
    assert response.content.decode().count("/kenh-nguoi-ban/don-hang/") >= 7


def test_operator_confirms_a_transfer_and_sellers_are_credited(client):
    product = sellable_product()
    order = place(basket_with(product))
    attempt = start_payment(order=order, method="vietqr")
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert order.number in client.get(reverse("operations:transfers")).content.decode()
    confirm_post(client, reverse("operations:confirm-transfer", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.state == "succeeded"
    # 150.000 sale + 30.000 shipping − 7.500 commission
    assert balance(product.seller) == 172500
    csv = client.get(reverse("operations:payout-csv"), {"start": "2000-01-01", "end": "2100-01-01"})
    assert "172500" in csv.content.decode()
    with pytest.raises(Exception):
        confirm_transfer(attempt=attempt, actor=operator)


def test_unpaid_vietqr_orders_expire_and_release_stock_once(settings):
    from django.utils import timezone

    from marketplace.payments.services import expire_unpaid_vietqr

    product = sellable_product()
    order = place(basket_with(product))
    start_payment(order=order, method="vietqr")
    later = timezone.now() + timezone.timedelta(minutes=settings.VIETQR_EXPIRY_MINUTES + 1)
    assert expire_unpaid_vietqr(now=later) == 1
    assert expire_unpaid_vietqr(now=later) == 0
    record = product.stockrecords.get()
    assert record.num_allocated == 0
    order.refresh_from_db()
    assert order.status == "cancelled"
