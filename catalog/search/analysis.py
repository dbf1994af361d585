"""Query text shared by both backends: words, typo correction and highlighting.

Phones send decomposed (NFD) Vietnamese, stray punctuation and emoji; everything here
starts from NFC text and folds it the way ``marketplace.text.fold`` does, so "Chè", "che" and
"che\u0300" are one word.
"""

from __future__ import annotations

import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import process
from rapidfuzz.distance import OSA

from marketplace.text import fold, nfc

MAX_QUERY_CHARS = 200
# Longer queries are sentences pasted from elsewhere: the first words carry the meaning,
# and every word costs a clause (Elasticsearch) or a LIKE (database).
MAX_WORDS = 10
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
# Private-use characters the Elasticsearch highlighter wraps matches in; never in text.
MARK_START, MARK_END = "\ue000", "\ue001"


def clean_text(text: str) -> str:
    """NFC, without control characters, single-spaced and at most MAX_QUERY_CHARS long."""
    text = _CONTROL.sub(" ", nfc(text or ""))
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def _unique(words):
    seen = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def folded_words(text: str) -> list[str]:
    """Accent-free lowercase words: "Chè Shan-Tuyết!" → ["che", "shan", "tuyet"]."""
    return _unique(_WORD.findall(fold(clean_text(text))))


def required_matches(n_words: int) -> int:
    """Words that must match: all up to three, then 75% (Elasticsearch's "3<75%")."""
    return n_words if n_words <= 3 else int(n_words * 0.75)


def exact_words(text: str) -> list[str]:
    """Lowercase words that keep their accents, only if the buyer typed any accent."""
    words = _unique(_WORD.findall(clean_text(text).lower()))
    return [w for w in words if fold(w) != w]


# --- typo correction -----------------------------------------------------------------


def max_edits(word: str) -> int:
    """Edits forgiven in a word, as Elasticsearch's ``fuzziness: AUTO:4,8``."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def correct_word(word: str, counts: dict[str, int], by_letter: dict[str, list[str]]) -> str | None:
    """The closest known word (fewest edits, then most frequent), or None.

    Distances are rapidfuzz's optimal string alignment (a swap of two letters counts
    once, as in Elasticsearch's fuzzy queries), computed in compiled code. Like
    Elasticsearch's ``prefix_length: 1`` the first letter is trusted: it keeps the
    candidates few, and a wrong first letter is the rarest typo on a phone keyboard.
    """
    if word in counts:
        return word
    limit = max_edits(word)
    if not limit:
        return None
    found = process.extract(
        word, by_letter.get(word[:1], ()), scorer=OSA.distance, score_cutoff=limit, limit=None
    )
    if not found:
        return None
    best = min(found, key=lambda match: (match[1], -counts[match[0]], match[0]))
    return best[0]


def correct_text(
    text: str, counts: dict[str, int], by_letter: dict[str, list[str]]
) -> tuple[str, bool]:
    """(corrected words joined, whether some word was unknown and dropped)."""
    corrected, dropped = [], False
    for word in folded_words(text):
        fixed = correct_word(word, counts, by_letter)
        if fixed is None:
            dropped = True
        else:
            corrected.append(fixed)
    return " ".join(corrected), dropped


# --- highlighting --------------------------------------------------------------------


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[:1] if folded else (" " if ch.isspace() else ch.lower()[:1] or " ")


def _match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose words start with a query word, compared accent-free."""
    folded = "".join(_fold_char(ch) for ch in text)
    spans = []
    for word in words:
        for match in re.finditer(rf"(?<![^\W_]){re.escape(word)}[^\W_]*", folded):
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans) -> SafeString:
    out, cursor = [], 0
    for start, end in spans:
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


def highlight(text: str, words: list[str]) -> SafeString | None:
    """``text`` escaped, with the query words marked; None when nothing matches."""
    text = nfc(text)
    spans = _match_spans(text, words) if words else []
    return _render(text, spans) if spans else None


def snippet(text: str, words: list[str], width: int = 160) -> SafeString | None:
    """A window of ``text`` around its first match, marked; None when nothing matches."""
    text = " ".join(nfc(text).split())
    spans = _match_spans(text, words) if words else []
    if not spans:
        return None
    start = max(0, spans[0][0] - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    window = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = _render(text[start:end], window)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 (body is escaped)


def from_marked(fragment: str) -> SafeString:
    """An Elasticsearch highlight fragment (private-use marks) as escaped HTML."""
    escaped = html.escape(fragment)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def strip_tags_text(value: str) -> str:
    """Plain text of a possibly-HTML description, NFC and single-spaced."""
    return " ".join(html.unescape(strip_tags(nfc(value or ""))).split())


def normalise_for_index(value: str) -> str:
    """Text as stored in the search index: NFC, no marks that would confuse highlights."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", value or "")).strip()
