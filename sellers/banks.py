"""The VietQR bank list (NAPAS BINs): sellers' payout accounts must be at one of these."""

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "vietqr_banks.json"


@cache
def banks() -> tuple[dict, ...]:
    """Each bank as ``{"bin", "short_name", "name"}``, in the file's order (largest first)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["banks"])


def bank_choices() -> list[tuple[str, str]]:
    return [(b["bin"], f"{b['short_name']} – {b['name']}") for b in banks()]


def bank_name(bin_code: str) -> str:
    """Short name of the bank with BIN ``bin_code``, or the code itself when unknown."""
    return next((b["short_name"] for b in banks() if b["bin"] == bin_code), bin_code)
