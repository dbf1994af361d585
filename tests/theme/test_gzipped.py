"""Cached pages' gzip bodies: the page with fresh tokens, nearly as small as one gzip."""

import gzip
import secrets
import string

import pytest

from themes.performance.gzipped import assemble, compress_parts

CARD = (
    '<article class="card"><a href="/catalogue/che-{i}/"><img src="/media/{i}.webp" '
    'alt="Chè Shan Tuyết hộp {i}"></a><h2>Chè Shan Tuyết Tân Lập hộp {i}</h2>'
    '<p class="price">150.000 ₫</p><form method="post" action="/basket/add/{i}/">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="'
)


def token() -> bytes:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(64)).encode()


def catalogue_parts(cards: int) -> list[bytes]:
    parts = [b"<!DOCTYPE html><html lang='vi'><body><header>Ch\xe1\xbb\xa3 L\xc3\xa0ng</header>"]
    for i in range(cards):
        parts[-1] += CARD.format(i=i).encode()
        parts.append(b'"><button>Th\xc3\xaam v\xc3\xa0o gi\xe1\xbb\x8f</button></form></article>')
    parts[-1] += b"</body></html>"
    return parts


@pytest.mark.parametrize("cards", [0, 1, 24])
def test_spliced_gzip_is_the_page_with_the_visitors_token(cards):
    parts = catalogue_parts(cards)
    fresh = token()
    body = assemble(parts, compress_parts(parts), [fresh] * cards)
    assert gzip.decompress(body) == fresh.join(parts)


def test_repeated_markup_still_compresses_across_tokens():
    parts = catalogue_parts(24)
    fresh = token()
    ours = len(assemble(parts, compress_parts(parts), [fresh] * 24))
    whole = len(gzip.compress(fresh.join(parts)))
    # Each token is sent uncompressed (69 bytes); the page text compresses as one stream.
    assert ours <= whole + 24 * 70 + 400


def test_a_token_of_another_length_is_refused():
    parts = catalogue_parts(1)
    with pytest.raises(ValueError):
        assemble(parts, compress_parts(parts), [b"short"])
