"""POSIX record locks (`fcntl.lockf`) on lock files: opened, tried, waited for, named in errors.

Why lockf and not flock: see jobs/locking.py. POSIX locks belong to a process, so two threads of
one process do not exclude each other, and closing any descriptor of a locked file drops the
process's lock on it. `held_lock` therefore also takes a per-path thread lock for the whole time
the file is open, and `owned_here` lets a caller skip (never open) a file this process locks.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from podcast.errors import LockBusy, StateFolderError

_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
_OWNED: set[str] = set()  # lock files this process holds (never to be opened by a prober)
_POLL_S = 0.05


def open_lock_file(path: Path) -> int:
    """A descriptor of the lock file (created if missing, never truncated), or StateFolderError
    (exit 6): a lock file that cannot be opened is the machine's set-up, not the user's input."""
    try:
        return os.open(path, _FLAGS, 0o644)
    except OSError as exc:
        raise StateFolderError(
            f"cannot open the lock file {path} ({exc.strerror or exc}); the user running podcast "
            f"must own or be able to write the state folder {path.parent} (fix its permissions "
            "or ownership, or pass --state DIR)"
        ) from None


def try_lock(fd: int) -> bool:
    """Take an exclusive record lock on `fd` without waiting; False if another process has it.
    A file system without record locks (ENOLCK, say) is StateFolderError (exit 6)."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise StateFolderError(
            f"cannot lock a file in the state folder ({exc.strerror or exc}); keep the state "
            "folder on a local file system that supports POSIX locks (--state DIR)"
        ) from None
    return True


def holder_text(fd: int) -> str:
    """What the holder wrote into the lock file ("pid 123, ... since T"), or ""."""
    with contextlib.suppress(OSError):
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if text and text.isprintable():
            return text
    return ""


def stamp(fd: int, note: str) -> None:
    """Write "pid N, NOTE, since T" into the (held) lock file, for the error of whoever waits."""
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, {note}, since {since}\n".encode(), 0)


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(str(path), threading.Lock())


def owned_here(path: Path) -> bool:
    """True while this process holds `path` through `held_lock` or `own`."""
    return str(path) in _OWNED


@contextlib.contextmanager
def own(path: Path, fd: int) -> Iterator[None]:
    """Mark `path` (locked through `fd`) as this process's for the block."""
    _OWNED.add(str(path))
    try:
        yield
    finally:
        _OWNED.discard(str(path))


@contextlib.contextmanager
def held_lock(path: Path, note: str, *, wait_s: float, what: str, then: str) -> Iterator[int]:
    """Hold the lock file `path` for the block, waiting at most `wait_s` seconds (0: not at all);
    else LockBusy: "another WHAT holds PATH (holder); THEN". Threads of this process queue on a
    thread lock first."""
    deadline = time.monotonic() + wait_s
    thread_lock = _thread_lock(path)
    if wait_s > 0:
        acquired = thread_lock.acquire(timeout=wait_s)
    else:
        acquired = thread_lock.acquire(blocking=False)
    if not acquired:
        raise LockBusy(f"another {what} in this process holds {path}; {then}")
    try:
        fd = open_lock_file(path)
        try:
            while not try_lock(fd):
                if time.monotonic() >= deadline:
                    holder = holder_text(fd)
                    waited = f" after waiting {wait_s:.0f} s" if wait_s > 0 else ""
                    raise LockBusy(
                        f"another {what} holds {path}{f' ({holder})' if holder else ''}"
                        f"{waited}; {then}"
                    )
                time.sleep(_POLL_S)
            stamp(fd, note)
            try:
                with own(path, fd):
                    yield fd
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                fcntl.lockf(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        thread_lock.release()
