"""Operator pages: transfers, refunds, payout batches, commission rates, COD refusals."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry, Payout, PayoutBatch
from marketplace.ledger.selectors import balance
from marketplace.order.models import CodRefusal, Fulfilment
from marketplace.order.services import update_fulfilment
from marketplace.payments.models import PaymentAttempt, Refund
from marketplace.payments.services import confirm_transfer, start_payment
from tests.checkout.helpers import basket_with, confirm_post, place
from tests.factories import SellerFactory, UserFactory, sellable_product

pytestmark = pytest.mark.django_db

OPERATOR_PAGES = [
    ("operations:home", []),
    ("operations:transfers", []),
    ("operations:payouts", []),
    ("operations:commissions", []),
    ("operations:cod", []),
]


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def paid_order(quantity=2, seller=None):
    product = sellable_product(seller=seller) if seller else sellable_product()
    order = place(basket_with(product, quantity=quantity))
    attempt = start_payment(order=order, method="vietqr")
    confirm_transfer(attempt=attempt, actor=None)
    return order, product


@pytest.mark.parametrize("name,args", OPERATOR_PAGES)
def test_operator_pages_are_for_superusers_only(client, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(UserFactory(is_staff=True))  # staff, not the operator
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name,args", OPERATOR_PAGES)
def test_operator_pages_render_with_one_title_and_heading(client, operator, name, args):
    html = client.get(reverse(name, args=args)).content.decode()
    assert html.count("<h1") == 1 and "<title>" in html
    assert "style=" not in html.split("<main", 1)[1] and "onclick" not in html


def test_operator_confirms_a_transfer_from_the_list(client, operator):
    product = sellable_product()
    order = place(basket_with(product))
    attempt = start_payment(order=order, method="vietqr")
    assert f"CHOLANG {order.number}" in client.get(reverse("operations:transfers")).content.decode()
    url = reverse("operations:confirm-transfer", args=[attempt.pk])
    shown, done = confirm_post(client, url)
    assert "180.000" in shown.content.decode()  # the confirmation page, before any change
    attempt.refresh_from_db()
    assert attempt.state == "succeeded" and attempt.confirmed_by == operator
    assert balance(product.seller) == 172500  # 150.000 + 30.000 shipping − 7.500 commission
    assert AuditEvent.objects.filter(verb="payment.transfer_confirmed").count() == 1
    client.post(url, done.form_data)  # a double click on the confirmation page
    assert LedgerEntry.objects.filter(kind="sale").count() == 1


def test_refund_one_unit_then_everything_reverses_stock_and_ledger_once(client, operator):
    order, product = paid_order(quantity=2)
    line = order.lines.get()
    in_stock = product.stockrecords.get().num_in_stock
    url = reverse("operations:refund", args=[order.number])
    assert order.number in client.get(url).content.decode()
    shown, _done = confirm_post(
        client, url, {"action": "lines", f"line_{line.pk}": "1", "reason": "Vỡ một hộp"}
    )
    assert "150.000" in shown.content.decode() and "142.500" in shown.content.decode()
    record = product.stockrecords.get()
    assert record.num_allocated == 1
    # 300.000 + 30.000 − 15.000, then −150.000 + 7.500 back
    assert balance(product.seller) == 315000 - 150000 + 7500
    # Asking for 2 more units than are left changes nothing.
    client.post(url, {"action": "lines", f"line_{line.pk}": "2", "reason": "x"})
    assert Refund.objects.count() == 1
    confirm_post(client, url, {"action": "full", "reason": "Khách huỷ"})
    assert Refund.objects.count() == 2
    assert Refund.objects.order_by("pk").last().amount == 150000 + 30000
    assert balance(product.seller) == 0
    record.refresh_from_db()
    assert record.num_allocated == 0
    assert Fulfilment.objects.get(order=order).status == "cancelled"
    assert PaymentAttempt.objects.get(order=order, state="refunded")
    client.post(url, {"action": "full", "reason": "again"})
    assert Refund.objects.count() == 2  # nothing left: refused
    record.refresh_from_db()
    assert record.num_allocated == 0 and record.num_in_stock == in_stock
    assert AuditEvent.objects.filter(verb="payment.refunded").count() == 2


def test_delivered_cod_parcel_can_be_refunded_and_goods_return_to_stock(client, operator):
    product = sellable_product()
    order = place(basket_with(product))
    start_payment(order=order, method="cod")
    part = order.fulfilments.get()
    for status in ("confirmed", "packed", "shipped", "delivered"):
        update_fulfilment(fulfilment=part, status=status, actor=None, cod=True)
    in_stock = product.stockrecords.get().num_in_stock
    url = reverse("operations:refund", args=[order.number])
    confirm_post(client, url, {"action": "full", "reason": "Hàng hỏng"})
    assert Refund.objects.get().amount == 180000
    assert product.stockrecords.get().num_in_stock == in_stock + 1
    # The seller kept the cash, so it now owes the refund back (minus its commission).
    assert balance(product.seller) == -7500 - 180000 + 7500


def test_an_unpaid_order_cannot_be_refunded(client, operator):
    order = place(basket_with(sellable_product()))
    start_payment(order=order, method="vietqr")
    response = client.post(reverse("operations:refund", args=[order.number]), {"action": "full"})
    assert response.status_code == 200 and not Refund.objects.exists()


def test_payout_batch_csv_and_mark_paid(client, operator):
    banked = SellerFactory(
        bank_bin="970418", bank_account_number="123456789", bank_account_holder="PHAN THE DO"
    )
    paid_order(seller=banked)
    paid_order()  # a seller without a bank account is left out, its money still owed
    last_month = timezone.now() - datetime.timedelta(days=40)
    LedgerEntry.objects.update(created_at=last_month)
    day = timezone.localdate(last_month)
    period = {"start": day.replace(day=1).isoformat(), "end": day.isoformat()}
    preview = client.get(reverse("operations:payouts"), period).content.decode()
    assert banked.display_name in preview
    shown, response = confirm_post(client, reverse("operations:payouts"), period)
    assert "315.000" in shown.content.decode()  # what the batch will pay, shown first
    batch = PayoutBatch.objects.get()
    assert response.url == reverse("operations:payout-batch", args=[batch.pk])
    assert Payout.objects.get().seller == banked and balance(banked) == 0
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("operations:payout-batch-csv", args=[batch.pk]))
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    assert rows[1][:5] == [banked.display_name, "970418", "123456789", "PHAN THE DO", "315000"]
    paid_url = reverse("operations:payout-paid", args=[batch.pk])
    client.post(paid_url, {"bank_reference": ""})  # the bank reference is required
    assert not PayoutBatch.objects.get().is_paid
    confirm_post(client, paid_url, {"bank_reference": "FT123"})
    batch.refresh_from_db()
    assert batch.is_paid and batch.paid_by == operator and batch.bank_reference == "FT123"
    client.post(paid_url, {"bank_reference": "again", "confirmed": "1", "money_key": "k" * 20})
    batch.refresh_from_db()
    assert batch.bank_reference == "FT123"
    client.post(reverse("operations:payouts"), {**period, "confirmed": "1", "money_key": "n" * 20})
    # everyone with an account is paid
    assert PayoutBatch.objects.count() == 1


def test_a_period_not_yet_over_cannot_be_paid_out(client, operator):
    paid_order(
        seller=SellerFactory(bank_bin="970418", bank_account_number="1", bank_account_holder="A")
    )
    today = timezone.localdate().isoformat()
    client.post(
        reverse("operations:payouts"),
        {"start": today, "end": today, "confirmed": "1", "money_key": "t" * 20},
    )
    assert not PayoutBatch.objects.exists()


def test_commission_rate_per_seller_kind_applies_to_new_sales(client, operator):
    data = {"household": "3", "cooperative": "2.5", "enterprise": "8"}
    shown, _done = confirm_post(client, reverse("operations:commissions"), data)
    assert "5 % → 3 %" in shown.content.decode()
    assert AuditEvent.objects.filter(verb="ledger.commission_set").count() == 3
    order, product = paid_order(quantity=1)
    commission = LedgerEntry.objects.get(seller=product.seller, kind="commission")
    assert commission.amount == Decimal("-4500")  # 3% of 150.000
    response = client.post(reverse("operations:commissions"), {**data, "household": "60"})
    assert response.status_code == 200  # refused, with the form's message


def test_operator_resets_a_phones_refusals(client, operator, settings):
    settings.COD_MAX_REFUSALS = 1
    order = place(basket_with(sellable_product()), phone="+84912345678")
    CodRefusal.objects.create(phone="+84912345678", fulfilment=order.fulfilments.get())
    page = client.get(reverse("operations:cod"), {"phone": "0912 345 678"}).content.decode()
    assert order.number in page
    confirm_post(client, reverse("operations:cod"), {"phone": "0912 345 678"})
    assert CodRefusal.objects.get().reset_at is not None
    assert AuditEvent.objects.filter(verb="cod.refusals_reset").count() == 1
