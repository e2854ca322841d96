"""CRC-16/ARC (polynomial 0x8005 reflected, initial value 0): the checksum a LAME tag keeps of an
MP3's audio frames. Computed with numpy over many slices of a block at once, the slices' CRCs then
joined, since the Python standard library has no such CRC and a byte loop would take seconds."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_SLICES = 1 << 16  # slices of a block checksummed side by side (a power of 2) ...
_SLICE = 32  # ... of this many bytes each
BLOCK = _SLICES * _SLICE  # bytes per block (2 MiB)


def _table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint16)
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table[i] = crc
    return table


_TABLE = _table()


class _Shift:
    """The CRC state's change over a run of zero bytes: linear in the state, so two 256-entry
    tables (its low and high byte) apply it, and two shifts compose into another."""

    def __init__(self, low: np.ndarray, high: np.ndarray) -> None:
        self.low, self.high = low, high

    @classmethod
    def zeros(cls, count: int) -> _Shift:
        """Over `count` zero bytes, stepped directly (for short runs)."""
        states = np.concatenate([np.arange(256), np.arange(256) << 8]).astype(np.uint16)
        for _ in range(count):
            states = (states >> 8) ^ _TABLE[states & 0xFF]
        return cls(states[:256], states[256:])

    def __call__(self, state: np.ndarray | int) -> np.ndarray:
        s = np.asarray(state, dtype=np.uint16)
        return np.asarray(self.low[s & 0xFF] ^ self.high[s >> 8], dtype=np.uint16)

    def then(self, other: _Shift) -> _Shift:
        """This shift followed by `other`."""
        return _Shift(other(self.low), other(self.high))

    def power(self, times: int) -> _Shift:
        """This shift `times` times over (by squaring)."""
        result, step = _Shift.zeros(0), self
        while times:
            if times & 1:
                result = result.then(step)
            step = step.then(step)
            times >>= 1
        return result


_OVER_SLICE = _Shift.zeros(_SLICE)
_OVER_BLOCK = _OVER_SLICE.power(_SLICES)
_PAIRS = [_OVER_SLICE.power(1 << level) for level in range(_SLICES.bit_length() - 1)]


def _block_crc(block: np.ndarray) -> int:
    """CRC of one BLOCK-byte block from state 0: its slices side by side, then joined."""
    columns = block.reshape(_SLICES, _SLICE).T.copy()  # row j: byte j of every slice
    crc = np.zeros(_SLICES, dtype=np.uint16)
    for row in columns:
        crc = (crc >> 8) ^ _TABLE[(crc ^ row) & 0xFF]
    for shift in _PAIRS:  # join neighbours: the first's CRC carried over the second's bytes
        crc = shift(crc[0::2]) ^ crc[1::2]
    return int(crc[0])


def crc16(chunks: Iterable[bytes], length: int) -> int:
    """CRC-16/ARC of `length` bytes given in `chunks` (of any size). Zero bytes in front of a
    message leave its CRC at 0, so the message is padded in front to whole blocks."""
    state = 0
    pending = bytearray(b"\0" * (-length % BLOCK))
    for chunk in chunks:
        pending += chunk
        while len(pending) >= BLOCK:
            block = np.frombuffer(bytes(pending[:BLOCK]), dtype=np.uint8)
            state = int(_OVER_BLOCK(state)) ^ _block_crc(block)
            del pending[:BLOCK]
    if pending:
        raise ValueError(f"crc16 was given {len(pending)} bytes more or less than {length}")
    return state
