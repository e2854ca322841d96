"""One nightly per output folder: a second run exits at once with code 4 and writes nothing, a
SIGKILLed holder never blocks the next run, and two runs started together split 0 and 4."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from benchmarks.soak import RECAP, feed_state
from podcast.errors import EXIT_LOCKED, EXIT_OK
from podcast.jobs.locking import nightly_lock
from podcast.publish import layout
from podcast.publish.statedir import default_state_dir

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"


def nightly_args(inbox: Path, out: Path, cache: Path) -> list[str]:
    return [
        sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out", str(out),
        "--show", str(FAKE_SHOW), "--cache-dir", str(cache),
    ]  # fmt: skip


def write_recaps(inbox: Path, *days: int) -> None:
    inbox.mkdir(exist_ok=True)
    for day in days:
        (inbox / f"recap-{day}.md").write_text(
            RECAP.format(
                title=f"Day {day}: Stocks Edge Higher",
                date=f"2026-11-{day:02d}",
                slug=f"day-{day}",
                variant="Technology led, while small caps slipped.",
            )
        )


def everything(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `folder`, hidden ones included: bytes, size and mtime. The lock file is
    only stat()ed: closing a descriptor of it would drop this process's POSIX lock."""
    return {
        str(p.relative_to(folder)): (
            b"" if p.name == layout.NIGHTLY_LOCK else p.read_bytes(),
            p.stat().st_size,
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_second_run_exits_at_once_and_writes_nothing(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    write_recaps(inbox, 16)
    subprocess.run(nightly_args(inbox, out, cache), cwd=ROOT, capture_output=True, check=True)
    write_recaps(inbox, 17)  # new work the locked-out run must not touch
    fresh_cache = tmp_path / "fresh-cache"
    state = default_state_dir(out)
    with nightly_lock(state, "holder-run"):
        before = everything(out), everything(state)
        started = time.monotonic()
        proc = subprocess.run(
            nightly_args(inbox, out, fresh_cache), cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.monotonic() - started
        assert (everything(out), everything(state)) == before
    assert proc.returncode == EXIT_LOCKED
    assert elapsed < 20  # start-up only: it never waits for the lock
    assert proc.stdout == ""
    *events, error = proc.stderr.splitlines()
    assert error.startswith("error: another nightly run holds")
    assert f"pid {os.getpid()}, run holder-run" in error
    (end,) = [json.loads(line) for line in events]
    assert end["event"] == "run_end" and end["exit_code"] == EXIT_LOCKED
    assert not fresh_cache.exists()


HOLDER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from podcast.jobs.locking import nightly_lock

    state = Path(sys.argv[1])
    state.mkdir()
    with nightly_lock(state, "doomed"):
        child = os.fork()  # like a TTS pool worker: it inherits the lock file's descriptor
        if child == 0:
            time.sleep(60)
            os._exit(0)
        print(child, flush=True)
        time.sleep(60)
    """
)


def test_a_sigkilled_holder_never_blocks_the_next_run(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    state = default_state_dir(out)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(state)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        blocked = subprocess.run(
            nightly_args(inbox, out, tmp_path / "cache"), cwd=ROOT, capture_output=True
        )
        assert blocked.returncode == EXIT_LOCKED
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.kill(child, 0)  # the forked child still runs and still has the file open
        proc = subprocess.run(
            nightly_args(inbox, out, tmp_path / "cache"), cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == EXIT_OK, proc.stderr
        assert (state / layout.NIGHTLY_LOCK).exists()  # left in place, never deleted
        assert not (out / layout.NIGHTLY_LOCK).exists() and not (out / ".nightly.lock").exists()
    finally:
        os.kill(child, signal.SIGKILL)
        holder.kill()


def test_two_runs_started_together_one_works_the_other_exits_locked(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    write_recaps(inbox, 18, 19)
    procs = [
        subprocess.Popen(
            nightly_args(inbox, out, tmp_path / f"cache-{i}"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    results = [(p, *p.communicate(timeout=300)) for p in procs]
    codes = sorted(p.returncode for p, _, _ in results)
    assert codes == [EXIT_OK, EXIT_LOCKED], [err[-500:] for _, _, err in results]
    winner = next(r for r in results if r[0].returncode == EXIT_OK)
    loser = next(r for r in results if r[0].returncode == EXIT_LOCKED)
    assert "2 published" in winner[1]
    assert loser[1] == "" and loser[2].splitlines()[-1].startswith("error: another nightly run")
    state = feed_state(out)
    assert not state.problems
    assert sorted(state.episode_ids) == ["2026-11-18-day-18", "2026-11-19-day-19"]
