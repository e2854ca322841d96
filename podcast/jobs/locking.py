"""One nightly run per output folder: an fcntl lock on OUT/.nightly.lock, never waited for.

A POSIX record lock (`fcntl.lockf`) rather than `flock` (which the filelock package uses): the
kernel drops it the moment the holding process dies, SIGKILL included, and forked children (the
TTS pool's workers) do not inherit it, so an orphaned worker of a killed run can never keep the
next run out. The file is never deleted (unlinking a lock file lets two runs lock two inodes) and
a run that finds it held writes nothing: it opens the file without O_TRUNC and only reads it.

One rule comes with POSIX locks: the holding process must not open and close the lock file
anywhere else, since closing any descriptor of a file drops the process's locks on it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from podcast.errors import InputError, LockBusy

LOCK_NAME = ".nightly.lock"


def _holder(fd: int) -> str:
    """What the holder wrote into the lock file ("pid 123, run X, since T"), or ""."""
    with contextlib.suppress(OSError):
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if text and text.isprintable():
            return text
    return ""


@contextlib.contextmanager
def nightly_lock(out: Path, run_id: str) -> Iterator[Path]:
    """Hold OUT/.nightly.lock for the block, or raise LockBusy at once if another run holds it."""
    path = out / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise InputError(
            f"cannot open the lock file {path} ({exc.strerror}); the nightly's user must be able "
            "to write to OUT"
        ) from None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            holder = _holder(fd)
            raise LockBusy(
                f"another nightly run holds {path}{f' ({holder})' if holder else ''}; this run "
                "did nothing. It ends by itself; a killed run's lock is released by the kernel"
            ) from None
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, run {run_id}, since {stamp}\n".encode(), 0)
        try:
            yield path
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.lockf(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
