"""A seller reads their money: commission, payment and cash per order, and a monthly
statement whose screen and CSV carry the same rows and the same "owed to you" figures."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.templatetags.currency_filters import currency

from marketplace.ledger.models import PayoutBatch
from marketplace.ledger.services import create_payout, mark_batch_paid
from marketplace.order.services import update_fulfilment
from marketplace.payments.refunds import refund
from marketplace.payments.services import confirm_transfer, start_payment
from tests.checkout.helpers import basket_with, place
from tests.factories import SellerMemberFactory, UserFactory, sellable_product

pytestmark = pytest.mark.django_db


def _deliver(part, cod):
    for status in ("confirmed", "packed", "shipped", "delivered"):
        part = update_fulfilment(fulfilment=part, status=status, actor=None, cod=cod)
    return part


@pytest.fixture
def month(settings):
    """Online sale 172.500 owed, COD sale (commission 7.500 owed by the seller), the online
    sale's box refunded (150.000, its commission given back), then a payout sent with a
    bank reference."""
    operator = UserFactory(is_superuser=True, is_staff=True)
    product = sellable_product()  # 150.000 ₫, shipping 30.000 ₫, commission 5%
    online = place(basket_with(product))
    confirm_transfer(attempt=start_payment(order=online, method="vietqr"), actor=operator)
    cod = place(basket_with(product))
    start_payment(order=cod, method="cod")
    _deliver(cod.fulfilments.get(), cod=True)
    line = online.lines.get()
    refund(order=online, quantities={line.pk: 1}, actor=operator, reason="Hộp bị móp")
    today = timezone.localdate()
    batch = PayoutBatch.objects.create(period_start=today, period_end=today, created_by=operator)
    create_payout(
        seller=product.seller, period_start=today, period_end=today, actor=operator, batch=batch
    )
    mark_batch_paid(batch=batch, actor=operator, bank_reference="FT2612040001")
    member = SellerMemberFactory(seller=product.seller)
    return {"seller": product.seller, "user": member.user, "online": online, "cod": cod}


def _vnd(amount) -> str:
    return currency(amount, "VND")


def test_the_statement_screen_and_csv_say_the_same(client, month):
    client.force_login(month["user"])
    page = client.get(reverse("money:statement")).content.decode()
    assert "giữ 5% giá hàng" in page
    labels = ["Bán, trả trực tuyến", "Bán, thu tiền mặt khi giao", "Hoàn tiền cho người mua"]
    assert all(label in page for label in labels)
    assert "Chuyển tiền về tài khoản của bạn" in page and "FT2612040001" in page
    sent = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Đã chuyển ngày {sent}" in page
    sale = page.split("Bán, trả trực tuyến")[1].split("Hoàn tiền cho người mua")[0]
    assert "-150.000" not in sale and "−150.000" not in sale  # a refund is not a negative sale

    data = client.get(reverse("money:statement-csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    header, opening, *body, total = rows
    assert header[-1] == "Còn nợ bạn" and opening[-1] == "0"
    kinds = [row[1] for row in body]
    assert kinds == [
        "Bán, trả trực tuyến",
        "Bán, thu tiền mặt khi giao",
        "Hoàn tiền cho người mua",
        "Chuyển tiền về tài khoản của bạn",
    ]
    owed = [int(row[-1]) for row in body]
    # 150.000 + 30.000 − 7.500; then −7.500 (cash kept, commission owed); then
    # −150.000 + 7.500 commission given back; then the payout of all that was owed.
    assert owed == [172500, 165000, 22500, 0]
    assert int(total[-1]) == 0
    for row in body:  # every running figure of the CSV is on the screen
        assert _vnd(int(row[-1])) in page
    column = {name: index for index, name in enumerate(header)}
    refund_row = body[2]
    assert refund_row[column["Hoàn tiền"]] == "-150000"
    assert refund_row[column["Hoa hồng"]] == "7500" and refund_row[column["Tiền hàng"]] == "0"
    assert body[3][column["Chi trả"]] == "-22500"
    assert body[3][column["Ngày chuyển"]] == timezone.localdate().strftime("%d/%m/%Y")


def test_each_order_shows_payment_cash_to_collect_and_commission(client, month):
    client.force_login(month["user"])
    listing = client.get(reverse("fulfilment:list")).content.decode()
    assert "Thu 180.000\xa0₫ tiền mặt" in listing  # the COD parcel
    assert "Hoa hồng: 7.500\xa0₫" in listing and "Bạn nhận: 172.500\xa0₫" in listing
    assert "Chuyển khoản ngân hàng (VietQR)" in listing


def test_a_seller_sees_only_their_own_money(client, month):
    other = SellerMemberFactory(seller=sellable_product().seller)
    client.force_login(other.user)
    page = client.get(reverse("money:statement")).content.decode()
    assert "Không có gì thay đổi" in page and month["online"].number not in page
    data = client.get(reverse("money:statement-csv")).content.decode("utf-8-sig")
    assert month["online"].number not in data and month["cod"].number not in data


def test_an_unknown_month_is_refused_politely(client, month):
    client.force_login(month["user"])
    old = (timezone.localdate() - datetime.timedelta(days=800)).strftime("%Y-%m")
    page = client.get(reverse("money:statement") + f"?month={old}", follow=True)
    assert page.status_code == 200 and "12 tháng gần đây" in page.content.decode()


def test_a_packing_slip_names_the_buyer_the_lines_and_the_cash_to_take(client, month):
    client.force_login(month["user"])
    part = month["cod"].fulfilments.get()
    slip = client.get(reverse("fulfilment:slip", args=[part.pk])).content.decode()
    assert "Nguyễn Thị Chúc" in slip and "+84912345678" in slip
    assert "Xã Vĩnh Tuy" in slip and "Tỉnh Tuyên Quang" in slip
    assert "1 ×" in slip and "Thu 180.000\xa0₫ tiền mặt" in slip
    paid = month["online"].fulfilments.get()
    assert (
        "Đã thanh toán: không thu tiền"
        in client.get(reverse("fulfilment:slip", args=[paid.pk])).content.decode()
    )
    other = SellerMemberFactory(seller=sellable_product().seller)
    client.force_login(other.user)
    assert client.get(reverse("fulfilment:slip", args=[part.pk])).status_code == 404
