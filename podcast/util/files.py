"""What a recap's files are, as one value: the content hash the catalog and the nightly compare."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def content_hash(*paths: Path | None) -> str:
    """SHA-256 of the files' bytes in order (None skipped), read in chunks: a recap then its
    quotes. `podcast render` stores it in the catalog and the nightly compares against it."""
    digest = hashlib.sha256()
    for path in paths:
        if path is None:
            continue
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()
