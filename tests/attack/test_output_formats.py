"""Output other programs read: gzip from the page cache, CSV, calendars, SMS."""

import gzip

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
