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


# The Vietnamese alphabet (with f, j, w, z where Latin puts them): ă and â come after a,
# đ after d, and so on; code-point order would put "Đồng Tháp" after "Vĩnh Long".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones only break ties, in the order dictionaries use: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese names: "An Giang" < "Bắc Ninh" < "Đồng Tháp" < "Vĩnh Long".

    Letters compare by the Vietnamese alphabet, then tones break ties; anything that is
    not a letter (spaces, digits) sorts before letters by its code point.
    """
    letters, tones = [], []
    for char in nfc(text).lower():
        parts = unicodedata.normalize("NFD", char)
        tone = next((_TONE_RANK[m] for m in parts if m in _TONE_RANK), 0)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_RANK))
        rank = _LETTER_RANK.get(base)
        letters.append((1, rank) if rank is not None else (0, ord(base[0]) if base else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones), text)


def sorted_vietnamese(items, name=lambda item: str(item)) -> list:
    """``items`` in Vietnamese alphabetical order of ``name(item)``."""
    return sorted(items, key=lambda item: vietnamese_sort_key(name(item)))
