"""VietQR: NAPAS's EMVCo merchant-presented QR for bank transfers.

A payload is a run of TLV fields (two-digit id, two-digit length, value) ending with tag
63, a CRC-16/CCITT-FALSE over everything before it including "6304". Banking apps reject
a payload whose CRC does not check, so ``parse`` refuses those too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import segno

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
MEMO_MAX = 25


class VietQRError(ValueError):
    """The payload is malformed or its checksum is wrong."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_memo(text: str) -> str:
    """Fold Vietnamese to plain ASCII (banks show the memo as sent) and cut to 25 chars."""
    text = text.replace("Đ", "D").replace("đ", "d")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(folded.split())[:MEMO_MAX]


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


@dataclass(frozen=True)
class Transfer:
    bank_bin: str
    account: str
    amount: Decimal | None = None
    bill_number: str = ""
    memo: str = ""


def build(transfer: Transfer) -> str:
    """The payload for a transfer; dynamic (tag 01 = 12) when it carries an amount."""
    beneficiary = _tlv("00", transfer.bank_bin) + _tlv("01", transfer.account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_ACCOUNT)
    parts = [
        _tlv("00", "01"),
        _tlv("01", "12" if transfer.amount is not None else "11"),
        _tlv("38", merchant),
        _tlv("53", "704"),
    ]
    if transfer.amount is not None:
        parts.append(_tlv("54", str(int(transfer.amount))))
    parts.append(_tlv("58", "VN"))
    additional = ""
    if transfer.bill_number:
        additional += _tlv("01", transfer.bill_number)
    if transfer.memo:
        additional += _tlv("08", ascii_memo(transfer.memo))
    if additional:
        parts.append(_tlv("62", additional))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def _fields(data: str) -> dict[str, str]:
    fields, i = {}, 0
    while i < len(data):
        if i + 4 > len(data):
            raise VietQRError("truncated field header")
        tag, length = data[i : i + 2], data[i + 2 : i + 4]
        if not length.isdigit():
            raise VietQRError(f"bad length for field {tag}")
        end = i + 4 + int(length)
        if end > len(data):
            raise VietQRError(f"field {tag} runs past the end")
        fields[tag] = data[i + 4 : end]
        i = end
    return fields


def parse(payload: str) -> Transfer:
    """Read a payload back; raises ``VietQRError`` unless it is well formed and its CRC checks."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("missing CRC field")
    expected = crc16_ccitt_false(payload[:-4].encode("ascii"))
    if payload[-4:].upper() != f"{expected:04X}":
        raise VietQRError("CRC mismatch")
    fields = _fields(payload[:-8])
    merchant = _fields(fields.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise VietQRError("not a NAPAS VietQR payload")
    beneficiary = _fields(merchant.get("01", ""))
    additional = _fields(fields.get("62", ""))
    amount = fields.get("54")
    return Transfer(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        amount=Decimal(amount) if amount else None,
        bill_number=additional.get("01", ""),
        memo=additional.get("08", ""),
    )


def svg(payload: str, *, title: str = "") -> str:
    """The QR code as a small inline SVG (no external file for weak connections)."""
    qr = segno.make(payload, error="m", micro=False)
    return qr.svg_inline(scale=4, border=2, title=title or None)
