"""Retries that know what they retry: an error keeps its class across the pool's process boundary,
only a transient one is tried again, and a segment is spoken at most 3 times in a whole nightly run
(the pool is the one layer that retries speech; the nightly never re-runs what it gave up on)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.soak import RECAP, published_snapshot
from podcast.audio import master
from podcast.config import load_show
from podcast.errors import (
    EXIT_ENVIRONMENT,
    AudioError,
    ConfigError,
    DiskSpaceError,
    PodcastError,
    SubprocessError,
    TTSError,
)
from podcast.jobs import nightly, retries
from podcast.jobs.events import EventLog
from podcast.models import Segment, VoiceProfile
from podcast.tts import base, pool
from podcast.tts.cache import SegmentCache
from tests.faulty_engine import attempts

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)


def recap(day: int, variant: str) -> str:
    return RECAP.format(
        title=f"Day {day}: Stocks Edge Higher",
        date=f"2026-11-{day:02d}",
        slug=f"day-{day}",
        variant=variant,
    )


@pytest.fixture
def counting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A show whose every role speaks through CountingEngine; its attempt log's folder."""
    monkeypatch.setitem(base.REGISTRY, "counting", "tests.faulty_engine:CountingEngine")
    folder = tmp_path / "attempts"
    folder.mkdir()
    profile = VoiceProfile("fake", "counting", voice=str(folder))
    return dataclasses.replace(SHOW, voices={**SHOW.voices, "fake": profile}), folder


def segment(sid: str, text: str) -> Segment:
    return Segment(sid, "snapshot", "host", text)


def run_nightly(inbox: Path, out: Path, cache: Path, show=SHOW):  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    summary = nightly.run(
        inbox, out, show, SegmentCache(cache), log=EventLog(stream, tty=False), retry_base_s=0.01
    )
    return summary, [json.loads(line) for line in stream.getvalue().splitlines()]


# -- the class of an error crosses the process boundary ------------------------------------------


@pytest.mark.parametrize("workers", [2, 0])
def test_a_deterministic_error_keeps_its_class_and_is_tried_once(
    tmp_path: Path, counting, workers: int
) -> None:
    show, folder = counting
    segs = [segment("s1", "plain words here"), segment("bad", "please say gibberish now")]
    with pytest.raises(ConfigError, match=r"segment bad \(fake, engine counting\).*gibberish"):
        pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=workers)
    assert attempts(folder).count("please say gibberish now") == 1


def test_a_full_disk_in_a_worker_is_the_machines_fault_tried_once(tmp_path: Path, counting) -> None:
    show, folder = counting
    segs = [segment("full", "write this diskfull please")]
    with pytest.raises(DiskSpaceError, match=r"segment full .*the disk is full") as err:
        pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=2)
    assert err.value.exit_code == EXIT_ENVIRONMENT and not err.value.transient
    assert len(attempts(folder)) == 1


@pytest.mark.parametrize("workers", [2, 0])
def test_a_crash_is_retried_and_the_pools_give_up_is_final(
    tmp_path: Path, counting, workers: int
) -> None:
    show, folder = counting
    segs = [segment("ok", "plain words here"), segment("boom", "it goes kaboom today")]
    with pytest.raises(TTSError, match=r"segment boom .*failed 3 times.*the engine crashed") as err:
        pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=workers)
    assert not err.value.transient  # the nightly must not run the segment again
    assert not retries.is_transient(err.value)
    assert attempts(folder).count("it goes kaboom today") == pool.MAX_ATTEMPTS == 3


def test_a_killed_worker_is_retried_and_succeeds(tmp_path: Path, counting) -> None:
    show, folder = counting
    segs = [segment("a", "plain words here"), segment("b", "it may fizzle out today")]
    rendered = pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=2)
    assert [r.segment.id for r in rendered] == ["a", "b"]
    assert attempts(folder).count("it may fizzle out today") == 2


def test_portable_errors_survive_pickling_with_their_class() -> None:
    import pickle

    for exc, cls, transient in [
        (ConfigError("no such voice"), ConfigError, False),
        (RuntimeError("model blew up"), TTSError, True),
        (OSError(28, "No space left on device"), DiskSpaceError, False),
        (OSError(5, "Input/output error"), TTSError, True),
        (SubprocessError("espeak-ng timed out"), SubprocessError, True),
        (TTSError("gave up", transient=False), TTSError, False),
    ]:
        sent = pool.portable_error(exc)
        back = pickle.loads(pickle.dumps(sent))
        assert type(back) is cls and back.transient is transient, exc
        assert str(back) == str(sent)


def test_what_is_transient() -> None:
    transient: list[BaseException] = [
        TTSError("engine crashed"), SubprocessError("timed out"), OSError(5, "i/o"),
        TimeoutError("slow"),
    ]  # fmt: skip
    final: list[BaseException] = [
        AudioError("the mixdown is silent"), ConfigError("x"), DiskSpaceError("full"),
        TTSError("segment failed 3 times", transient=False), OSError(30, "read-only"),
        OSError(13, "permission denied"), PodcastError("bug"), ValueError("bug"),
    ]  # fmt: skip
    assert all(retries.is_transient(e) for e in transient)
    assert not any(retries.is_transient(e) for e in final)


# -- in a whole nightly run ------------------------------------------------------------------------

WRAPPER = textwrap.dedent(
    """
    import sys
    from podcast.tts import base
    base.REGISTRY["counting"] = "tests.faulty_engine:CountingEngine"
    from podcast.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_a_failing_segment_is_spoken_at_most_3_times_in_a_whole_nightly(tmp_path: Path) -> None:
    folder = tmp_path / "attempts"
    voices = tmp_path / "voices"
    folder.mkdir()
    voices.mkdir()
    shutil.copy(ROOT / "voices" / "lexicon.toml", voices)
    (voices / "fake.toml").write_text(f'name = "fake"\nengine = "counting"\nvoice = "{folder}"\n')
    show = tmp_path / "show.toml"
    show.write_text(
        FAKE_SHOW.read_text().replace('voices_dir = "../../voices"', f'voices_dir = "{voices}"')
    )
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(4, "Kaboom, technology led while small caps slipped."))
    (inbox / "b.md").write_text(recap(5, "Energy led, while utilities slipped."))
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, "nightly", "--inbox", str(inbox), "--out", str(out),
         "--show", str(show), "--cache-dir", str(cache), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PODCAST_RETRY_BASE_S": "0.01"},
    )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    summary = json.loads(proc.stdout.splitlines()[-1])
    a, b = summary["recaps"]
    assert (a["status"], b["status"]) == ("failed", "published")
    assert a["attempts"] == 1 and "failed 3 times" in a["error"]
    events = [json.loads(line) for line in proc.stderr.splitlines()]
    assert not [e for e in events if e["event"] == "retry"]
    spoken = attempts(folder)
    failing = [t for t in spoken if "kaboom" in t.lower()]
    assert failing and all(spoken.count(t) <= 3 for t in spoken)
    assert {spoken.count(t) for t in failing} == {3}
    assert "2026-11-04" not in json.dumps(published_snapshot(out))


def test_a_silent_mixdown_is_not_retried_but_an_ffmpeg_crash_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(6, "Technology led, while small caps slipped."))
    calls: list[int] = []
    real = master.master_stream

    def silent(*a, **kw):  # type: ignore[no-untyped-def]
        calls.append(1)
        raise AudioError("the mixdown is silent; check the voices' rendered audio")

    monkeypatch.setattr(master, "master_stream", silent)
    summary, events = run_nightly(inbox, out, cache)
    (a,) = summary.outcomes
    assert a.status == "failed" and a.attempts == 1 and len(calls) == 1
    assert not [e for e in events if e["event"] == "retry"]

    def crashes_once(*a, **kw):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise SubprocessError("ffmpeg was killed by signal 9")
        return real(*a, **kw)

    monkeypatch.setattr(master, "master_stream", crashes_once)
    summary, events = run_nightly(inbox, out, cache)
    (a,) = summary.outcomes
    assert a.status == "published" and a.attempts == 2
    assert [e["attempt"] for e in events if e["event"] == "retry"] == [1]
