"""util/subproc: each command is logged as a shell would show it, and a failure carries the
command, the tail of stderr and the exit status as attributes, not only inside its message."""

from __future__ import annotations

import logging
import pickle
import shlex
import sys

import pytest

from podcast.errors import SubprocessError
from podcast.util import subproc


def _py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_run_logs_the_command_shell_quoted_at_debug_level(
    caplog: pytest.LogCaptureFixture,
) -> None:
    argv = [*_py("import sys; print(sys.argv[1:])"), "two words", "it's", "$HOME;rm"]
    with caplog.at_level(logging.DEBUG, logger="podcast.util.subproc"):
        proc = subproc.run(argv)
    assert proc.stdout.decode().strip() == "['two words', \"it's\", '$HOME;rm']"
    records = [r for r in caplog.records if r.name == "podcast.util.subproc"]
    assert [r.levelno for r in records] == [logging.DEBUG]
    assert records[0].getMessage() == "run: " + shlex.join(argv)
    # What the log shows can be pasted into a shell and gives the same argv back.
    assert shlex.split(records[0].getMessage().removeprefix("run: ")) == argv


def test_pipe_logs_the_command_too(caplog: pytest.LogCaptureFixture) -> None:
    argv = [*_py("import sys; sys.stdout.write('ok')"), "a b"]
    got: list[bytes] = []
    with caplog.at_level(logging.DEBUG, logger="podcast.util.subproc"):
        subproc.pipe(argv, sink=got.append, timeout=30)
    assert b"".join(got) == b"ok"
    messages = [r.getMessage() for r in caplog.records if r.name == "podcast.util.subproc"]
    assert messages == ["run: " + shlex.join(argv)]


def test_nothing_is_logged_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="podcast.util.subproc"):
        subproc.run(_py("pass"))
    assert not [r for r in caplog.records if r.name == "podcast.util.subproc"]


FIVE_LINES = "import sys\nfor i in range(5): sys.stderr.write(f'line {i}\\n')\nsys.exit(3)\n"


def test_run_failure_carries_command_stderr_tail_and_returncode() -> None:
    argv = [*_py(FIVE_LINES), "x" * 400]
    with pytest.raises(SubprocessError) as info:
        subproc.run(argv)
    err = info.value
    assert err.returncode == 3
    assert err.cmd == tuple(argv)  # whole, though the message shortens it to 300 characters
    assert err.stderr_tail == "\n".join(f"line {i}" for i in range(5))
    message = str(err)
    assert "\n" not in message and "exited with 3: line 2 | line 3 | line 4" in message
    assert "line 1" not in message and "x" * 400 not in message
    assert err.transient


def test_pipe_failure_carries_the_same_attributes() -> None:
    argv = _py(FIVE_LINES)
    with pytest.raises(SubprocessError) as info:
        subproc.pipe(argv, sink=lambda _d: None, timeout=30)
    assert (info.value.cmd, info.value.returncode) == (tuple(argv), 3)
    assert info.value.stderr_tail.splitlines() == [f"line {i}" for i in range(5)]
    with pytest.raises(SubprocessError) as stopped:
        subproc.pipe(
            _py("import sys; sys.stdin.buffer.read(10); sys.stderr.write('enough')"),
            source=iter([b"x" * (1 << 20)] * 20),
            timeout=30,
        )
    assert "stopped reading its input" in str(stopped.value)
    assert stopped.value.returncode == 0 and stopped.value.stderr_tail == "enough"


def test_stderr_tail_is_bounded_and_keeps_the_end() -> None:
    code = "import sys\nsys.stderr.write('noise\\n' * 50000 + 'the real reason\\n')\nsys.exit(1)\n"
    with pytest.raises(SubprocessError) as info:
        subproc.run(_py(code))
    tail = info.value.stderr_tail
    assert len(tail) <= 4000 and tail.endswith("noise\nthe real reason")


@pytest.mark.parametrize("runner", ["run", "pipe"])
def test_timeout_has_no_returncode_but_keeps_command_and_stderr(runner: str) -> None:
    argv = _py("import sys, time; print('started', file=sys.stderr, flush=True); time.sleep(30)")
    with pytest.raises(SubprocessError, match="timed out after 1 s") as info:
        if runner == "run":
            subproc.run(argv, timeout=1)
        else:
            subproc.pipe(argv, sink=lambda _d: None, timeout=1)
    assert info.value.returncode is None and info.value.cmd == tuple(argv)
    assert info.value.stderr_tail == "started"


def test_attributes_survive_retelling_and_pickling() -> None:
    """The TTS pool's workers send errors across processes; callers retell them with context."""
    with pytest.raises(SubprocessError) as info:
        subproc.run(_py(FIVE_LINES))
    for err in (info.value.retold("while mixing: boom"), pickle.loads(pickle.dumps(info.value))):
        assert isinstance(err, SubprocessError)
        assert err.returncode == 3 and err.cmd == info.value.cmd
        assert err.stderr_tail == info.value.stderr_tail


def test_plain_construction_still_works() -> None:
    err = SubprocessError("ffmpeg exited with 1")
    assert (err.cmd, err.stderr_tail, err.returncode) == ((), "", None)
    assert str(err) == "ffmpeg exited with 1"
