"""A short, cached content hash of a model file: part of every cache key that depends on it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


def model_hash(path: Path) -> str:
    stat = path.stat()
    return _hash(str(path), stat.st_size, stat.st_mtime_ns)


@functools.cache
def _hash(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]
