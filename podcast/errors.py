"""One error hierarchy. Each stage raises its own subclass; the CLI maps `exit_code` to the process.

Exit codes (documented in the README):
  0 success · 2 bad input or usage · 3 partial failure (nightly) · 4 lock busy
  5 QA gate refused · 6 the machine: a missing program, a full or read-only disk, no permission
  1 internal error

`transient` says whether the same call may succeed when tried again (an engine process that
crashed or hung, a timed-out program); retries (tts/pool, jobs/retries) repeat only those.
"""

from __future__ import annotations

import copy
import errno
import os
from collections.abc import Sequence

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_PARTIAL = 3
EXIT_LOCKED = 4
EXIT_QA = 5
EXIT_ENVIRONMENT = 6


class PodcastError(Exception):
    """Base of every deliberate error. The message is one line: what is wrong and how to fix it.
    `transient` (class default, or per error) says whether trying again can change the outcome."""

    exit_code = EXIT_INTERNAL
    transient = False

    def __init__(self, message: str, *, transient: bool | None = None) -> None:
        super().__init__(" ".join(message.split()))
        if transient is not None:
            self.transient = transient

    def retold(self, message: str, *, transient: bool | None = None) -> PodcastError:
        """The same kind of error with another message (naming where it happened, say)."""
        new = copy.copy(self)
        new.args = (" ".join(message.split()),)
        if transient is not None:
            new.transient = transient
        return new


class InputError(PodcastError):
    """The recap, a CLI argument or a setting is wrong: the user can fix it."""

    exit_code = EXIT_INPUT


class ScriptTooLong(InputError):
    """The planned script is longer than the show's [qa] max_minutes: refused before any audio."""


class ConfigError(InputError):
    """podcast.toml or a voice profile is wrong or missing."""


class MachineError(PodcastError):
    """The machine cannot do what is asked: a missing program, a full or read-only disk, no
    permission. Trying again does not help until someone fixes the machine."""

    exit_code = EXIT_ENVIRONMENT


class DependencyError(MachineError):
    """A package or a program (ffmpeg, espeak-ng) is missing."""


class DiskSpaceError(MachineError):
    """The disk (or the user's quota) is full, or has too little free space to render safely."""


class ReadOnlyError(MachineError):
    """The file system to write is mounted read-only."""


class AccessError(MachineError):
    """The user the program runs as may not write (or read) a folder it needs."""


class ScriptError(PodcastError):
    """The script could not be built."""


class TTSError(PodcastError):
    """An engine failed to speak a segment. Transient by default (an engine process crashed or
    hung); the pool's final give-up after its attempts is not."""

    transient = True


class AudioError(PodcastError):
    """Mixing, mastering or export failed (a silent mixdown, unreadable segment audio): the same
    input fails the same way again."""


class QAError(PodcastError):
    """The finished episode failed a quality check; nothing was published."""

    exit_code = EXIT_QA


class PublishError(PodcastError):
    """Writing the feed, pages or catalog failed."""


class LockBusy(PodcastError):
    """Another run holds the lock."""

    exit_code = EXIT_LOCKED


class SubprocessError(PodcastError):
    """An external program failed or timed out; the message has the command and stderr's tail.
    Transient: a crash, a kill or a timeout may not happen again.

    The same facts as attributes, whole, for code and logs: `cmd` (the argv as run), `stderr_tail`
    (the end of its stderr, up to a few thousand characters) and `returncode` (None when it was
    killed at its timeout, or when the error was not raised by util/subproc)."""

    transient = True

    def __init__(
        self,
        message: str,
        *,
        cmd: Sequence[str] = (),
        stderr_tail: str = "",
        returncode: int | None = None,
        transient: bool | None = None,
    ) -> None:
        super().__init__(message, transient=transient)
        self.cmd: tuple[str, ...] = tuple(cmd)
        self.stderr_tail = stderr_tail
        self.returncode = returncode


class StateFolderError(MachineError):
    """The state folder (catalog, locks, work folders) cannot be used: the machine's set-up."""


# errno -> (error class, what happened, how to fix it). The one place an OSError becomes an
# exit code: the CLI's top level and the nightly's per-recap failure handling both use it.
_MACHINE_ERRNOS: dict[int, tuple[type[MachineError], str, str]] = {
    errno.ENOSPC: (DiskSpaceError, "the disk is full", "free some space"),
    errno.EDQUOT: (DiskSpaceError, "the disk quota is used up", "free some space or raise it"),
    errno.EROFS: (ReadOnlyError, "the file system is read-only", "mount it read-write"),
    errno.EACCES: (AccessError, "permission denied", "give this user write access"),
    errno.EPERM: (AccessError, "operation not permitted", "give this user write access"),
}
# Always the machine's fault, whatever the code that met them thought it was.
_NEVER_INPUT = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def machine_error(exc: OSError, doing: str = "") -> MachineError | None:
    """The MachineError for an OSError whose errno is the machine's fault (full disk, quota,
    read-only file system, permission), or None for any other errno."""
    known = _MACHINE_ERRNOS.get(exc.errno or 0)
    if known is None:
        return None
    cls, what, fix = known
    where = f" at {exc.filename}" if exc.filename else ""
    doing = f" while {doing}" if doing else ""
    return cls(f"{what}{where}{doing}: {fix}, then run it again")


def machine_error_in_output(output: str, doing: str) -> MachineError | None:
    """The MachineError a program's error output reports (ffmpeg writing to a full or read-only
    disk prints the C library's message, e.g. "No space left on device"), or None."""
    for code in _NEVER_INPUT:
        if os.strerror(code) in output:
            return machine_error(OSError(code, os.strerror(code)), doing)
    return None


def _os_errors(exc: BaseException) -> list[OSError]:
    """The OSErrors in `exc`'s chain (itself, its cause, its context), outermost first."""
    found: list[OSError] = []
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, OSError):
            found.append(node)
        node = node.__cause__ or node.__context__
    return found


def classify(exc: BaseException) -> PodcastError | None:
    """`exc` as the error the user should see, or None for a bug (an internal error).

    A full disk, a used-up quota or a read-only file system anywhere in the chain is the
    machine's (exit 6), even under a wrapper such as PublishError; permission denied is too,
    unless a deliberate error (bad input, say) already explains it. A PodcastError is itself.
    """
    for os_error in _os_errors(exc):
        deliberate = isinstance(exc, PodcastError) and exc.exit_code != EXIT_INTERNAL
        if deliberate and os_error.errno not in _NEVER_INPUT:
            break
        found = machine_error(os_error)
        if found is not None:
            return found
    if isinstance(exc, PodcastError):
        return exc
    return None


def is_transient(exc: BaseException) -> bool:
    """True when trying again may succeed: a transient PodcastError, or an OSError that is not
    the machine's fault (an I/O error, a timeout). Every other error is final."""
    if isinstance(exc, PodcastError):
        return exc.transient
    return isinstance(exc, OSError) and classify(exc) is None
