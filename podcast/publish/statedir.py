"""The state folder: what the program keeps for itself beside OUT, never published.

OUT holds only what listeners and the site fetch. The catalog, the nightly's ledger and lock,
the publish lock and the renders' work folders live in STATE, by default a sibling of OUT named
after it (`output` -> `output.state`): beside OUT so it is on the same disk and found without
configuration, outside OUT so no web server or bucket sync of OUT can ever serve it, and named
after OUT so two shows on one machine never share a catalog. `--state DIR` moves it. There is no
environment variable for it on purpose: an editor's `podcast render --out OUT` must find the same
state folder (and so the same publish lock) as the nightly without knowing the service's settings.

An OUT made by an older version (catalog and ledger inside it) is migrated on first use, under
the publish lock, so two first runs cannot both move the catalog.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from podcast.errors import InputError, PublishError, StateFolderError
from podcast.publish import layout
from podcast.util import locks

# Publishing takes a second or two; a writer that waits this long is stuck behind a hung one.
PUBLISH_WAIT_S = 600.0
# A work folder without its lock file is one whose owner died while removing it.
ORPHAN_AGE_S = 3600.0

_WORK_GUARD = threading.Lock()


def default_state_dir(out: Path) -> Path:
    """OUT's sibling `<OUT name>.state` (see the module docstring for why)."""
    out = out.resolve()
    if out.parent == out:
        raise InputError(f"--out {out} is a file-system root; pass a folder inside one")
    return out.parent / layout.state_folder_name(out.name)


def resolve_state_dir(out: Path, state: Path | None) -> Path:
    """`state` (from --state) or the default; refused when it is OUT or inside it."""
    out = out.resolve()
    chosen = default_state_dir(out) if state is None else state.resolve()
    if chosen == out or chosen.is_relative_to(out):
        raise InputError(
            f"the state folder {chosen} is inside OUT {out}, which is published; pass a --state "
            "folder outside OUT"
        )
    if out.is_relative_to(chosen):
        raise InputError(f"OUT {out} is inside the state folder {chosen}; keep them apart")
    return chosen


def prepare_state(out: Path, state: Path | None = None) -> Path:
    """Create the state folder (and resolve it), migrating an old-layout OUT; return it."""
    folder = resolve_state_dir(out, state)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(
            f"the state folder {folder} is a file or lies under one; pass --state a folder"
        ) from None
    except OSError as exc:
        raise StateFolderError(
            f"cannot create the state folder {folder} ({exc.strerror or exc}); make its parent "
            "a writable folder for the user running podcast, or pass --state DIR"
        ) from None
    if not folder.is_dir():
        raise InputError(f"the state folder {folder} is not a folder; pass --state a folder")
    out = out.resolve()
    if _legacy_files(out):
        with publish_lock(folder):
            migrate(out, folder)
    return folder


@contextlib.contextmanager
def publish_lock(state: Path, wait_s: float = PUBLISH_WAIT_S) -> Iterator[None]:
    """The one writer's lock of an output folder: publishing (number, catalog, files, feed,
    pages) and anything that deletes in OUT happen only inside it. Waits up to `wait_s`."""
    with locks.held_lock(
        state / layout.PUBLISH_LOCK,
        "publishing",
        wait_s=wait_s,
        what="publisher",
        then="nothing was published by this run; try again when it is done (a killed "
        "process's lock is released by the kernel)",
    ):
        yield


def _legacy_files(out: Path) -> list[Path]:
    names = (*layout.LEGACY_CATALOG_FILES, layout.LEGACY_LEDGER, layout.LEGACY_LOCK)
    candidates = [out / n for n in names]
    return [p for p in candidates if p.is_file() and not p.is_symlink()]


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _move(source: Path, target: Path) -> None:
    """Rename, or (another disk) copy to a temp name, fsync, rename, then delete the source."""
    try:
        os.rename(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh, source.open("rb") as src:
            shutil.copyfileobj(src, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    source.unlink()


def migrate(out: Path, state: Path) -> list[str]:
    """Move an old layout's private files out of OUT into `state`; call under the publish lock.
    Idempotent; returns what it did, one phrase per file."""
    done: list[str] = []
    try:
        done += _migrate_catalog(out, state)
        ledger = out / layout.LEGACY_LEDGER
        if ledger.is_file():
            if (state / layout.LEDGER).exists():
                ledger.unlink()  # the state folder's is the newer one
                done.append(f"dropped the old {ledger}")
            else:
                _move(ledger, state / layout.LEDGER)
                done.append(f"moved {ledger}")
        lock = out / layout.LEGACY_LOCK
        if lock.is_file():
            lock.unlink()
            done.append(f"removed {lock}")
    except OSError as exc:
        raise StateFolderError(
            f"cannot move the private files of {out} into the state folder {state} "
            f"({exc.strerror or exc}); check both folders' permissions"
        ) from None
    return done


def _migrate_catalog(out: Path, state: Path) -> list[str]:
    source, target = out / layout.CATALOG, state / layout.CATALOG
    if not source.is_file():
        return []
    # Fold the write-ahead log into the file, so the one file carries every episode.
    try:
        conn = sqlite3.connect(source, timeout=30.0)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise PublishError(
            f"the old catalog {source} is unreadable ({exc}); restore it or move it aside"
        ) from None
    wal, shm = (Path(f"{source}-{s}") for s in ("wal", "shm"))
    if target.exists():
        if not _same_bytes(source, target) or (wal.exists() and wal.stat().st_size):
            raise StateFolderError(
                f"there is a catalog both in {out} (old layout) and in the state folder {state}; "
                f"keep the right one: move the other aside"
            )
        for path in (wal, shm, source):  # a copy that an interrupted move left behind
            path.unlink(missing_ok=True)
        return [f"dropped the copy {source}"]
    # The log first: a move interrupted after it leaves the log waiting beside the old file's
    # new place, never the file without its log.
    if wal.exists():
        _move(wal, Path(f"{target}-wal"))
    shm.unlink(missing_ok=True)
    _move(source, target)
    return [f"moved {source}"]


@contextlib.contextmanager
def work_folder(state: Path, root: Path | None = None) -> Iterator[Path]:
    """A private work folder in STATE/work/ (or in `root`, a work area a cluster's workers share)
    for one render, removed afterwards. Its owner holds a lock on the sibling `<name>.lock` for
    its whole life, so housekeeping can tell a live work folder (lock held) from a dead
    process's (lock free)."""
    root = root if root is not None else state / layout.WORK_DIR
    try:
        root.mkdir(parents=True, exist_ok=True)
        with _WORK_GUARD:
            while True:
                fd, name = tempfile.mkstemp(prefix="render-", suffix=".lock", dir=root)
                lock = Path(name)
                # A prober may have taken (and deleted) the brand-new file: then start again.
                if locks.try_lock(fd) and os.stat(lock).st_ino == os.fstat(fd).st_ino:
                    break
                os.close(fd)
            work = lock.with_suffix("")
            work.mkdir()
            locks.stamp(fd, "render work folder")
    except OSError as exc:
        raise StateFolderError(
            f"cannot make a work folder in {root} ({exc.strerror or exc}); the user running "
            "podcast must be able to write the state folder"
        ) from None
    try:
        with locks.own(lock, fd):
            yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        lock.unlink(missing_ok=True)
        os.close(fd)


def live_work_folders(state: Path) -> list[Path]:
    """The work folders in STATE/work/ (live or not), for tests and the soak."""
    root = state / layout.WORK_DIR
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def remove_orphan_work(state: Path) -> list[Path]:
    """Remove the work folders whose owner is gone (its lock free); never a live one."""
    root = state / layout.WORK_DIR
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    with _WORK_GUARD:
        for lock in sorted(root.glob("*.lock")):
            if locks.owned_here(lock):
                continue
            try:
                fd = os.open(lock, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue  # gone meanwhile, or not ours to judge
            try:
                if not locks.try_lock(fd) or os.stat(lock).st_ino != os.fstat(fd).st_ino:
                    continue
                work = lock.with_suffix("")
                if work.is_dir() and not work.is_symlink():
                    shutil.rmtree(work, ignore_errors=True)
                    removed.append(work)
                lock.unlink(missing_ok=True)
            except OSError:
                continue
            finally:
                os.close(fd)
        now = time.time()
        for work in root.iterdir():
            if not work.is_dir() or work.is_symlink() or work.with_suffix(".lock").exists():
                continue
            with contextlib.suppress(OSError):
                if now - work.stat().st_mtime > ORPHAN_AGE_S:
                    shutil.rmtree(work, ignore_errors=True)
                    removed.append(work)
    return removed
