"""Gzip made once per cached page, with each visitor's CSRF tokens spliced in when served.

A cached page is kept as the parts between its CSRF tokens, each compressed on its own
and ended by a full flush (so no part refers back to another). Serving writes the gzip
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


def compress_parts(parts: list[bytes]) -> list[bytes]:
    compressed = []
    for part in parts:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        compressed.append(compressor.compress(part) + compressor.flush(zlib.Z_FULL_FLUSH))
    return compressed


def stored_block(data: bytes) -> bytes:
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def assemble(parts: list[bytes], compressed: list[bytes], tokens: list[bytes]) -> bytes:
    """The gzip file of ``parts`` joined by ``tokens`` (one fewer token than parts)."""
    chunks = [HEADER]
    crc = size = 0
    for index, part in enumerate(parts):
        crc = zlib.crc32(part, crc)
        size += len(part)
        chunks.append(compressed[index])
        if index < len(tokens):
            token = tokens[index]
            crc = zlib.crc32(token, crc)
            size += len(token)
            chunks.append(stored_block(token))
    chunks.append(FINAL_BLOCK)
    chunks.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(chunks)
