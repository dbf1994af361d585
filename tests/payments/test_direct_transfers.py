"""Direct-to-seller transfers: a seller's part paid into its own account, confirmed by the
seller or the bank feed, and the platform's commission invoiced instead of deducted."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.invoices import issue_invoice
from marketplace.ledger.models import CommissionInvoice, CommissionRate, LedgerEntry, Payout
from marketplace.ledger.selectors import balance
from marketplace.ledger.services import create_payout
from marketplace.notifications import sms
from marketplace.payments import vietqr
from marketplace.payments.models import BankTransaction, DirectTransfer, PaymentAttempt, Refund
from marketplace.payments.services import (
    confirm_direct,
    confirm_transfer,
    platform_share,
    start_payment,
)
from sellers.access import ACTING_FOR_SESSION_KEY
from sellers.models import HelperConsent, Seller
from sellers.services import update_bank_details
from tests.checkout.helpers import basket_with, place
from tests.checkout.test_checkout_flow import go_to_review
from tests.factories import SellerMemberFactory, UserFactory, sellable_product, team_member
from tests.fakebank import SECRET, FakeBank

pytestmark = pytest.mark.django_db
PART = Decimal(180_000)  # 150.000 goods + 30.000 shipping
COMMISSION = Decimal(7_500)  # 5% of the goods
SELLER_ACCOUNT = "0987654321"


@pytest.fixture(autouse=True)
def money_settings(settings, admin_units):
    settings.BANK_WEBHOOK_SECRET = SECRET
    settings.VIETQR_ACCOUNT_NUMBER = "0000123456789"
    CommissionRate.objects.create(seller_kind=Seller.Kind.HOUSEHOLD, rate=Decimal("0.05"))


def with_bank(seller, account=SELLER_ACCOUNT):
    seller.bank_bin, seller.bank_account_number = "970436", account
    seller.bank_account_holder = "NGUYEN THI CHUC"
    seller.save()
    return seller


def direct_seller_product():
    product = sellable_product()
    seller = with_bank(product.seller)
    Seller.objects.filter(pk=seller.pk).update(direct_transfers=True)
    return product


def member_client(seller):
    client = Client()
    client.force_login(SellerMemberFactory(seller=seller).user)
    return client


def operator_client():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def direct_order(*products, number=None):
    order = place(basket_with(*products), number=number)
    return order, start_payment(order=order, method="vietqr")


# -- the option ---------------------------------------------------------------------


def test_a_seller_switches_direct_transfers_on_only_with_a_valid_bank_account():
    seller = sellable_product().seller
    Seller.objects.filter(pk=seller.pk).update(bank_bin="", bank_account_number="")
    client = member_client(seller)
    page = client.post(reverse("backoffice:direct"), {"on": "1"}, follow=True)
    assert "Điền ngân hàng, số tài khoản" in page.content.decode()
    assert Seller.objects.get(pk=seller.pk).direct_transfers is False
    # Positive control: with a valid account the same click switches it on, audited.
    with_bank(Seller.objects.get(pk=seller.pk))
    page = client.post(reverse("backoffice:direct"), {"on": "1"}, follow=True)
    assert Seller.objects.get(pk=seller.pk).takes_direct_transfers
    assert "Người mua giờ chuyển khoản thẳng cho bạn" in page.content.decode()
    assert AuditEvent.objects.filter(verb="seller.direct_transfers_on", target_id=seller.pk)
    # An account that is no longer valid (a bank gone from the VietQR list) switches it off.
    update_bank_details(
        context=SimpleNamespace(seller=seller, actor=None, acting_as_helper=False),
        bank_bin="999999",
        account_number=SELLER_ACCOUNT,
        account_holder="NGUYEN THI CHUC",
    )
    assert Seller.objects.get(pk=seller.pk).direct_transfers is False


def test_only_the_operator_switches_a_seller_off_and_the_seller_cannot_switch_back():
    seller = direct_seller_product().seller
    url = reverse("operations:direct-seller", args=[seller.pk])
    # The seller itself (or anyone not the operator) is refused, nothing changes.
    assert member_client(seller).post(url, {"reason": "x"}).status_code == 403
    assert Seller.objects.get(pk=seller.pk).direct_transfers_blocked == ""
    operator = operator_client()
    listing = operator.get(reverse("operations:direct-sellers")).content.decode()
    assert seller.display_name in listing
    operator.post(url, {"action": "block", "reason": "Người mua khiếu nại chưa nhận hàng"})
    seller.refresh_from_db()
    assert (seller.direct_transfers, seller.takes_direct_transfers) == (False, False)
    event = AuditEvent.objects.get(verb="seller.direct_transfers_blocked")
    assert event.reason == "Người mua khiếu nại chưa nhận hàng"
    client = member_client(seller)
    home = client.post(reverse("backoffice:direct"), {"on": "1"}, follow=True).content.decode()
    assert "Người mua khiếu nại chưa nhận hàng" in home
    assert Seller.objects.get(pk=seller.pk).direct_transfers is False
    # A new order of the blocked seller is paid to the platform.
    order, attempt = direct_order(seller.partner.stockrecords.first().product)
    assert not attempt.direct_transfers.exists() and platform_share(attempt) == PART
    operator.post(url, {"action": "allow"})
    client.post(reverse("backoffice:direct"), {"on": "1"})
    assert Seller.objects.get(pk=seller.pk).takes_direct_transfers


# -- checkout -----------------------------------------------------------------------


def test_a_mixed_basket_shows_one_qr_per_payee_with_its_own_amount_and_note(client):
    direct, platform = direct_seller_product(), sellable_product()
    go_to_review(client, direct, platform)
    placed = client.post(reverse("checkout:preview"), {"action": "place_order", "method": "vietqr"})
    html = client.get(placed.url).content.decode()
    attempt = PaymentAttempt.objects.get()
    transfer = DirectTransfer.objects.get()
    assert html.count("<svg") == 2
    assert SELLER_ACCOUNT in html and "0000123456789" in html
    assert f"CHOLANG {transfer.code}" in html and f"CHOLANG {attempt.order.number}" in html
    assert direct.seller.display_name in html and "180.000" in html
    assert transfer.amount == PART and platform_share(attempt) == attempt.amount - PART
    # The payloads the banking apps read carry each payee's account, amount and note.
    payloads = [vietqr.parse(p) for p in _payloads(attempt)]
    assert {(p.account, p.amount) for p in payloads} == {
        (SELLER_ACCOUNT, PART),
        ("0000123456789", attempt.amount - PART),
    }
    # The buyer's order page shows the same two transfers.
    status = client.get(reverse("payments:order", args=[attempt.order.number])).content.decode()
    assert status.count("<svg") == 2


def _payloads(attempt):
    from marketplace.payments.services import direct_vietqr_transfer, vietqr_transfer

    return [vietqr.build(vietqr_transfer(attempt))] + [
        vietqr.build(direct_vietqr_transfer(t)) for t in attempt.direct_transfers.all()
    ]


def test_cod_and_card_orders_of_a_direct_seller_still_go_through_the_platform():
    product = direct_seller_product()
    for method in ("cod", "stripe"):
        order = place(basket_with(product))
        attempt = start_payment(order=order, method=method)
        assert not attempt.direct_transfers.exists()


# -- confirmation -------------------------------------------------------------------


def test_the_seller_confirms_once_and_cannot_confirm_another_sellers_part(
    django_capture_on_commit_callbacks,
):
    direct, platform = direct_seller_product(), sellable_product()
    order, attempt = direct_order(direct, platform)
    transfer = DirectTransfer.objects.get()
    url = reverse("direct:confirm", args=[transfer.pk])
    # Another seller gets "not found" and nothing changes.
    assert member_client(platform.seller).post(url).status_code == 404
    assert DirectTransfer.objects.get().state == "pending"
    owner = member_client(direct.seller)
    detail = reverse("fulfilment:detail", args=[transfer.fulfilment_id])
    assert "Tôi đã nhận tiền" in owner.get(detail).content.decode()
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = owner.post(url, follow=True).content.decode()
    assert f"Đã ghi nhận: bạn đã nhận {transfer.code}" in page
    transfer.refresh_from_db()
    assert (transfer.state, transfer.via) == ("received", "seller")
    # The order waits for the platform's share: not paid, nothing booked, nobody told yet.
    assert PaymentAttempt.objects.get().state == "pending"
    assert not LedgerEntry.objects.exists() and not sms.outbox
    # A second click changes nothing.
    again = owner.post(url, follow=True).content.decode()
    assert "đã được ghi nhận là đã nhận" in again
    assert AuditEvent.objects.filter(verb="payment.direct_received").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        confirm_transfer(attempt=attempt, actor=UserFactory(is_superuser=True))
    assert PaymentAttempt.objects.get().state == "succeeded"
    seller_phone = direct.seller.phone
    assert any(m.to == seller_phone and "đã được thanh toán" in m.text for m in sms.outbox)
    # The direct seller holds its money: its ledger only says the commission it owes.
    assert balance(direct.seller) == -COMMISSION
    statement = owner.get(reverse("money:statement")).content.decode()
    assert "Bán hàng, người mua trả thẳng cho bạn" in statement
    assert balance(platform.seller) == PART - COMMISSION


def test_the_part_check_bites_when_the_seller_filter_is_dropped(monkeypatch):
    """Proof that the "another seller gets not found" test above can fail."""
    from django.shortcuts import get_object_or_404

    from marketplace.payments import seller_views

    direct, platform = direct_seller_product(), sellable_product()
    direct_order(direct, platform)
    transfer = DirectTransfer.objects.get()
    monkeypatch.setattr(
        seller_views, "_own", lambda request, pk: get_object_or_404(DirectTransfer, pk=pk)
    )
    member_client(platform.seller).post(reverse("direct:confirm", args=[transfer.pk]))
    assert DirectTransfer.objects.get().state == "received"


def test_an_unpaid_split_order_expires_but_not_once_a_payee_was_paid():
    from marketplace.payments.services import confirm_direct, expire_unpaid_vietqr

    direct = direct_seller_product()
    paid_order, paid_attempt = direct_order(direct, sellable_product())
    unpaid_order, unpaid_attempt = direct_order(direct, sellable_product())
    confirm_direct(transfer=paid_attempt.direct_transfers.get(), actor=None, via="seller")
    later = timezone.now() + datetime.timedelta(days=3)
    assert expire_unpaid_vietqr(now=later) == 1
    unpaid_order.refresh_from_db()
    paid_order.refresh_from_db()
    assert unpaid_order.status == "cancelled" and paid_order.status != "cancelled"
    assert unpaid_attempt.direct_transfers.get().state == "cancelled"
    # The operator still sees the half-paid order, asking for the platform's share.
    waiting = operator_client().get(reverse("operations:transfers")).content.decode()
    assert f"CHOLANG {paid_order.number}" in waiting


def test_a_split_order_paid_in_part_past_its_deadline_is_on_the_operators_list():
    direct, other = direct_seller_product(), sellable_product()
    half_paid, half_attempt = direct_order(direct, other)
    confirm_transfer(attempt=half_attempt, actor=None)  # the platform's share only
    on_time, on_time_attempt = direct_order(direct, other)
    confirm_transfer(attempt=on_time_attempt, actor=None)
    PaymentAttempt.objects.filter(pk=half_attempt.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    page = operator_client().get(reverse("operations:transfers")).content.decode()
    section = page[page.index('id="overdue-heading"') :]
    # Past its deadline, still owed the seller's share: listed with who is owed what.
    assert f"CHOLANG {half_paid.number}" in section
    assert direct.seller.display_name in section and "180.000" in section
    assert "còn thiếu" in section
    assert reverse("operations:refund", args=[half_paid.number]) in section
    # Not yet past its deadline: not listed.
    assert f"CHOLANG {on_time.number}" not in section
    # Once the seller's share arrives, the order is paid and leaves the list.
    confirm_direct(transfer=half_attempt.direct_transfers.get(), actor=None, via="seller")
    page = operator_client().get(reverse("operations:transfers")).content.decode()
    assert f"CHOLANG {half_paid.number}" not in page[page.index('id="overdue-heading"') :]


def test_a_helper_cannot_confirm_a_transfer():
    product = direct_seller_product()
    direct_order(product)
    transfer = DirectTransfer.objects.get()
    helper = UserFactory()
    team_member(helper, product.seller.commune)
    HelperConsent.objects.create(
        helper=helper,
        seller=product.seller,
        granted_by=SellerMemberFactory(seller=product.seller).user,
    )
    client = Client()
    client.force_login(helper)
    session = client.session
    session[ACTING_FOR_SESSION_KEY] = product.seller.pk
    session.save()
    # Positive control: the helper does reach the seller's order page.
    detail = reverse("fulfilment:detail", args=[transfer.fulfilment_id])
    assert client.get(detail).status_code == 200
    response = client.post(reverse("direct:confirm", args=[transfer.pk]))
    assert response.status_code == 403
    assert DirectTransfer.objects.get().state == "pending"


def test_the_bank_feed_pays_a_sellers_share_from_a_notification_to_its_account(client):
    product = direct_seller_product()
    order, attempt = direct_order(product)
    transfer = DirectTransfer.objects.get()
    bank = FakeBank()
    # A private transfer to the seller's account is none of the marketplace's business.
    private = bank.notification(amount=50_000, content="tien dien", account=SELLER_ACCOUNT)
    answer = bank.post(client, private)
    assert answer.json()["outcome"] == "ignored", answer.content
    assert not BankTransaction.objects.exists()
    # A short one waits for the operator.
    short = bank.notification(
        amount=PART - 1000, content=f"CHOLANG {transfer.code}", account=SELLER_ACCOUNT
    )
    assert bank.post(client, short).json()["outcome"] == "short"
    queued = BankTransaction.objects.get()
    assert (queued.status, queued.direct_transfer, queued.order) == ("queued", transfer, order)
    queue = operator_client().get(reverse("operations:bank")).content.decode()
    assert order.number in queue
    # A second short one the operator takes as the share: the seller's part is paid.
    other = direct_order(product)[1].direct_transfers.get()
    short_too = bank.notification(
        amount=PART - 2000, content=f"CHOLANG {other.code}", account=SELLER_ACCOUNT
    )
    assert bank.post(client, short_too).json()["outcome"] == "short"
    from marketplace.payments.banktransfers import accept_as_paid

    accept_as_paid(
        tx=BankTransaction.objects.get(direct_transfer=other),
        actor=UserFactory(is_superuser=True),
    )
    other.refresh_from_db()
    assert (other.state, other.via) == ("received", "operator")
    # The exact one pays the share, and (the only share) the order; a replay is a replay.
    exact = bank.notification(
        amount=PART, content=f"MBVCB.CHOLANG{transfer.code}.CT", account=SELLER_ACCOUNT
    )
    assert bank.post(client, exact).json()["outcome"] == "paid"
    assert bank.post(client, exact).json()["outcome"] == "replay"
    transfer.refresh_from_db()
    assert (transfer.state, transfer.via) == ("received", "bank")
    assert PaymentAttempt.objects.get(order=order).state == "succeeded"
    assert LedgerEntry.objects.filter(kind="direct", amount=-PART).count() == 2
    assert balance(product.seller) == -2 * COMMISSION


def test_the_platform_share_of_a_split_order_is_matched_by_its_own_amount(client):
    direct, platform = direct_seller_product(), sellable_product()
    order, attempt = direct_order(direct, platform)
    # The operator's list asks for the platform's share only.
    waiting = operator_client().get(reverse("operations:transfers")).content.decode()
    assert f"CHOLANG {order.number}</strong> — 180.000" in waiting
    bank = FakeBank()
    whole = bank.notification(amount=attempt.amount, content=f"CHOLANG {order.number}")
    assert bank.post(client, whole).json()["outcome"] == "over"
    share = bank.notification(amount=PART, content=f"CHOLANG {order.number}")
    assert bank.post(client, share).json()["outcome"] == "paid"
    attempt.refresh_from_db()
    assert attempt.platform_received_at is not None and attempt.state == "pending"


# -- invoices -----------------------------------------------------------------------


def _last_month():
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _paid_direct(product, number):
    order, attempt = direct_order(product, number=number)
    from marketplace.payments.services import confirm_direct

    confirm_direct(transfer=DirectTransfer.objects.get(attempt=attempt), actor=None, via="bank")
    moment = timezone.make_aware(datetime.datetime.combine(_last_month(), datetime.time(12)))
    LedgerEntry.objects.filter(order=order).update(created_at=moment)
    return order


def test_the_monthly_invoice_lists_each_part_and_is_settled_by_the_seller_paying():
    product = direct_seller_product()
    seller = product.seller
    first, second = _paid_direct(product, "810001"), _paid_direct(product, "810002")
    operator = operator_client()
    operator.post(reverse("operations:invoices"), {"month": f"{_last_month():%Y-%m}"})
    invoice = CommissionInvoice.objects.get()
    assert invoice.number == f"HH{_last_month():%Y%m}-{seller.pk:05d}"
    assert invoice.total == 2 * COMMISSION and invoice.status == "open"
    assert sorted(invoice.lines.values_list("order_number", flat=True)) == [
        first.number,
        second.number,
    ]
    # Issuing the month again adds nothing.
    operator.post(reverse("operations:invoices"), {"month": f"{_last_month():%Y-%m}"})
    assert CommissionInvoice.objects.count() == 1
    # The seller reads it; another seller cannot.
    page = member_client(seller).get(reverse("money:invoice", args=[invoice.pk])).content
    assert invoice.number in page.decode() and "15.000" in page.decode()
    other = member_client(sellable_product().seller)
    assert other.get(reverse("money:invoice", args=[invoice.pk])).status_code == 404
    # The seller pays: the operator records it with the bank reference, once.
    url = reverse("operations:invoice-paid", args=[invoice.pk])
    assert member_client(seller).post(url, {"bank_reference": "FT1"}).status_code == 403
    assert balance(seller) == -2 * COMMISSION
    operator.post(url, {"bank_reference": "FT26340123"})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.bank_reference) == ("paid", "FT26340123")
    assert balance(seller) == 0
    page = operator.post(url, {"bank_reference": "FT26340123"}, follow=True).content.decode()
    assert "đã được tất toán" in page
    assert LedgerEntry.objects.filter(kind="invoice_paid").count() == 1


def test_an_invoice_is_netted_off_the_sellers_next_payout():
    product = direct_seller_product()
    seller = product.seller
    _paid_direct(product, "820001")
    # The same seller also sold through the platform after switching direct transfers off.
    Seller.objects.filter(pk=seller.pk).update(direct_transfers=False)
    order = place(basket_with(product), number="820002")
    attempt = start_payment(order=order, method="vietqr")
    confirm_transfer(attempt=attempt, actor=None)
    invoice = issue_invoice(seller=seller, month=_last_month(), actor=None)
    assert invoice.status == "open"
    today = timezone.localdate()
    payout = create_payout(seller=seller, period_start=today, period_end=today, actor=None)
    assert payout.amount == PART - COMMISSION - COMMISSION  # the invoice is taken off
    invoice.refresh_from_db()
    assert (invoice.status, invoice.payout) == ("netted", payout)
    assert balance(seller) == 0
    assert Payout.objects.count() == 1


# -- refunds ------------------------------------------------------------------------


def test_a_seller_refunds_a_direct_part_and_the_commission_comes_back_on_the_invoice():
    product = direct_seller_product()
    seller = product.seller
    order = _paid_direct(product, "830001")
    transfer = DirectTransfer.objects.get()
    url = reverse("direct:refund", args=[transfer.pk])
    other = member_client(sellable_product().seller)
    assert other.post(url, {"reason": "x"}).status_code == 404
    assert not Refund.objects.exists()
    client = member_client(seller)
    assert "Tôi đã trả lại tiền cho người mua" in client.get(url).content.decode()
    client.post(url, {"reason": "Hàng vỡ khi giao"})
    refund = Refund.objects.get()
    assert (refund.order, refund.amount, refund.provider_reference) == (order, PART, "seller")
    # The seller gave the money back itself; the commission it owed is given back.
    assert balance(seller) == 0
    credit = LedgerEntry.objects.get(kind="commission", amount__gt=0)
    assert credit.amount == COMMISSION
    moment = timezone.make_aware(datetime.datetime.combine(_last_month(), datetime.time(13)))
    LedgerEntry.objects.filter(pk=credit.pk).update(created_at=moment)
    invoice = issue_invoice(seller=seller, month=_last_month(), actor=None)
    assert sorted(invoice.lines.values_list("amount", flat=True)) == [-COMMISSION, COMMISSION]
    assert (invoice.total, invoice.status) == (0, "credit")
    page = client.get(reverse("money:invoice", args=[invoice.pk])).content.decode()
    assert "hoàn lại khi trả tiền" in page


def test_the_transfer_and_invoice_lists_cost_the_same_queries_for_more_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    product = direct_seller_product()
    seller_client, operator = member_client(product.seller), operator_client()
    pages = [
        (seller_client, reverse("direct:list")),
        (seller_client, reverse("money:invoices")),
        (operator, reverse("operations:invoices")),
    ]

    def counts():
        found = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    _paid_direct(product, "840001")
    issue_invoice(seller=product.seller, month=_last_month(), actor=None)
    counts()  # the first visit fills the caches of the page's frame
    few = counts()
    for n in range(2, 5):
        _paid_direct(product, f"84000{n}")
    for other in range(3):
        extra = direct_seller_product()
        _paid_direct(extra, f"85000{other}")
        issue_invoice(seller=extra.seller, month=_last_month(), actor=None)
    assert counts() == few


def test_the_operators_refund_of_a_direct_part_says_the_seller_pays_it_back():
    product = direct_seller_product()
    order = _paid_direct(product, "860001")
    page = operator_client().post(
        reverse("operations:refund", args=[order.number]), {"action": "full", "reason": "Hàng vỡ"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Người mua đã trả thẳng cho {product.seller.display_name}" in text
    assert "180.000" in text and "sàn không trả khoản nào" in text
