"""Output other programs read: gzip from the page cache, CSV, calendars, SMS."""

import gzip
import re

import pytest

from themes.performance import gzipped


def _served(parts, tokens):
    return gzip.decompress(gzipped.assemble(parts, gzipped.compress_parts(parts), tokens))


def test_a_page_with_nul_bytes_is_served_as_valid_gzip():
    token = b"T" * gzipped.TOKEN_LENGTH
    parts = [b"<p>\x00 before</p><input value=", b">" + b"\x00" * 80 + b"<p>after</p>"]
    assert _served(parts, [token]) == parts[0] + token + parts[1]


def test_pages_without_nul_bytes_still_share_history_across_tokens():
    token = b"T" * gzipped.TOKEN_LENGTH
    card = b"<li class='card'><a href='/p/1/'>Che Shan Tuyet Tan Lap</a></li>" * 4
    parts = [card + b"<input value=", b">" + card]
    assert _served(parts, [token]) == parts[0] + token + parts[1]
    compressed = gzipped.compress_parts(parts)
    assert len(compressed[1]) < len(gzipped.compress_parts([parts[1]])[0])


@pytest.mark.django_db
def test_operator_payout_csv_shows_formulas_as_text(client):
    import csv
    import datetime
    import io
    from decimal import Decimal

    from marketplace.ledger.models import LedgerEntry
    from tests.factories import SellerFactory, UserFactory

    shop = SellerFactory(
        display_name='=HYPERLINK("https://evil.example","Chè")',
        bank_account_holder="+NGUYEN THI HOA",
    )
    plain = SellerFactory(display_name="Chè Tân Lập", bank_account_holder="NGUYEN VAN A")
    for seller in (shop, plain):
        LedgerEntry.objects.create(seller=seller, kind="sale", amount=Decimal("150000"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    today = datetime.date.today()
    response = client.get(
        "/van-hanh/doi-soat.csv",
        {"start": today - datetime.timedelta(days=1), "end": today},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert '\'=HYPERLINK("https://evil.example","Chè")' in by_name
    assert by_name['\'=HYPERLINK("https://evil.example","Chè")'][5] == "'+NGUYEN THI HOA"
    # Positive control: ordinary text and numbers are written as they are.
    assert by_name["Chè Tân Lập"][5] == "NGUYEN VAN A"
    assert by_name["Chè Tân Lập"][7] == "150000"


def test_every_csv_goes_through_the_one_writer():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    writers = sorted(
        str(path.relative_to(root))
        for folder in ("marketplace", "sellers", "catalog", "livestream", "themes", "bench")
        for path in (root / folder).rglob("*.py")
        if "csv.writer(" in path.read_text() or "DictWriter(" in path.read_text()
    )
    assert writers == ["marketplace/security/spreadsheet.py"]


@pytest.mark.django_db
def test_a_helper_name_cannot_break_or_forge_the_consent_sms(django_capture_on_commit_callbacks):
    from marketplace.notifications import sms
    from sellers import helpers
    from tests.factories import SellerFactory, UserFactory, team_member

    seller = SellerFactory(phone="+84912000321")
    helper = UserFactory(
        last_name="{0} {code} %s " + "y" * 50 + "\r\nChợ Làng: mã đăng nhập của bạn là 000000",
        first_name="Hoa",
    )
    team_member(helper, seller.commune)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        helpers.request_consent_code(helper=helper, seller_phone="0912000321", ip="203.0.113.9")
    text = sms.outbox[-1].text
    assert "\n" not in text and "\r" not in text
    assert "{0} {code} %s" in text  # shown as typed, not interpreted
    name = text.split("“", 1)[1].split("”", 1)[0]
    assert len(name) <= sms.VALUE_LIMIT and name.endswith("…")
    codes = re.findall(r"\b\d{6}\b", text)
    assert len(codes) == 1  # only the real code: the forged one was cut off


@pytest.mark.django_db
def test_a_decision_reason_is_one_capped_line(django_capture_on_commit_callbacks):
    from marketplace.notifications import sms
    from sellers.tasks import decision_text
    from tests.factories import SellerFactory

    seller = SellerFactory(display_name="Chè {shop}", status_reason="Thiếu ảnh.\n\n" * 60)
    text = decision_text(seller, "request_changes")
    assert "\n" not in text and "Chè {shop}" in text
    assert len(text) <= sms.MESSAGE_LIMIT
    assert text.endswith("…")
