from decimal import Decimal

import pytest

from marketplace.payments import vietqr

KNOWN_GOOD = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)


def test_crc_matches_the_standard_check_value():
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_build_reproduces_the_known_good_napas_payload():
    transfer = vietqr.Transfer(
        bank_bin="970403",
        account="0011012345678",
        amount=Decimal("180000"),
        bill_number="NPS6869",
        memo="thanh toan don hang",
    )
    assert vietqr.build(transfer) == KNOWN_GOOD


def test_parse_round_trips_and_folds_vietnamese_memo():
    transfer = vietqr.Transfer(
        "970418", "0000123456789", Decimal("345000"), "100042", "Đơn hàng Chợ Làng 100042"
    )
    parsed = vietqr.parse(vietqr.build(transfer))
    assert parsed.amount == Decimal("345000")
    assert parsed.bill_number == "100042"
    assert parsed.memo == "Don hang Cho Lang 100042"[:25]
    assert vietqr.parse(KNOWN_GOOD).account == "0011012345678"


def test_a_payload_with_a_wrong_crc_is_refused():
    with pytest.raises(vietqr.VietQRError):
        vietqr.parse(KNOWN_GOOD[:-4] + "0000")
    with pytest.raises(vietqr.VietQRError):
        vietqr.parse(KNOWN_GOOD.replace("180000", "980000"))


def test_svg_is_small_and_inline():
    svg = vietqr.svg(KNOWN_GOOD, title="VietQR")
    assert svg.startswith("<svg") and len(svg) < 8000
