"""Vietnamese text helpers shared by search, slugs and matching."""

import unicodedata

_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Phones often send decomposed (NFD) Vietnamese; store and compare NFC."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lowercase and drop diacritics: "Chè Shan Tuyết Đỏ" → "che shan tuyet do"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
