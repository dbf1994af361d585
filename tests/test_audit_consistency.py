"""``manage.py audit_consistency`` is quiet when the data agrees and names each kind of
disagreement when it does not (exit status 1, for cron)."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from oscar.core.loading import get_model

from marketplace.ledger.models import LedgerEntry, Payout
from marketplace.ledger.services import create_payout
from marketplace.order.services import update_fulfilment
from marketplace.payments.services import confirm_transfer, start_payment
from marketplace.reports.models import ReportSnapshot
from marketplace.reports.snapshots import compute
from tests.checkout.helpers import basket_with, place
from tests.factories import UserFactory, sellable_product

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def audit(*only):
    out, err = StringIO(), StringIO()
    args = [arg for check in only for arg in ("--only", check)]
    try:
        call_command("audit_consistency", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def trade(settings, tmp_path):
    """An open COD order (2 units), a delivered COD order, a paid transfer not yet shipped
    (1 unit) and a payout."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    operator = UserFactory(is_superuser=True, is_staff=True)
    product = sellable_product()
    open_order = place(basket_with(product, quantity=2))
    start_payment(order=open_order, method="cod")
    delivered = place(basket_with(product))
    start_payment(order=delivered, method="cod")
    part = delivered.fulfilments.get()
    for status in ("confirmed", "packed", "shipped", "delivered"):
        part = update_fulfilment(fulfilment=part, status=status, actor=None, cod=True)
    transfer = place(basket_with(product))
    confirm_transfer(attempt=start_payment(order=transfer, method="vietqr"), actor=operator)
    today = datetime.date.today()
    payout = create_payout(
        seller=product.seller, period_start=today, period_end=today, actor=operator
    )
    return {"product": product, "payout": payout, "open_order": open_order}


def test_data_made_through_the_services_agrees(trade):
    assert audit() == (0, "All agrees: stock, ledger, payouts, reports, files.\n")


def test_an_allocation_that_open_lines_do_not_explain_is_named(trade):
    record = trade["product"].stockrecords.get()
    StockRecord.objects.filter(pk=record.pk).update(num_allocated=0)
    code, out = audit("stock")
    assert code == 1
    assert f"stock record {record.pk}" in out and "0 allocated, open order lines hold 3" in out


def test_a_sale_booked_twice_or_not_at_all_is_named(trade):
    sale = LedgerEntry.objects.filter(kind="sale").first()
    LedgerEntry.objects.create(
        seller=sale.seller, order=sale.order, fulfilment=sale.fulfilment, kind="sale", amount=1
    )
    code, out = audit("ledger")
    assert code == 1 and f"order {sale.order.number}" in out and "sale booked twice" in out
    LedgerEntry.objects.filter(fulfilment=sale.fulfilment).delete()
    code, out = audit("ledger")
    assert code == 1 and "not booked" in out


def test_a_payout_that_its_entries_do_not_add_up_to_is_named(trade):
    Payout.objects.filter(pk=trade["payout"].pk).update(amount=1)
    code, out = audit("payouts")
    assert code == 1 and f"payout {trade['payout'].pk}" in out


def test_a_kept_report_that_a_fresh_computation_contradicts_is_named(trade):
    snapshot = ReportSnapshot.objects.create(scope="all", scope_id=0, period="2026-01")
    compute(snapshot.pk)
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(final=True)
    assert audit("reports")[0] == 0
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(data={"orders": 999})
    code, out = audit("reports")
    assert code == 1 and "report all 2026-01" in out


def test_private_files_without_records_and_records_without_files_are_named(trade):
    seller = trade["product"].seller
    seller.id_document.save("giay-to.pdf", ContentFile(b"%PDF-1.4 test"))
    assert audit("files")[0] == 0
    seller.id_document.storage.save("seller-papers/stray.pdf", ContentFile(b"%PDF"))
    code, out = audit("files")
    assert code == 1 and "stray.pdf: a private file with no record" in out
    seller.id_document.storage.delete(seller.id_document.name)
    code, out = audit("files")
    assert "is missing" in out
