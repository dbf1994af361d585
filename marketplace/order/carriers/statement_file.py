"""A carrier's COD statement file, as GHN and GHTK export it (CSV), read into lines.

Columns are found by their heading, in Vietnamese or English, with or without accents:
tracking code, client order code, cash collected, shipping fee, COD fee. Amounts may be
written "150.000", "150,000" or "150000". The whole file is read before anything is
imported: a file with one bad row is refused with the row's number, and nothing is kept.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.text import fold

from .base import RemittanceLine

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# Headings as carriers write them, folded (lower case, no accents, single spaces).
HEADINGS = {
    "tracking_code": {
        "ma van don",
        "ma don ghn",
        "ma don ghtk",
        "ma don hang",
        "ma vd",
        "tracking code",
        "order code",
        "order_code",
    },
    "client_code": {
        "ma don khach hang",
        "ma don kh",
        "ma don shop",
        "ma don hang shop",
        "ma khach hang",
        "client order code",
        "client_order_code",
    },
    "cod_collected": {
        "tien thu ho",
        "tien thu ho cod",
        "tien cod",
        "cod",
        "thu ho",
        "cod collected",
        "cod_amount",
    },
    "shipping_fee": {
        "phi van chuyen",
        "phi giao hang",
        "phi ship",
        "shipping fee",
        "shipping_fee",
    },
    "cod_fee": {"phi thu ho", "phi cod", "cod fee", "cod_fee"},
}
REQUIRED = ("tracking_code", "cod_collected", "shipping_fee", "cod_fee")
_AMOUNT = re.compile(r"^\d{1,3}([.,\s]\d{3})*$|^\d+$")


class BadFile(ValueError):
    """A translated message saying what is wrong with the file (and on which row)."""


def _heading(text: str) -> str:
    return " ".join(fold(text).replace("(", " ").replace(")", " ").split())


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, text in enumerate(header):
        name = _heading(text)
        for field, names in HEADINGS.items():
            if name in names and field not in found:
                found[field] = index
    missing = [field for field in REQUIRED if field not in found]
    if missing:
        raise BadFile(
            _(
                "This is not a COD statement we can read: the file needs the columns tracking "
                "code, cash collected, shipping fee and COD fee (the first row names them)."
            )
        )
    return found


def _amount(text: str, row: int) -> Decimal:
    value = text.strip().removesuffix("đ").removesuffix("₫").removesuffix("VND").strip()
    if value in ("", "-"):
        return Decimal(0)
    if not _AMOUNT.match(value):
        raise BadFile(
            _("Row %(row)s: “%(value)s” is not an amount in đồng.") % {"row": row, "value": text}
        )
    return Decimal(re.sub(r"[.,\s]", "", value))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile(_("The file is not text (a CSV saved as UTF-8 is expected)."))


def read(data: bytes) -> list[RemittanceLine]:
    """The statement's lines; raises ``BadFile`` (translated) and keeps nothing."""
    if not data.strip():
        raise BadFile(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BadFile(_("The file is larger than 5 MB: split the statement."))
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        raise BadFile(_("The file is empty."))
    columns = _columns(rows[0])
    if len(rows) - 1 > MAX_ROWS:
        raise BadFile(_("The file has more than 50,000 lines: split the statement."))
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {f: row[i].strip() if i < len(row) else "" for f, i in columns.items()}
        if not cells["tracking_code"]:
            raise BadFile(_("Row %(row)s has no tracking code.") % {"row": number})
        lines.append(
            RemittanceLine(
                tracking_code=cells["tracking_code"],
                client_code=cells.get("client_code", ""),
                cod_collected=_amount(cells["cod_collected"], number),
                shipping_fee=_amount(cells["shipping_fee"], number),
                cod_fee=_amount(cells["cod_fee"], number),
            )
        )
    if not lines:
        raise BadFile(_("The file names its columns but has no lines."))
    return lines
