"""The demo's bank notifications: the operator's bank queue has something to decide."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.demo.bank_demo import load_bank_transactions
from marketplace.demo.direct_demo import load_direct_transfers
from marketplace.ledger.models import CommissionInvoice
from marketplace.payments.models import BankTransaction, DirectTransfer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_bank_queue_shows_short_over_late_and_unknown_transfers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    queued = BankTransaction.objects.filter(status="queued")
    assert set(queued.values_list("problem", flat=True)) == {"short", "over", "late", "unknown"}
    assert BankTransaction.objects.filter(status="matched").count() >= 5
    assert load_bank_transactions() == 0  # a second run writes nothing
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("operations:bank")).content.decode()
    assert "mua mat ong" in page and "Thiếu so với tổng đơn" in page
    assert page.count('name="reason"') == queued.count()
    # A shop paid directly: its order confirmed by the shop, last month's invoice open.
    transfer = DirectTransfer.objects.get(attempt__order__number="DMT000001")
    assert (transfer.state, transfer.via) == ("received", "seller")
    assert transfer.seller.takes_direct_transfers
    invoice = CommissionInvoice.objects.get(seller=transfer.seller)
    assert invoice.status == "open" and invoice.total > 0
    assert list(invoice.lines.values_list("order_number", flat=True)) == ["DMT000001"]
    assert load_direct_transfers() == 0
    invoices = client.get(reverse("operations:invoices")).content.decode()
    assert invoice.number in invoices
