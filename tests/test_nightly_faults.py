"""Faults in the nightly: bounded retries with backoff for transient failures and none for bad
input or a QA refusal, external programs killed with their process group on a timeout, free disk
checked before rendering, temp files of a killed run removed, and SIGKILL or SIGTERM at any moment
followed by a run that finishes the work from the cache while the feed stays valid."""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.soak import RECAP, FeedWatcher, feed_state, published_snapshot, temp_leftovers
from podcast import pipeline
from podcast.audio import export
from podcast.config import load_show
from podcast.errors import (
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_QA,
    AudioError,
    ConfigError,
    DependencyError,
    DiskSpaceError,
    InputError,
    PublishError,
    QAError,
    SubprocessError,
    TTSError,
)
from podcast.ingest import read_recap
from podcast.jobs import nightly, retries
from podcast.jobs.events import EventLog
from podcast.jobs.housekeeping import check_free_space
from podcast.models import VoiceProfile
from podcast.publish.statedir import default_state_dir, live_work_folders
from podcast.script.planner import plan
from podcast.tts import base
from podcast.tts.cache import SegmentCache
from podcast.tts.fake import FakeEngine
from podcast.util import subproc

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)


class BrokenEngine(FakeEngine):
    """The fake engine, except that it crashes on every text that says "kaboom"."""

    name = "broken"

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"broken/{profile.name}"

    def synthesize(self, text: str):  # type: ignore[no-untyped-def]
        if "kaboom" in text.lower():
            raise RuntimeError("the engine crashed")
        return super().synthesize(text)


def recap(day: int, variant: str = "Technology led, while small caps slipped.") -> str:
    return RECAP.format(
        title=f"Day {day}: Stocks Edge Higher",
        date=f"2026-11-{day:02d}",
        slug=f"day-{day}",
        variant=variant,
    )


def run_nightly(inbox: Path, out: Path, cache: Path, show=SHOW, **kw):  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    summary = nightly.run(
        inbox, out, show, SegmentCache(cache), log=EventLog(stream, tty=False), retry_base_s=0.01,
        **kw,
    )  # fmt: skip
    return summary, [json.loads(line) for line in stream.getvalue().splitlines()]


def nightly_args(inbox: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out", str(out),
        "--show", str(FAKE_SHOW), "--cache-dir", str(cache), *extra,
    ]  # fmt: skip


# -- retries -----------------------------------------------------------------------------------


def test_only_transient_errors_are_retried_and_the_backoff_doubles() -> None:
    transient = [
        TTSError("engine"), SubprocessError("ffmpeg"), OSError(errno.EIO, "i/o"),
        TimeoutError("slow"),
    ]  # fmt: skip
    final = [
        InputError("bad"), QAError("loud"), ConfigError("show"), DependencyError("ffmpeg"),
        PublishError("feed"), OSError(errno.ENOSPC, "full"), OSError(errno.EDQUOT, "quota"),
        ValueError("bug"), AudioError("the mixdown is silent"), OSError(errno.EROFS, "ro"),
        TTSError("segment failed 3 times", transient=False),
    ]  # fmt: skip
    assert all(retries.is_transient(e) for e in transient)
    assert not any(retries.is_transient(e) for e in final)
    assert [retries.backoff_s(n, 2.0) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert retries.backoff_s(30, 2.0) == retries.MAX_DELAY_S

    slept: list[float] = []
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise SubprocessError("ffmpeg exited with 1")
        return "ok"

    assert retries.with_retries(flaky, base_s=0.5, sleep=slept.append) == ("ok", 3)
    assert slept == [0.5, 1.0]

    calls.clear()
    slept.clear()

    def dead() -> None:
        calls.append(1)
        raise TTSError("engine crashed")

    with pytest.raises(TTSError):
        retries.with_retries(dead, base_s=0.5, sleep=slept.append)
    assert len(calls) == retries.MAX_ATTEMPTS == 3 and slept == [0.5, 1.0]

    calls.clear()
    slept.clear()

    def bad() -> None:
        calls.append(1)
        raise InputError("empty recap")

    with pytest.raises(InputError):
        retries.with_retries(bad, base_s=0.5, sleep=slept.append)
    assert len(calls) == 1 and slept == []


def test_an_ffmpeg_error_is_retried_with_backoff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "recap.md").write_text(recap(3))
    real_pipe, failures = export.pipe, [1]

    def ffmpeg_fails_once(args, **kw):  # type: ignore[no-untyped-def]
        if args[0] == "ffmpeg" and failures:
            failures.pop()
            raise SubprocessError("ffmpeg exited with 1: Conversion failed!")
        return real_pipe(args, **kw)

    monkeypatch.setattr(export, "pipe", ffmpeg_fails_once)
    summary, events = run_nightly(inbox, out, cache)
    (outcome,) = summary.outcomes
    assert outcome.status == "published" and outcome.attempts == 2
    (retry,) = [e for e in events if e["event"] == "retry"]
    assert retry["attempt"] == 1 and retry["delay_s"] == 0.01
    assert "ffmpeg exited with 1" in retry["error"]
    assert summary.exit_code == EXIT_OK


def test_a_crashing_engine_is_retried_and_a_dead_one_fails_only_its_recap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(base.REGISTRY, "flaky", "tests.faulty_engine:FlakyEngine")
    monkeypatch.setitem(base.REGISTRY, "broken", "tests.test_nightly_faults:BrokenEngine")
    marks = tmp_path / "marks"
    marks.mkdir()
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "b.md").write_text(recap(5))
    # Every text crashes the engine the first time it is spoken: the pool retries each segment.
    flaky = dataclasses.replace(
        SHOW, voices={**SHOW.voices, "fake": VoiceProfile("fake", "flaky", voice=str(marks))}
    )
    summary, events = run_nightly(inbox, out, cache, show=flaky)
    (b,) = summary.outcomes
    assert b.status == "published" and b.attempts == 1
    assert len(list(marks.iterdir())) == b.segments  # each segment did crash once

    # An engine that always crashes on one recap: the pool tries the segment 3 times, then the
    # recap fails alone; the nightly does not run what the pool gave up on again.
    broken = dataclasses.replace(
        SHOW, voices={**SHOW.voices, "fake": VoiceProfile("fake", "broken")}
    )
    (inbox / "a.md").write_text(recap(4, "Kaboom, technology led while small caps slipped."))
    (inbox / "b.md").write_text(recap(5, "Energy led, while utilities slipped."))
    published = published_snapshot(out)
    summary, events = run_nightly(inbox, out, cache, show=broken)
    a, b = summary.outcomes
    assert a.status == "failed" and a.attempts == 1
    assert "failed 3 times" in (a.error or "") and "the engine crashed" in (a.error or "")
    assert [e["attempt"] for e in events if e["event"] == "retry"] == []
    assert b.status == "published"
    assert summary.exit_code == EXIT_PARTIAL
    changed = {k for k in published_snapshot(out) if published_snapshot(out)[k] != published.get(k)}
    assert not any("2026-11-04" in k for k in changed)  # a's episode untouched


def test_bad_input_and_a_qa_refusal_are_never_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(base.REGISTRY, "hole", "tests.faulty_engine:HoleEngine")
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a-empty.md").write_bytes(b"")
    (inbox / "b-holey.md").write_text(recap(6, "Kerplunk, technology led while caps slipped."))
    calls: list[str] = []
    real_render = pipeline.render

    def counting(article, *a, **kw):  # type: ignore[no-untyped-def]
        calls.append(article.name)
        return real_render(article, *a, **kw)

    monkeypatch.setattr(pipeline, "render", counting)
    holey = dataclasses.replace(SHOW, voices={**SHOW.voices, "fake": VoiceProfile("fake", "hole")})
    summary, events = run_nightly(inbox, out, cache, show=holey)
    assert calls == ["a-empty.md", "b-holey.md"]
    assert not [e for e in events if e["event"] == "retry"]
    a, b = summary.outcomes
    assert (a.exit_code, b.exit_code) == (EXIT_INPUT, EXIT_QA)
    assert "silence" in (b.error or "")
    assert summary.exit_code == EXIT_PARTIAL
    assert published_snapshot(out) == {}  # nothing published, not even a feed
    (inbox / "a-empty.md").unlink()
    summary, _ = run_nightly(inbox, out, cache, show=holey)
    assert summary.exit_code == EXIT_QA  # the only recap: the QA gate refused it


# -- external programs -------------------------------------------------------------------------


def test_a_timed_out_program_is_killed_with_its_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    started = time.monotonic()
    with pytest.raises(SubprocessError, match=r"timed out after 1 s and was killed"):
        subproc.run(["sh", "-c", f"sleep 300 & echo $! > {pid_file}; wait"], timeout=1.0)
    assert time.monotonic() - started < 10
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        state = Path(f"/proc/{grandchild}/stat").read_text().split()[2]
        if state == "Z":  # killed, waiting for its reaper
            break
        time.sleep(0.05)
    else:
        pytest.fail("the program's own child survived the timeout")


# -- disk and temp files -----------------------------------------------------------------------


def test_free_disk_is_checked_before_rendering(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(7))
    (inbox / "b.md").write_text(recap(8))
    proc = subprocess.run(
        nightly_args(inbox, out, cache, "--min-free-mb", "1e12"),
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == EXIT_ENVIRONMENT, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines()]
    (failed,) = [e for e in events if e["event"] == "failed"]
    assert failed["source"] == "a.md" and failed["exit_code"] == EXIT_ENVIRONMENT
    assert "MB free on the disk of OUT" in failed["error"] and "at least" in failed["error"]
    assert "render_start" not in [e["event"] for e in events]
    lines = proc.stdout.splitlines()
    assert "1 not attempted" in lines[0] and lines[2].lstrip().startswith("not attempted  b.md")
    assert published_snapshot(out) == {} and not cache.exists()

    with pytest.raises(DiskSpaceError, match=r"only \d+ MB free on the disk of the cache"):
        check_free_space([("the cache", tmp_path / "not" / "yet")], 1e12)
    check_free_space([("OUT", tmp_path)], 1.0)


def test_temp_files_of_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    stale = [
        out / ".work-abc123" / "episode.mp3",
        out / ".work-abc123" / ".export-x" / "master.wav",
        out / ".feed.xml.k2j3.tmp",
        out / "static" / ".player.js.x1.tmp",
        out / "episodes" / "2026-11-09-x" / ".episode.mp3.4242.tmp",
    ]
    kept = [out / "keep.tmp", out / "episodes" / "2026-11-09-x" / "episode.mp3", out / ".other"]
    for path in stale + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    summary, events = run_nightly(inbox, out, tmp_path / "cache")
    assert summary.exit_code == EXIT_OK
    assert not any(p.exists() for p in stale) and not (out / ".work-abc123").exists()
    assert all(p.exists() for p in kept)
    (cleanup,) = [e for e in events if e["event"] == "cleanup"]
    assert cleanup["removed"] == 4


# -- SIGKILL and SIGTERM -----------------------------------------------------------------------


class _Lines(threading.Thread):
    """Collects a pipe's lines as they come."""

    def __init__(self, pipe) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.pipe, self.lines = pipe, []  # type: ignore[var-annotated]

    def run(self) -> None:
        for line in self.pipe:
            self.lines.append(line)

    def seen(self, event: str, source: str) -> bool:
        return any(
            f'"event": "{event}"' in ln and f'"source": "{source}"' in ln for ln in self.lines
        )


def _segments(article: Path) -> set[str]:
    return {s.text for s in plan(read_recap(article), SHOW).segments}


def test_sigkill_mid_render_then_a_new_run_finishes_from_the_cache(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(9))
    (inbox / "b.md").write_text(recap(10, "Health care led, while banks slipped."))
    texts = _segments(inbox / "a.md") | _segments(inbox / "b.md")
    watcher = FeedWatcher(out)
    watcher.start()
    try:
        proc = subprocess.Popen(
            nightly_args(inbox, out, cache), cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines = _Lines(proc.stderr)
        lines.start()
        deadline = time.monotonic() + 120
        # Kill once every segment of b is in the cache, while b is mixed, encoded or checked.
        while time.monotonic() < deadline and not (
            lines.seen("render_start", "b.md") and len(list(cache.rglob("*.wav"))) >= len(texts)
        ):
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        lines.join(10)
        assert not lines.seen("published", "b.md")
        assert feed_state(out).episode_ids == ["2026-11-09-day-9"]

        again = subprocess.run(
            [*nightly_args(inbox, out, cache), "--json"], cwd=ROOT, capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
    finally:
        watcher.stop()
    assert again.returncode == EXIT_OK, again.stderr
    summary = json.loads(again.stdout)
    a, b = summary["recaps"]
    assert a["status"] == "unchanged"
    assert b["status"] == "published" and b["cache_hits"] == b["segments"]
    state = feed_state(out)
    assert not state.problems
    assert sorted(state.episode_ids) == ["2026-11-09-day-9", "2026-11-10-day-10"]
    assert temp_leftovers(out) == []
    assert watcher.parsed > 10 and watcher.problems == []


def test_sigterm_stops_cleanly_and_the_next_run_carries_on(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(15))
    proc = subprocess.Popen(
        nightly_args(inbox, out, cache), cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = _Lines(proc.stderr)
    lines.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(cache.rglob("*.wav")):
        assert proc.poll() is None, "the run ended before it could be stopped"
        time.sleep(0.005)
    assert live_work_folders(default_state_dir(out))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    lines.join(10)
    assert proc.returncode == 130
    assert lines.lines[-1].startswith("error: interrupted")
    end = json.loads(lines.lines[-2])
    assert end["event"] == "run_end" and end["exit_code"] == 130
    assert temp_leftovers(out) == []  # its work folder went with it
    summary, _ = run_nightly(inbox, out, cache)
    assert [o.status for o in summary.outcomes] == ["published"]
