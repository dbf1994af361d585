"""Shipping with a carrier: live fees, shipments, labels, tracking and their failures.

The carrier is a fake server on 127.0.0.1 speaking the carrier's API, which can answer
500, answer too late, or refuse a request as bad.
"""

import random
import time

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry
from marketplace.order.models import CodRefusal, Fulfilment, Shipment
from marketplace.order.shipping import split_by_seller
from tests.checkout.helpers import address, basket_with
from tests.factories import UserFactory, sellable_product
from tests.shipping.helpers import cod_order, ship, signed_in, webhook

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")


def _basket_product(weight=1200):
    product = sellable_product()
    product.weight_grams = weight
    product.save()
    return product


def test_checkout_quotes_the_carrier_and_reuses_the_quote(carrier):
    basket = basket_with(_basket_product(), quantity=2)
    [part] = split_by_seller(basket.all_lines(), destination=address())
    assert not part.estimated
    assert part.grams == 2400
    carrier_fee = part.shipping
    assert carrier_fee not in (0, 30000)
    carrier.set_mode("fee", "500")  # cached: the carrier is not asked again
    [again] = split_by_seller(basket.all_lines(), destination=address())
    assert (again.shipping, again.estimated) == (carrier_fee, False)


def test_carrier_down_or_slow_charges_the_flat_fee_labelled_estimate(carrier, settings):
    basket = basket_with(_basket_product())
    for mode in ("500", "slow"):
        from django.core.cache import cache

        cache.clear()
        carrier.set_mode("fee", mode, seconds=3)
        started = time.monotonic()
        [part] = split_by_seller(basket.all_lines(), destination=address())
        assert time.monotonic() - started < 2.5
        assert part.estimated
        assert part.shipping == settings.SHIPPING_DEFAULT_FEE


def test_basket_page_shows_the_carrier_fee_or_an_estimate(client, carrier):
    buyer = UserFactory()
    basket = Basket.objects.create(owner=buyer)
    from oscar.core.loading import get_class

    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(_basket_product(), 1)
    client.force_login(buyer)
    carrier.set_mode("fee", "500")
    page = client.get(reverse("basket:summary"))
    assert page.status_code == 200
    assert "phí tạm tính" in page.content.decode()


def test_seller_creates_a_shipment_and_prints_an_a6_label(client, carrier):
    order, part, _product = cod_order()
    signed_in(client, part.seller)
    detail = client.get(reverse("fulfilment:detail", args=[part.pk])).content.decode()
    assert 'value="700"' in detail  # weight prefilled from the product
    response = ship(client, part)
    assert response.status_code == 302
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.status == Shipment.Status.CREATED
    [booked] = carrier.shipments()
    assert booked["order_code"] == shipment.tracking_code
    assert booked["cod_amount"] == int(part.total)
    assert booked["to_commune_code"] == order.shipping_address.commune.code
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.PACKED
    assert part.tracking_note == shipment.tracking_code
    page = client.get(reverse("fulfilment:detail", args=[part.pk])).content.decode()
    assert shipment.tracking_code in page
    label = client.get(reverse("fulfilment:label", args=[part.pk, shipment.pk]))
    assert label["Content-Type"] == "application/pdf"
    assert label.content.startswith(b"%PDF")


def test_carrier_500_at_create_leaves_no_label_and_a_retry_books_once(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    carrier.set_mode("create", "500")
    page = client.get(ship(client, part).url).content.decode()
    assert "Hãng vận chuyển không trả lời" in page
    assert carrier.shipments() == []
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.status == Shipment.Status.PENDING and not shipment.has_label
    assert reverse("fulfilment:label", args=[part.pk, shipment.pk]) not in page
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.NEW
    carrier.set_mode("create", "ok")
    ship(client, part)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CREATED
    assert len(carrier.shipments()) == 1


def test_timeout_at_create_then_retry_never_books_two_parcels(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    carrier.set_mode("create", "slow", seconds=2)  # the carrier books it, answers too late
    page = client.get(ship(client, part).url).content.decode()
    assert "Hãng vận chuyển không trả lời" in page
    assert len(carrier.shipments()) == 1
    carrier.set_mode("create", "ok")
    ship(client, part)
    [booked] = carrier.shipments()
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.tracking_code == booked["order_code"]
    assert shipment.status == Shipment.Status.CREATED


def test_carrier_refusing_the_parcel_leaves_nothing(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    carrier.set_mode("create", "bad")
    page = client.get(ship(client, part).url).content.decode()
    assert "Hãng vận chuyển từ chối" in page
    assert not Shipment.objects.filter(fulfilment=part).exists()


def test_cancel_failures_change_nothing_then_cancel_works(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    shipment = Shipment.objects.get(fulfilment=part)
    url = reverse("fulfilment:unship", args=[part.pk, shipment.pk])
    for mode in ("500", "slow"):
        carrier.set_mode("cancel", mode, seconds=2)
        page = client.get(client.post(url).url).content.decode()
        assert "Hãng vận chuyển không trả lời" in page
        shipment.refresh_from_db()
        assert shipment.status == Shipment.Status.CREATED
    carrier.set_mode("cancel", "ok")
    client.post(url)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED
    assert carrier.shipments()[0]["status"] == "cancel"
    part.refresh_from_db()
    assert part.tracking_note == ""


def test_seller_cannot_ship_print_or_cancel_another_sellers_parcel(client, carrier):
    _order, part, _product = cod_order()
    _other_order, other_part, _ = cod_order()
    signed_in(client, other_part.seller)
    assert ship(client, part).status_code == 404
    assert not Shipment.objects.filter(fulfilment=part).exists()
    # positive control: the owner ships; then the other seller cannot print or cancel it
    owner = client.__class__()
    signed_in(owner, part.seller)
    assert ship(owner, part).status_code == 302
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.status == Shipment.Status.CREATED
    assert client.get(reverse("fulfilment:label", args=[part.pk, shipment.pk])).status_code == 404
    assert client.post(reverse("fulfilment:unship", args=[part.pk, shipment.pk])).status_code == 404
    # its own part id with another's shipment id is not a way in either
    ship(client, other_part)
    own = Shipment.objects.get(fulfilment=other_part)
    assert (
        client.get(reverse("fulfilment:label", args=[other_part.pk, shipment.pk])).status_code
        == 404
    )
    assert client.get(reverse("fulfilment:label", args=[other_part.pk, own.pk])).status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CREATED


def test_status_webhooks_ten_times_shuffled_change_the_state_once(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    deliveries = [
        ("picked", "2026-12-01T08:00:00+07:00"),
        ("transporting", "2026-12-01T12:00:00+07:00"),
        ("delivered", "2026-12-02T09:00:00+07:00"),
    ] * 10
    random.Random(20).shuffle(deliveries)
    client.logout()
    answers = [webhook(client, code, status, time=at) for status, at in deliveries]
    assert {a.status_code for a in answers} == {200}
    assert sum(a.content == b"applied" for a in answers) <= 3
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.DELIVERED
    assert AuditEvent.objects.filter(verb="fulfilment.delivered").count() == 1
    assert LedgerEntry.objects.filter(fulfilment=part, kind="sale").count() == 1
    # The cash is with the carrier until its statement comes: held once, and the carrier's
    # fees come off that statement (tests/shipping/test_remittance.py).
    assert LedgerEntry.objects.filter(fulfilment=part, kind="carrier_cod").count() == 1
    fees = LedgerEntry.objects.filter(fulfilment=part, kind__in=["carrier_fee", "cod_fee"])
    assert not fees.exists()
    # a late "picked up" never moves a delivered parcel back
    assert webhook(client, code, "picked").content in (b"duplicate", b"stale")
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.status == Shipment.Status.DELIVERED


def test_late_pickup_after_delivery_is_stale(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    assert webhook(client, code, "delivered").content == b"applied"
    assert webhook(client, code, "picked").content == b"stale"
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.DELIVERED


def test_bad_signature_is_refused_and_changes_nothing(client, carrier, caplog):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    bad = webhook(client, code, "delivered", secret="not-the-secret")
    assert bad.status_code == 400
    assert "carrier webhook refused" in caplog.text
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.PACKED
    good = webhook(client, code, "delivered")  # positive control
    assert good.status_code == 200
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.DELIVERED


def test_returned_cod_parcel_restocks_once_and_counts_as_refusal(client, carrier):
    _order, part, product = cod_order(quantity=2)
    record = product.stockrecords.get()
    in_stock = record.num_in_stock
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    webhook(client, code, "picked")
    record.refresh_from_db()
    assert record.num_in_stock == in_stock - 2  # left the seller
    for _ in range(3):
        webhook(client, code, "returned")
    webhook(client, code, "delivered")  # too late: the parcel came back
    record.refresh_from_db()
    assert record.num_in_stock == in_stock
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.REFUSED
    assert CodRefusal.objects.filter(fulfilment=part).count() == 1


def test_buyer_sees_the_tracking_timeline(client, carrier):
    order, part, _product = cod_order()
    buyer = UserFactory()
    order.user = buyer
    order.save()
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    webhook(client, code, "picked", time="2026-12-01T08:15:00+07:00")
    client.force_login(buyer)
    page = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert code in page
    assert "Đã lấy hàng" in page
    assert "Chờ lấy hàng" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emitted_webhook_reaches_our_endpoint(live_server, carrier, client):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    code = Shipment.objects.get(fulfilment=part).tracking_code
    answer = carrier.emit(
        order_code=code,
        status="picked",
        url=live_server.url + reverse("carrier:webhook"),
        secret="carrier-webhook-secret",
    )
    assert answer == {"status": 200, "answer": "applied"}


def test_without_a_carrier_the_site_prints_the_label(client, settings):
    settings.CARRIER_API_URL = ""
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.carrier == "flat" and shipment.status == Shipment.Status.CREATED
    label = client.get(reverse("fulfilment:label", args=[part.pk, shipment.pk]))
    assert label["Content-Type"] == "application/pdf"
    assert label.content.startswith(b"%PDF")


def test_the_order_part_keeps_the_fee_the_buyer_was_charged(carrier):
    from oscar.core.loading import get_class

    from marketplace.order.shipping import PerSellerShipping

    basket = basket_with(_basket_product())
    destination = address()
    method = PerSellerShipping(destination=destination)
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    carrier.set_mode("fee", "500")  # the carrier changing its mind afterwards changes nothing
    from django.core.cache import cache

    cache.clear()
    order = get_class("order.utils", "OrderCreator")().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        shipping_address=destination,
        order_number="C100001",
    )
    part = order.fulfilments.get()
    assert part.shipping_charge == charge.incl_tax == order.shipping_incl_tax
    assert part.shipping_charge not in (0, 30000)


def test_cancelling_an_order_calls_back_its_booked_parcel(
    client, carrier, django_capture_on_commit_callbacks
):
    from marketplace.order.services import cancel_order
    from marketplace.order.tasks import call_back_cancelled_parcels

    order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.status == Shipment.Status.CREATED

    carrier.set_mode("cancel", "500")
    with django_capture_on_commit_callbacks(execute=True):
        assert cancel_order(order=order, reason="buyer")
    part.refresh_from_db()
    shipment.refresh_from_db()
    assert part.status == Fulfilment.Status.CANCELLED
    assert shipment.status == Shipment.Status.CREATED  # the carrier did not answer
    assert carrier.shipments()[0]["status"] != "cancel"

    carrier.set_mode("cancel", "ok")
    assert call_back_cancelled_parcels() == 1  # the periodic run
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED
    assert carrier.shipments()[0]["status"] == "cancel"
    assert call_back_cancelled_parcels() == 0


def test_a_parcel_of_a_part_still_open_is_not_called_back(client, carrier):
    from marketplace.order.tasks import call_back_cancelled_parcels

    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    assert call_back_cancelled_parcels() == 0
    assert Shipment.objects.get(fulfilment=part).status == Shipment.Status.CREATED
    assert carrier.shipments()[0]["status"] != "cancel"
