"""The one way to run an external program: an argument list, never a shell; a timeout kills the
whole process group; a failure carries the command and the tail of stderr (as attributes of the
SubprocessError too). Each command is logged at debug level as a shell would show it."""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterable, Sequence

from podcast.errors import DependencyError, SubprocessError, machine_error_in_output

_APT_HINT = {"ffmpeg": "ffmpeg", "ffprobe": "ffmpeg", "espeak-ng": "espeak-ng"}
_TAIL_CHARS = 4000  # of stderr kept on a SubprocessError (its message shows the last 3 lines)

log = logging.getLogger(__name__)


def require(program: str) -> str:
    """The program's path, or a DependencyError saying how to install it."""
    path = shutil.which(program)
    if path is None:
        pkg = _APT_HINT.get(program, program)
        raise DependencyError(
            f"{program} is not installed; run 'apt-get install -y {pkg}' (or 'make setup')"
        )
    return path


def run(
    args: Sequence[str],
    *,
    timeout: float = 300.0,
    input_bytes: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `args` (argv list) in its own process group and return the completed process.

    Raises SubprocessError on a non-zero exit or a timeout (after killing the group), or the
    MachineError its stderr reports (a full or read-only disk: trying again cannot help).
    """
    argv = _argv(args)
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(input=input_bytes, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        _, err = proc.communicate()
        raise _timed_out(argv, timeout, err=err) from None
    except BaseException:
        _kill_group(proc)
        raise
    if proc.returncode != 0:
        text = err.decode("utf-8", "replace")
        machine = machine_error_in_output(text[-4000:], f"running {os.path.basename(argv[0])}")
        if machine is not None:
            raise machine
        raise _failed(argv, proc.returncode, err)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def pipe(
    args: Sequence[str],
    *,
    timeout: float = 300.0,
    source: Iterable[bytes] | None = None,
    sink: Callable[[bytes], None] | None = None,
    chunk_size: int = 1 << 18,
) -> bytes:
    """Run `args` streaming its stdin from `source` or its stdout into `sink` (one or the other),
    so neither side is held in memory; returns stderr.

    stderr is read on a thread, so a chatty program cannot fill its pipe and stall; a watchdog
    kills the whole process group at `timeout`. Raises SubprocessError on a non-zero exit or a
    timeout; an error raised by `source` or `sink` kills the program and propagates as it is.
    """
    if source is not None and sink is not None:
        raise ValueError("pipe streams stdin or stdout, not both")
    argv = _argv(args)
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if source is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE if sink is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    err: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True)
    reader.start()
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill_group(proc)

    watchdog = threading.Timer(timeout, expire)
    watchdog.start()
    stopped: OSError | None = None
    try:
        if source is not None and proc.stdin is not None:
            try:
                for data in source:
                    proc.stdin.write(data)
                proc.stdin.close()
            except BrokenPipeError as exc:  # it exited (or was killed) before reading it all
                stopped = exc
        elif sink is not None and proc.stdout is not None:
            while data := proc.stdout.read(chunk_size):
                sink(data)
        proc.wait()
    except BaseException:
        _kill_group(proc)
        proc.wait()
        raise
    finally:
        watchdog.cancel()
        reader.join()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
    stderr = b"".join(err)
    if expired.is_set():
        raise _timed_out(argv, timeout, err=stderr)
    if proc.returncode != 0:
        raise _failed(argv, proc.returncode, stderr)
    if stopped is not None:
        raise SubprocessError(
            f"{_show(argv)} stopped reading its input: {stopped}",
            cmd=argv,
            stderr_tail=_tail(stderr),
            returncode=proc.returncode,
        )
    return stderr


def _argv(args: Sequence[str]) -> list[str]:
    """The argv to run: strings, the program resolved on PATH; logged at debug level."""
    argv = [str(a) for a in args]
    argv[0] = require(argv[0])
    log.debug("run: %s", shlex.join(argv))
    return argv


def _tail(stderr: bytes) -> str:
    """The end of stderr as text, for SubprocessError.stderr_tail."""
    return stderr[-_TAIL_CHARS:].decode("utf-8", "replace").strip()


def _failed(argv: list[str], returncode: int, stderr: bytes) -> SubprocessError:
    """A non-zero exit: the message shows stderr's last three lines, the attributes more."""
    last = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    return SubprocessError(
        f"{_show(argv)} exited with {returncode}: {' | '.join(last) or 'no output'}",
        cmd=argv,
        stderr_tail=_tail(stderr),
        returncode=returncode,
    )


def _timed_out(argv: list[str], timeout: float, *, err: bytes) -> SubprocessError:
    """Killed at its timeout: no return code to report."""
    return SubprocessError(
        f"{_show(argv)} timed out after {timeout:.0f} s and was killed",
        cmd=argv,
        stderr_tail=_tail(err),
    )


def _drain(stream: object, into: list[bytes]) -> None:
    """Read a pipe to its end into `into` (on its own thread)."""
    read = getattr(stream, "read", None)
    if read is None:
        return
    while data := read(1 << 16):
        into.append(data)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _show(argv: Sequence[str]) -> str:
    shown = " ".join(os.path.basename(argv[0]) if i == 0 else a for i, a in enumerate(argv))
    return shown if len(shown) < 300 else shown[:297] + "..."
