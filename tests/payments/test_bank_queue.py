"""The operator's one-click resolutions for bank transfers that did not pay by themselves."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry
from marketplace.payments.models import BankTransaction, PaymentAttempt
from marketplace.payments.services import expire_unpaid_vietqr, start_payment
from marketplace.places.models import Commune
from sellers.models import CommuneStaff
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product
from tests.fakebank import SECRET, FakeBank

pytestmark = pytest.mark.django_db
TOTAL = 180000


@pytest.fixture(autouse=True)
def bank_settings(settings, admin_units):
    settings.BANK_WEBHOOK_SECRET = SECRET


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def waiting_order():
    order = place(basket_with(sellable_product()))
    start_payment(order=order, method="vietqr")
    return order


def queued(client, *, amount, memo, when=None):
    bank = FakeBank()
    bank.post(client, bank.notification(amount=amount, content=memo, when=when))
    return BankTransaction.objects.latest("pk")


def resolve(client, tx, action, **data):
    response = client.post(reverse("operations:bank-resolve", args=[tx.pk, action]), data)
    tx.refresh_from_db()
    return response


def paid(order):
    return PaymentAttempt.objects.filter(order=order, state="succeeded").exists()


def test_accepting_an_overpaid_transfer_pays_the_order_and_marks_the_difference(client, operator):
    order = waiting_order()
    tx = queued(client, amount=TOTAL + 20000, memo=f"CHOLANG {order.number}")
    response = resolve(client, tx, "accept")
    assert response.status_code == 302 and paid(order)
    assert (tx.status, tx.refund_amount, tx.resolved_by) == ("accepted", 20000, operator)
    page = client.get(response.url).content.decode()
    assert "20.000" in page and order.number in page
    assert AuditEvent.objects.filter(verb="bank.transfer_accepted", actor=operator).count() == 1
    # A second click finds it dealt with: nothing is paid twice.
    resolve(client, tx, "accept")
    assert LedgerEntry.objects.filter(kind="sale").count() == 1
    assert AuditEvent.objects.filter(verb="bank.transfer_accepted").count() == 1


def test_accepting_a_short_transfer_pays_the_order(client, operator):
    order = waiting_order()
    tx = queued(client, amount=TOTAL - 5000, memo=f"CHOLANG {order.number}")
    resolve(client, tx, "accept")
    assert paid(order) and (tx.status, tx.refund_amount) == ("accepted", 0)


def test_a_late_transfer_for_a_cancelled_order_cannot_be_accepted_only_refunded(client, operator):
    order = waiting_order()
    expire_unpaid_vietqr(now=timezone.now() + timedelta(days=2))
    tx = queued(
        client,
        amount=TOTAL,
        memo=f"CHOLANG {order.number}",
        when=timezone.now() + timedelta(days=2),
    )
    assert tx.problem == "late"
    response = resolve(client, tx, "accept")
    assert tx.status == "queued" and not paid(order)
    assert "hoàn tiền" in client.get(response.url).content.decode()
    resolve(client, tx, "refund")
    assert (tx.status, tx.refund_amount) == ("refund_due", TOTAL)
    assert AuditEvent.objects.filter(verb="bank.transfer_refund_due").count() == 1


def test_attaching_an_unknown_transfer_to_its_order_pays_it(client, operator):
    order = waiting_order()
    tx = queued(client, amount=TOTAL, memo="chuyen tien mua che")
    assert tx.problem == "unknown"
    resolve(client, tx, "attach", number="999999999")
    assert tx.status == "queued" and tx.order is None  # no such order: nothing changes
    resolve(client, tx, "attach", number=f"CHOLANG {order.number}")
    assert (tx.status, tx.order) == ("accepted", order) and paid(order)
    assert AuditEvent.objects.filter(verb="bank.transfer_attached").count() == 1


def test_attaching_to_an_order_with_another_total_keeps_it_queued(client, operator):
    order = waiting_order()
    tx = queued(client, amount=TOTAL - 1000, memo="chuyen tien")
    resolve(client, tx, "attach", number=order.number)
    assert (tx.status, tx.problem, tx.order) == ("queued", "short", order)
    assert not paid(order)


def test_dismissing_needs_a_reason_and_keeps_it(client, operator):
    tx = queued(client, amount=10000, memo="thu nghiem")
    resolve(client, tx, "dismiss", reason="")
    assert tx.status == "queued"
    resolve(client, tx, "dismiss", reason="Chuyển thử của ngân hàng")
    assert (tx.status, tx.note) == ("dismissed", "Chuyển thử của ngân hàng")
    event = AuditEvent.objects.get(verb="bank.transfer_dismissed")
    assert event.reason == "Chuyển thử của ngân hàng"


def _seller(order):
    from sellers.models import SellerMember

    user = UserFactory()
    SellerMember.objects.create(user=user, seller=order.fulfilments.get().seller)
    return user


def _staff(order):
    user = UserFactory(is_staff=True)
    CommuneStaff.objects.create(user=user, commune=Commune.objects.first())
    return user


@pytest.mark.parametrize("who", ["buyer", "seller", "staff"])
@pytest.mark.parametrize(
    "action,data", [("accept", {}), ("refund", {}), ("dismiss", {"reason": "x"})]
)
def test_only_the_operator_resolves_bank_transfers(client, who, action, data):
    order = waiting_order()
    tx = queued(client, amount=TOTAL + 1000, memo=f"CHOLANG {order.number}")
    user = {"buyer": lambda o: UserFactory(), "seller": _seller, "staff": _staff}[who](order)
    client.force_login(user)
    assert client.get(reverse("operations:bank")).status_code == 403
    assert resolve(client, tx, action, **data).status_code == 403
    assert tx.status == "queued" and not paid(order)
    # Positive control: the operator's same click closes it.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert resolve(client, tx, action, **data).status_code == 302
    assert tx.status != "queued"


def test_the_bank_page_has_one_heading_and_a_constant_query_count(
    client, operator, django_assert_max_num_queries
):
    for n in range(3):
        queued(client, amount=1000 + n, memo=f"khong ro {n}")
    with django_assert_max_num_queries(12):
        html = client.get(reverse("operations:bank")).content.decode()
    assert html.count("<h1") == 1 and html.count('name="number"') == 3
