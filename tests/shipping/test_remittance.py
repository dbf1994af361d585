"""COD remittance: the carrier's statement of the cash it collected, matched to order parts.

The fake carrier on 127.0.0.1 ships the parcels, reports their steps by signed webhooks
and answers the statement's lines; the statement file is uploaded as an operator would.
"""

import json
import random

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.ledger.models import LedgerEntry
from marketplace.ledger.selectors import balance
from marketplace.ledger.services import _commission, commission_rate, create_payout
from marketplace.order.carriers.http_carrier import sign
from marketplace.order.models import Fulfilment, RemittanceLine, RemittanceStatement, Shipment
from tests.factories import UserFactory
from tests.shipping.conftest import WEBHOOK_SECRET
from tests.shipping.helpers import cod_order, ship, signed_in, webhook

pytestmark = pytest.mark.django_db
QUEUE = "/van-hanh/doi-soat-cod/"


def remittance_webhook(client, statement_id, *, secret=WEBHOOK_SECRET):
    body = json.dumps({"type": "cod_remittance", "statement_id": statement_id}).encode()
    return client.post(
        reverse("carrier:webhook"),
        body,
        content_type="application/json",
        headers={"X-Carrier-Signature": sign(body, secret)},
    )


def shipped_part(client, *, deliver=True):
    """A COD order part booked with the carrier (and delivered); its shipment."""
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    client.logout()
    shipment = Shipment.objects.get(fulfilment=part)
    if deliver:
        assert webhook(client, shipment.tracking_code, "delivered").content == b"applied"
    part.refresh_from_db()
    return part, shipment


def line(shipment, *, cod=None, shipping_fee=25000, cod_fee=1800, code=None, client_code=None):
    return {
        "order_code": shipment.tracking_code if code is None else code,
        "client_order_code": shipment.client_code if client_code is None else client_code,
        "cod_amount": int(shipment.cod_amount if cod is None else cod),
        "shipping_fee": shipping_fee,
        "cod_fee": cod_fee,
    }


def owed_net(part, fees):
    commission = _commission(part.lines_total, commission_rate(part.seller.kind))
    return part.lines_total + part.shipping_charge - commission - fees


def test_exact_line_credits_the_cash_less_fees_and_the_payout_pays_it(client, carrier):
    part, shipment = shipped_part(client)
    assert balance(part.seller) < 0  # delivered: the cash is with the carrier, not with us
    carrier.set_statement("DS-1", [line(shipment)])
    assert remittance_webhook(client, "DS-1").content == b"applied"
    remitted = LedgerEntry.objects.filter(fulfilment=part)
    assert remitted.get(kind="remitted").amount == part.total
    assert remitted.get(kind="carrier_fee").amount == -25000
    assert remitted.get(kind="cod_fee").amount == -1800
    assert balance(part.seller) == owed_net(part, 26800)  # to the đồng
    assert RemittanceLine.objects.get().status == RemittanceLine.Status.CREDITED
    operator = UserFactory(is_superuser=True, is_staff=True)
    today = timezone.localdate()
    payout = create_payout(seller=part.seller, period_start=today, period_end=today, actor=operator)
    assert payout.amount == owed_net(part, 26800)
    assert balance(part.seller) == 0


def test_the_seller_statement_shows_the_remittance_and_the_fees(client, carrier):
    part, shipment = shipped_part(client)
    carrier.set_statement("DS-1", [line(shipment)])
    remittance_webhook(client, "DS-1")
    signed_in(client, part.seller)
    page = client.get(reverse("money:statement")).content.decode()
    assert "Bán, thu tiền mặt khi giao" in page
    assert "Hãng vận chuyển chuyển tiền thu hộ" in page
    assert "Phí hãng vận chuyển" in page and "-26.800" in page.replace("−", "-")
    assert "sẽ thuộc về bạn khi bảng đối soát của hãng chuyển về" in page


def test_statement_and_status_webhooks_ten_times_shuffled_credit_once(client, carrier):
    part, shipment = shipped_part(client, deliver=False)
    # The same parcel in two statements (the carrier listed it again): credited once.
    carrier.set_statement("DS-1", [line(shipment)])
    carrier.set_statement("DS-2", [line(shipment)])
    deliveries = [("remit", "DS-1"), ("remit", "DS-2"), ("status", "delivered")] * 10
    random.Random(20).shuffle(deliveries)
    answers = [
        remittance_webhook(client, value)
        if kind == "remit"
        else webhook(client, shipment.tracking_code, value)
        for kind, value in deliveries
    ]
    assert {a.status_code for a in answers} == {200}
    assert [a.content for a in answers].count(b"applied") == 3  # two statements, one step
    assert RemittanceStatement.objects.count() == 2
    assert LedgerEntry.objects.filter(fulfilment=part, kind="remitted").count() == 1
    lines = RemittanceLine.objects.order_by("pk")
    assert lines.filter(credited_part=part).count() == 1
    assert lines.filter(problem="duplicate", status="queued").count() == 1
    part.refresh_from_db()
    assert part.status == Fulfilment.Status.DELIVERED
    assert balance(part.seller) == owed_net(part, 26800)


def test_bad_signature_is_refused_logged_and_imports_nothing(client, carrier, caplog):
    _part, shipment = shipped_part(client)
    carrier.set_statement("DS-1", [line(shipment)])
    bad = remittance_webhook(client, "DS-1", secret="not-the-secret")
    assert bad.status_code == 400
    assert "carrier webhook refused" in caplog.text
    assert not RemittanceStatement.objects.exists()
    assert remittance_webhook(client, "DS-1").status_code == 200  # positive control
    assert RemittanceStatement.objects.count() == 1


def test_a_part_is_credited_once_by_the_database_itself(client, carrier):
    part, shipment = shipped_part(client)
    carrier.set_statement("DS-1", [line(shipment), line(shipment)])
    remittance_webhook(client, "DS-1")
    first, second = RemittanceLine.objects.order_by("row")
    assert first.credited_part == part and second.problem == "duplicate"
    with pytest.raises(IntegrityError), transaction.atomic():
        RemittanceLine.objects.filter(pk=second.pk).update(credited_part=part)
    assert LedgerEntry.objects.filter(kind="remitted").count() == 1


def test_lines_that_do_not_match_wait_in_the_queue(client, carrier):
    exact, exact_shipment = shipped_part(client)
    short, short_shipment = shipped_part(client)
    over, over_shipment = shipped_part(client)
    on_the_way, on_the_way_shipment = shipped_part(client, deliver=False)
    carrier.set_statement(
        "DS-1",
        [
            # the carrier's code is missing: our client order code finds the parcel
            line(exact_shipment, code="GHX-LOST"),
            line(short_shipment, cod=short.total - 20000),
            line(over_shipment, cod=over.total + 5000),
            line(on_the_way_shipment),
            line(exact_shipment, code="GH999999", client_code="NOT-OURS", cod=99000),
        ],
    )
    remittance_webhook(client, "DS-1")
    problems = dict(RemittanceLine.objects.values_list("row", "problem"))
    assert problems == {1: "", 2: "short", 3: "over", 4: "not_delivered", 5: "unknown"}
    credited = LedgerEntry.objects.filter(kind="remitted").values_list("fulfilment", flat=True)
    assert list(credited) == [exact.pk]
    operator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(operator)
    page = client.get(QUEUE).content.decode()
    shown = ("Ít hơn số tiền cần thu", "Nhiều hơn số tiền cần thu", "chưa được giao", "GH999999")
    assert all(text in page for text in shown)
    assert short.order.number in page and on_the_way.order.number in page
    home = client.get(reverse("operations:home")).content.decode()
    assert "4 dòng đối soát COD cần kiểm tra" in home


def _queued(client, carrier, **kwargs):
    part, shipment = shipped_part(client, deliver=kwargs.pop("deliver", True))
    carrier.set_statement("DS-9", [line(shipment, **kwargs)])
    remittance_webhook(client, "DS-9")
    return part, shipment, RemittanceLine.objects.get(statement__reference="DS-9")


def _resolve(client, queued, action, **data):
    return client.post(reverse("operations:remittance-resolve", args=[queued.pk, action]), data)


def test_operator_accepts_a_short_line_with_a_reason(client, carrier):
    part, _shipment, queued = _queued(client, carrier, cod=100)  # far too little
    assert queued.problem == "short"
    operator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(operator)
    page = client.get(_resolve(client, queued, "accept", reason=" ").url).content.decode()
    assert "Hãy ghi lý do" in page
    assert not LedgerEntry.objects.filter(fulfilment=part, kind="remitted").exists()
    _resolve(client, queued, "accept", reason="Shipper thu thiếu, đã trừ lương shipper")
    queued.refresh_from_db()
    assert queued.status == "accepted" and queued.credited_part == part
    assert LedgerEntry.objects.get(fulfilment=part, kind="remitted").amount == 100
    event = AuditEvent.objects.get(verb="remittance.accepted")
    assert event.actor == operator and "shipper" in event.reason
    assert _resolve(client, queued, "accept", reason="again").status_code == 302
    assert LedgerEntry.objects.filter(fulfilment=part, kind="remitted").count() == 1


def test_accepting_a_line_of_a_parcel_not_seen_delivered_delivers_it(client, carrier):
    part, _shipment, queued = _queued(client, carrier, deliver=False)
    assert queued.problem == "not_delivered"
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    _resolve(client, queued, "accept", reason="Bảng đối soát xác nhận đã giao")
    part.refresh_from_db()
    queued.refresh_from_db()
    assert part.status == Fulfilment.Status.DELIVERED and queued.status == "accepted"
    assert balance(part.seller) == owed_net(part, 26800)


def test_operator_assigns_an_unknown_line_to_its_order(client, carrier):
    part, shipment, queued = _queued(client, carrier, code="GH-TYPO", client_code="")
    assert queued.problem == "unknown"
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    answer = client.get(_resolve(client, queued, "assign", code="KHONG-CO").url)
    assert "Không có kiện hàng nào" in answer.content.decode()
    _resolve(client, queued, "assign", code=part.order.number)
    queued.refresh_from_db()
    assert queued.status == "accepted" and queued.credited_part == part
    assert balance(part.seller) == owed_net(part, 26800)
    assert AuditEvent.objects.filter(verb="remittance.assigned").count() == 1


def test_operator_dismisses_a_duplicate_and_it_is_audited(client, carrier):
    part, shipment = shipped_part(client)
    carrier.set_statement("DS-1", [line(shipment)])
    carrier.set_statement("DS-2", [line(shipment)])
    remittance_webhook(client, "DS-1")
    remittance_webhook(client, "DS-2")
    duplicate = RemittanceLine.objects.get(statement__reference="DS-2")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    answer = client.get(_resolve(client, duplicate, "accept", reason="thử").url)
    assert "đã được ghi có" in answer.content.decode()
    _resolve(client, duplicate, "dismiss", reason="Hãng liệt kê lại đơn của DS-1")
    duplicate.refresh_from_db()
    assert duplicate.status == "dismissed" and duplicate.note.startswith("Hãng")
    assert AuditEvent.objects.filter(verb="remittance.dismissed").count() == 1
    assert LedgerEntry.objects.filter(fulfilment=part, kind="remitted").count() == 1


def test_only_the_operator_sees_and_resolves_the_queue(client, carrier):
    part, _shipment, queued = _queued(client, carrier, cod=100)
    seller = signed_in(client, part.seller)
    assert client.get(QUEUE).status_code == 403
    assert _resolve(client, queued, "dismiss", reason="x").status_code == 403
    buyer = UserFactory()
    client.force_login(buyer)
    assert client.get(QUEUE).status_code == 403
    assert _resolve(client, queued, "dismiss", reason="x").status_code == 403
    client.logout()
    assert client.get(QUEUE).status_code == 302
    queued.refresh_from_db()
    assert queued.status == "queued" and seller.pk
    # positive control: the operator's same click closes it
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(QUEUE).status_code == 200
    _resolve(client, queued, "dismiss", reason="x")
    queued.refresh_from_db()
    assert queued.status == "dismissed"


CSV_HEADER = "Mã vận đơn,Mã đơn khách hàng,Tiền thu hộ (COD),Phí vận chuyển,Phí thu hộ\n"


def _upload(client, text, number="DS-F1", name="doi-soat.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("operations:remittance-upload"),
        {"reference": number, "file": SimpleUploadedFile(name, text.encode(), "text/csv")},
    )


def test_operator_uploads_the_carriers_statement_file_once(client, carrier):
    part, shipment = shipped_part(client)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    amount = f"{int(part.total):,}".replace(",", ".")
    text = CSV_HEADER + f'{shipment.tracking_code},{shipment.client_code},"{amount}",25.000,1.800\n'
    page = client.get(_upload(client, text).url).content.decode()
    assert "đã ghi có 1 trên 1 dòng" in page
    assert balance(part.seller) == owed_net(part, 26800)
    again = client.get(_upload(client, text).url).content.decode()
    assert "không có gì thay đổi" in again
    assert RemittanceStatement.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="remitted").count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (CSV_HEADER + "GH1,C1,150.000,25.000,1.800\nGH2,C2,một trăm,25.000,0\n", "Dòng 3"),
        ("Ngày,Số tiền\n2026-12-01,150000\n", "Không đọc được"),
        ("\n\n", "Tệp trống"),
    ],
)
def test_a_malformed_file_is_refused_clearly_and_imports_nothing(client, carrier, text, message):
    part, shipment = shipped_part(client)
    good = f"{shipment.tracking_code},{shipment.client_code},{int(part.total)},25000,1800\n"
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    answer = _upload(client, text.replace("GH1,C1,150.000,25.000,1.800\n", good))
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not RemittanceStatement.objects.exists()
    assert not LedgerEntry.objects.filter(kind="remitted").exists()


def test_returned_parcels_still_pay_the_carrier_fee_once(client, carrier):
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    client.logout()
    code = Shipment.objects.get(fulfilment=part).tracking_code
    webhook(client, code, "picked")
    webhook(client, code, "returned")
    webhook(client, code, "returned")
    fees = LedgerEntry.objects.filter(fulfilment=part, kind="carrier_fee")
    assert fees.count() == 1 and fees.get().amount < 0


def test_a_parcel_the_sellers_own_courier_carried_never_matches(client, settings):
    from marketplace.order.carriers import RemittanceLine as StatementLine
    from marketplace.order.remittance import import_statement

    settings.CARRIER_API_URL = ""  # the flat carrier: the seller's courier, cash to the seller
    _order, part, _product = cod_order()
    signed_in(client, part.seller)
    ship(client, part)
    shipment = Shipment.objects.get(fulfilment=part)
    assert shipment.carrier == "flat"
    listed = StatementLine(shipment.tracking_code, shipment.client_code, part.total, 22000, 0)
    import_statement(carrier="carrier", reference="DS-X", lines=[listed], source="file")
    assert RemittanceLine.objects.get().problem == "unknown"
    assert not LedgerEntry.objects.filter(kind="remitted").exists()


def test_audit_consistency_finds_cash_remitted_twice(client, carrier):
    from marketplace.operations.consistency import ledger

    part, shipment = shipped_part(client)
    carrier.set_statement("DS-1", [line(shipment)])
    remittance_webhook(client, "DS-1")
    assert [d for d in ledger() if "statement line" in d.detail] == []
    LedgerEntry.objects.create(
        seller=part.seller, fulfilment=part, kind="remitted", amount=part.total
    )
    [difference] = [d for d in ledger() if "statement line" in d.detail]
    assert f"order part {part.pk}" in difference.subject


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_statements_listing_one_parcel_at_the_same_moment_credit_it_once(client, carrier):
    """Two statements race on PostgreSQL: the second waits for the first's lock on the
    order part, then finds it credited."""
    import threading

    from django.db import connection

    from marketplace.order.carriers import RemittanceLine as StatementLine
    from marketplace.order.remittance import import_statement

    part, shipment = shipped_part(client)
    listed = StatementLine(shipment.tracking_code, shipment.client_code, part.total, 25000, 1800)
    barrier, errors = threading.Barrier(4), []

    def run(reference):
        try:
            barrier.wait()
            import_statement(carrier="carrier", reference=reference, lines=[listed], source="file")
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(ref,)) for ref in ("A", "B", "A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert RemittanceStatement.objects.count() == 2
    assert LedgerEntry.objects.filter(fulfilment=part, kind="remitted").count() == 1
    assert sorted(RemittanceLine.objects.values_list("problem", flat=True)) == ["", "duplicate"]
    assert balance(part.seller) == owed_net(part, 26800)
