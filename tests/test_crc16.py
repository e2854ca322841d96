"""CRC-16/ARC as the LAME tag keeps it: the block-parallel version agrees with a byte loop."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from podcast.util.crc16 import BLOCK, crc16


def crc16_simple(data: bytes) -> int:
    """CRC-16/ARC bit by bit (reflected polynomial 0xA001), independent of the module's table."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def test_check_value() -> None:
    assert crc16_simple(b"123456789") == 0xBB3D  # the catalogue's check value for CRC-16/ARC
    assert crc16([b"1234", b"56789"], 9) == 0xBB3D
    assert crc16([], 0) == 0


@pytest.mark.parametrize("n", [1, 63, 64, 65, 1000, BLOCK - 1, BLOCK, BLOCK + 1])
def test_block_parallel_matches_the_byte_loop(n: int) -> None:
    data = np.random.default_rng(n).integers(0, 256, n, dtype=np.uint8).tobytes()
    cuts = [0, n // 3, n // 3 + 1, n]  # chunks of any size, an empty one included
    chunks = [data[a:b] for a, b in itertools.pairwise(cuts)]
    expected = crc16_simple(data)
    assert crc16(chunks, n) == expected
    if n > 1:
        changed = bytes([data[0] ^ 1]) + data[1:]
        assert crc16([changed], n) != expected


def test_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError):
        crc16([b"abc"], 4)
