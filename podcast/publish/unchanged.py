"""Is an episode still published exactly as a render with these keys would publish it? Read from
the catalog and OUT without any lock and without writing anything, so the answer costs a few
file reads and an unchanged re-render changes no byte and no mtime in OUT or the state folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from podcast.publish import layout
from podcast.publish.catalog import EpisodeRecord, FileEntry, read_published

_CHUNK = 1 << 20


def still_published(
    out: Path,
    state_dir: Path,
    episode_id: str,
    *,
    render_key: str | None = None,
    settings_key: str | None = None,
) -> EpisodeRecord | None:
    """The episode's catalog record when it was published with `render_key` (and/or
    `settings_key`) and every file it wrote, and every show file the last publish wrote, is in
    OUT with its recorded size and SHA-256; else None (render it)."""
    if render_key is None and settings_key is None:
        return None
    found = read_published(state_dir / layout.CATALOG, episode_id)
    if found is None:
        return None
    record, show_files = found
    if render_key is not None and record.render_key != render_key:
        return None
    if settings_key is not None and record.settings_key != settings_key:
        return None
    if not record.files or not show_files:
        return None
    if not files_intact(out, [*record.files, *show_files]):
        return None
    return record


def files_intact(out: Path, entries: Iterable[FileEntry]) -> bool:
    """Every entry is a regular file inside OUT with its size and SHA-256 (a file hard-linked
    under two names is hashed once)."""
    out = out.resolve()
    seen: dict[tuple[int, int], str] = {}
    for entry in entries:
        path = out.joinpath(entry.path)
        try:
            if not path.resolve().is_relative_to(out):
                return False
            st = path.stat()
        except OSError:
            return False
        if not path.is_file() or st.st_size != entry.size:
            return False
        inode = (st.st_dev, st.st_ino)
        if inode not in seen:
            try:
                seen[inode] = _sha256(path)
            except OSError:
                return False
        if seen[inode] != entry.sha256:
            return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
