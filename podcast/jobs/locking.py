"""One nightly run per output folder: an fcntl lock on STATE/nightly.lock, never waited for.

A POSIX record lock (`fcntl.lockf`) rather than `flock` (which the filelock package uses): the
kernel drops it the moment the holding process dies, SIGKILL included, and forked children (the
TTS pool's workers) do not inherit it, so an orphaned worker of a killed run can never keep the
next run out. The file is never deleted (unlinking a lock file lets two runs lock two inodes) and
a run that finds it held writes nothing: it opens the file without O_TRUNC and only reads it.

One rule comes with POSIX locks: the holding process must not open and close the lock file
anywhere else, since closing any descriptor of a file drops the process's locks on it.

This lock only keeps two nightlies apart; publishing itself (render's and the nightly's) is
serialised by the publish lock (publish/statedir.py), which every writer waits for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from podcast.publish import layout
from podcast.util import locks


@contextlib.contextmanager
def nightly_lock(state: Path, run_id: str) -> Iterator[Path]:
    """Hold STATE/nightly.lock for the block, or raise LockBusy at once if another run holds it.
    A lock file that cannot be opened is StateFolderError (exit 6)."""
    path = state / layout.NIGHTLY_LOCK
    with locks.held_lock(
        path,
        f"run {run_id}",
        wait_s=0,
        what="nightly run",
        then="this run did nothing. It ends by itself; a killed run's lock is released by "
        "the kernel",
    ):
        yield path
