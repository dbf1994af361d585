"""Bank notifications: exact transfers pay their order once, the rest wait for the operator."""

import logging
import random
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry
from marketplace.notifications import sms
from marketplace.payments.banktransfers import find_order
from marketplace.payments.models import BankTransaction, PaymentAttempt
from marketplace.payments.services import start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product
from tests.fakebank import SECRET, FakeBank

pytestmark = pytest.mark.django_db
TOTAL = 180000  # 150.000 goods + 30.000 shipping


@pytest.fixture(autouse=True)
def bank_settings(settings, admin_units):
    settings.BANK_WEBHOOK_SECRET = SECRET
    settings.VIETQR_ACCOUNT_NUMBER = "0000123456789"


@pytest.fixture
def bank():
    return FakeBank()


def waiting_order():
    order = place(basket_with(sellable_product()))
    start_payment(order=order, method="vietqr")
    return order


def state(order):
    return PaymentAttempt.objects.filter(order=order).values_list("state", flat=True).first()


def test_an_exact_transfer_pays_the_order_and_tells_buyer_and_seller(
    client, bank, django_capture_on_commit_callbacks
):
    order = waiting_order()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = bank.post(
            client, bank.notification(amount=TOTAL, content=f"CHOLANG {order.number}")
        )
    assert response.status_code == 200 and response.json()["outcome"] == "paid"
    assert state(order) == "succeeded"
    tx = BankTransaction.objects.get()
    assert (tx.status, tx.order, tx.problem) == ("matched", order, "")
    texts = [m.text for m in sms.outbox]
    assert any(order.number in t and "180.000" in t for t in texts)  # the buyer
    seller_phone = order.fulfilments.get().seller.phone
    assert any(m.to == seller_phone and order.number in m.text for m in sms.outbox)
    assert LedgerEntry.objects.filter(kind="sale").count() == 1


@pytest.mark.parametrize(
    "memo",
    [
        "cholang {n}",
        "CHOLANG{n}",
        "CHO-LANG-{n}",
        "MBVCB.3278907687.CHOLANG {n}.CT tu 0011001234567 NGUYEN VAN A",
        "Cho Lang {n} thanh toan",
        "IBFT CHOLANG{n}0912345678",
        "chuyen tien {n}",
    ],
)
def test_mangled_messages_still_name_the_order(memo):
    order = waiting_order()
    assert find_order(memo.format(n=order.number)) == order


def test_a_message_without_an_order_names_none():
    waiting_order()
    assert find_order("chuyen tien an trua") is None


def test_ten_shuffled_deliveries_of_each_notification_change_things_once(client, bank):
    paid, short = waiting_order(), waiting_order()
    bodies = [
        bank.notification(amount=TOTAL, content=f"CHOLANG {paid.number}"),
        bank.notification(amount=TOTAL - 1000, content=f"CHOLANG {short.number}"),
        bank.notification(amount=50000, content="ung ho"),
        # A second, different transfer for the already paid order: never paid twice.
        bank.notification(amount=TOTAL, content=f"CHOLANG {paid.number} lan 2"),
    ]
    deliveries = bodies[:3] * 10
    random.Random(20).shuffle(deliveries)
    outcomes = [bank.post(client, body).json()["outcome"] for body in deliveries]
    assert outcomes.count("replay") == 27
    assert bank.post(client, bodies[3]).json()["outcome"] == "already_paid"
    assert bank.post(client, bodies[3]).json()["outcome"] == "replay"
    assert BankTransaction.objects.count() == 4
    assert sorted(BankTransaction.objects.values_list("problem", flat=True)) == [
        "",
        "already_paid",
        "short",
        "unknown",
    ]
    assert (state(paid), state(short)) == ("succeeded", "pending")
    assert LedgerEntry.objects.filter(kind="sale").count() == 1
    assert AuditEvent.objects.filter(verb="payment.transfer_confirmed").count() == 1


def test_a_bad_signature_is_refused_logged_and_changes_nothing(client, bank, caplog):
    order = waiting_order()
    body = bank.notification(amount=TOTAL, content=f"CHOLANG {order.number}")
    with caplog.at_level(logging.WARNING, logger="marketplace.payments.webhooks"):
        assert bank.post(client, body, secret="not-the-secret").status_code == 400
    assert "bank notification refused" in caplog.text
    tampered = body.replace(b"180000", b"180001")
    response = client.post(
        "/webhooks/bank/", tampered, content_type="application/json", headers=bank.headers(body)
    )
    assert response.status_code == 400
    assert client.post("/webhooks/bank/", body, content_type="application/json").status_code == 400
    assert not BankTransaction.objects.exists() and state(order) == "pending"
    # Positive control: the same body, signed with the shared secret, pays the order.
    assert bank.post(client, body).status_code == 200
    assert state(order) == "succeeded"


def test_without_a_secret_every_notification_is_refused(client, bank, settings):
    settings.BANK_WEBHOOK_SECRET = ""
    order = waiting_order()
    body = bank.notification(amount=TOTAL, content=f"CHOLANG {order.number}")
    assert bank.post(client, body).status_code == 400
    assert state(order) == "pending"


def _late(order):
    return timezone.now() + timedelta(days=2)


@pytest.mark.parametrize(
    "problem,amount,memo,when",
    [
        ("short", TOTAL - 20000, "CHOLANG {n}", None),
        ("over", TOTAL + 20000, "CHOLANG {n}", None),
        ("late", TOTAL, "CHOLANG {n}", _late),
        ("unknown", TOTAL, "tien hang", None),
    ],
)
def test_transfers_that_do_not_match_wait_in_the_operators_queue(
    client, bank, problem, amount, memo, when
):
    order = waiting_order()
    body = bank.notification(
        amount=amount, content=memo.format(n=order.number), when=when(order) if when else None
    )
    assert bank.post(client, body).json()["outcome"] == problem
    assert state(order) == "pending"
    tx = BankTransaction.objects.get()
    assert (tx.status, tx.problem) == ("queued", problem)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("operations:bank")).content.decode()
    assert tx.get_problem_display() in page and tx.transaction_id in page


def test_a_transfer_to_another_account_waits_for_the_operator(client, bank):
    order = waiting_order()
    body = bank.notification(amount=TOTAL, content=f"CHOLANG {order.number}", account="999")
    assert bank.post(client, body).json()["outcome"] == "account"
    assert state(order) == "pending"


def test_money_going_out_is_not_recorded(client, bank):
    body = bank.notification(amount=TOTAL, content="chi tra").replace(b'"in"', b'"out"')
    assert bank.post(client, body).json()["outcome"] == "ignored"
    assert not BankTransaction.objects.exists()


def test_the_operators_resolutions_need_the_csrf_token(bank):
    order = waiting_order()
    client = Client(enforce_csrf_checks=True)
    # The bank's own post needs no token: it is signed instead.
    bank.post(client, bank.notification(amount=TOTAL - 1, content=f"CHOLANG {order.number}"))
    tx = BankTransaction.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("operations:bank-resolve", args=[tx.pk, "refund"])
    assert client.post(url).status_code == 403
    tx.refresh_from_db()
    assert tx.status == "queued"
    # Positive control: the page's own form carries the token.
    page = client.get(reverse("operations:bank")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    tx.refresh_from_db()
    assert tx.status == "refund_due"


def test_a_transfer_after_the_buyer_chose_cash_on_delivery_waits_for_the_operator(client, bank):
    order = waiting_order()
    start_payment(order=order, method="cod")
    body = bank.notification(amount=TOTAL, content=f"CHOLANG {order.number}")
    assert bank.post(client, body).json()["outcome"] == "not_waiting"
    assert not PaymentAttempt.objects.filter(order=order, state="succeeded").exists()
