"""Audio as a stream of float32 blocks: a random-access `Samples` source (an array, or a spool file
written once and read back in chunks), so memory stays flat however long the episode is."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from podcast.errors import AudioError

CHUNK = 1 << 20  # samples per chunk of a pass over an episode (~24 s at 44.1 kHz, 4 MB); a
# multiple of the limiter's blocks (256 samples), read at call time so tests can make it small


class Samples(Protocol):
    """Mono float32 audio that can be read back in any range (zeros outside the signal)."""

    def __len__(self) -> int: ...

    def read(self, start: int, stop: int) -> np.ndarray: ...


def chunks(source: Samples, size: int | None = None) -> Iterator[np.ndarray]:
    """`source` from start to end in consecutive reads of `size` samples (default CHUNK; the last
    may be short)."""
    size = size or CHUNK
    n = len(source)
    for start in range(0, n, size):
        yield source.read(start, min(n, start + size))


def rechunk(blocks: Iterable[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """The same samples in blocks of exactly `size` (the last may be short), copying little."""
    held: list[np.ndarray] = []
    count = 0
    for block in blocks:
        block = np.asarray(block, dtype=np.float32)
        while len(block):
            take = min(size - count, len(block))
            held.append(block[:take])
            count += take
            block = block[take:]
            if count == size:
                yield held[0] if len(held) == 1 else np.concatenate(held)
                held, count = [], 0
    if count:
        yield np.concatenate(held)


class ArraySource:
    """An array in memory as a `Samples` source (tests, short signals)."""

    def __init__(self, samples: np.ndarray) -> None:
        x = np.asarray(samples, dtype=np.float32)
        if x.ndim != 1:
            raise AudioError(f"expected mono samples, got shape {x.shape}")
        self.samples = x

    def __len__(self) -> int:
        return len(self.samples)

    def read(self, start: int, stop: int) -> np.ndarray:
        return _padded(self.samples, start, stop)


class Spool:
    """float32 samples spooled to a scratch file once and read back by range: passes over a long
    episode cost a file read each (usually from the page cache) and no memory."""

    def __init__(self, path: Path, length: int) -> None:
        self.path = path
        self.length = length

    @classmethod
    def write(cls, path: Path, blocks: Iterable[np.ndarray]) -> Spool:
        """Write `blocks` to `path` (replacing it) and return the spool that reads them back."""
        length = 0
        with open(path, "wb") as f:
            for block in blocks:
                data = np.ascontiguousarray(block, dtype="<f4")
                f.write(data.tobytes())
                length += len(data)
        return cls(path, length)

    def __len__(self) -> int:
        return self.length

    def read(self, start: int, stop: int) -> np.ndarray:
        lo, hi = max(0, start), min(self.length, stop)
        out = np.zeros(max(0, stop - start), dtype=np.float32)
        if hi > lo:
            fd = os.open(self.path, os.O_RDONLY)
            try:
                view = memoryview(out[lo - start : hi - start].data).cast("B")
                got = 0
                while got < len(view):
                    n = os.preadv(fd, [view[got:]], lo * 4 + got)
                    if n <= 0:
                        raise AudioError(f"spool file {self.path} is shorter than written")
                    got += n
            finally:
                os.close(fd)
        return out

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _padded(x: np.ndarray, start: int, stop: int) -> np.ndarray:
    """x[start:stop] with zeros wherever the range falls outside `x`."""
    if start >= 0 and stop <= len(x):
        return x[start:stop]
    out = np.zeros(max(0, stop - start), dtype=np.float32)
    lo, hi = max(0, start), min(len(x), stop)
    if hi > lo:
        out[lo - start : hi - start] = x[lo:hi]
    return out
