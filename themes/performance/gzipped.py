"""Gzip made once per cached page, with each visitor's CSRF tokens spliced in when served.

A cached page is kept as the parts between its CSRF tokens, each deflated on its own and
ended by a sync flush (see ``compress_parts``). Serving writes the gzip
header, the compressed parts with every fresh token between them as a stored
(uncompressed) deflate block, a final empty block and the CRC-32 and length of the whole
page. Serving a hit therefore costs a CRC pass instead of compressing the page again, and
the secret-bearing tokens are never compressed next to page text (no BREACH oracle).
"""

from __future__ import annotations

import struct
import zlib

# ID1 ID2, deflate, no flags, no mtime, no extra flags, OS unknown.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# BFINAL=1, BTYPE=stored, LEN=0, NLEN=0xffff: ends the deflate stream (byte-aligned).
FINAL_BLOCK = b"\x01\x00\x00\xff\xff"
LEVEL = 6
WINDOW = 32 * 1024
TOKEN_LENGTH = 64  # a masked CSRF token
# Stands for a token in what a part may refer back to. Page text almost never holds NUL
# bytes, so no back-reference can start in it or run into it: the real token can differ.
# A page that does hold one is compressed without references across tokens.
TOKEN_STAND_IN = b"\x00" * TOKEN_LENGTH


def compress_parts(parts: list[bytes], resets: frozenset[int] = frozenset()) -> list[bytes]:
    """Each part deflated on its own, byte-aligned, referring back only to page text.

    A part may refer to the text before it (a product card repeats the previous one's
    markup), as one gzip stream would; token positions are filled with bytes no reference
    can match, so any token can be spliced in there later. A part whose index is in
    ``resets`` follows a hole of any length (a visitor's own part of the page): it refers
    to nothing before it.
    """
    compressed = []
    history = b""
    shares_history = not any(b"\x00" in part for part in parts)
    for index, part in enumerate(parts):
        if index in resets:
            history = b""
        window = history[-WINDOW:] if shares_history else b""
        options = {"zdict": window} if window else {}
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, **options)
        compressed.append(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH))
        history = window + part + TOKEN_STAND_IN
    return compressed


def stored_block(data: bytes) -> bytes:
    """``data`` as stored (uncompressed) deflate blocks of at most 65,535 bytes each."""
    blocks = []
    for start in range(0, max(len(data), 1), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def assemble(
    parts: list[bytes],
    compressed: list[bytes],
    fills: list[bytes],
    tokens: frozenset[int] | None = None,
) -> bytes:
    """The gzip file of ``parts`` joined by ``fills`` (one fewer fill than parts).

    ``tokens`` are the indexes of fills that are CSRF tokens (all of them when None): those
    must have a token's length, as the compressed parts after them assume.
    """
    chunks = [HEADER]
    crc = size = 0
    for index, part in enumerate(parts):
        crc = zlib.crc32(part, crc)
        size += len(part)
        chunks.append(compressed[index])
        if index < len(fills):
            fill = fills[index]
            is_token = tokens is None or index in tokens
            if is_token and len(fill) != TOKEN_LENGTH:
                raise ValueError("a CSRF token of unexpected length")
            crc = zlib.crc32(fill, crc)
            size += len(fill)
            chunks.append(stored_block(fill))
    chunks.append(FINAL_BLOCK)
    chunks.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(chunks)
