"""Before a nightly renders: remove what a killed run left in OUT, and check there is disk to spare.

A file's temp name (`.NAME.XXXX.tmp`, see util/atomic.py) and an old version's work folder
(OUT/.work-*) are never referenced by the feed, the pages or the catalog, so removing them cannot
break anything published. Renders' work folders now live in the state folder, and only those
whose owner is gone are removed (publish/statedir.py: remove_orphan_work).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable
from pathlib import Path

from podcast.errors import DiskSpaceError
from podcast.publish import layout
from podcast.util.env import env_float

DEFAULT_MIN_FREE_MB = 300.0
_MB = 1024 * 1024


def default_min_free_mb() -> float:
    """$PODCAST_MIN_FREE_MB, else 300 MB."""
    return env_float("PODCAST_MIN_FREE_MB", DEFAULT_MIN_FREE_MB)


def _temp_files(folder: Path) -> Iterable[Path]:
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(".tmp") and not entry.is_dir():
                yield entry


def remove_stale_temp(out: Path) -> list[Path]:
    """Delete old-layout OUT/.work-* folders and `.*.tmp` files in OUT, OUT/static and each
    episode folder.

    Call it only while holding OUT's publish lock: a publisher writing into OUT at the same time
    would lose its temp files.
    """
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for work in out.glob(".work-*"):
            if work.is_dir() and not work.is_symlink():
                shutil.rmtree(work, ignore_errors=True)
                removed.append(work)
    folders = [out, out / layout.STATIC_DIR]
    with contextlib.suppress(OSError):
        folders += [
            d for d in (out / layout.EPISODES_DIR).iterdir() if d.is_dir() and not d.is_symlink()
        ]
    for folder in folders:
        for tmp in _temp_files(folder):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def check_free_space(folders: Iterable[tuple[str, Path]], min_free_mb: float) -> None:
    """DiskSpaceError unless every (label, folder) has at least `min_free_mb` MB free."""
    for label, folder in folders:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        free_mb = shutil.disk_usage(probe).free / _MB
        if free_mb < min_free_mb:
            raise DiskSpaceError(
                f"only {free_mb:.0f} MB free on the disk of {label} {folder}; the nightly needs "
                f"at least {min_free_mb:.0f} MB to render: free some space (or lower "
                "--min-free-mb); nothing was rendered"
            )
