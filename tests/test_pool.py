"""The TTS pool: order kept, cache hits skipped, failures retried then named, hung engines killed
with their whole process group, and missing voices reported before anything renders."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from podcast.config import load_show
from podcast.errors import ConfigError, TTSError
from podcast.models import Segment, VoiceProfile
from podcast.tts import base, pool
from podcast.tts.cache import SegmentCache
from podcast.util.wav import read_wav

ROOT = Path(__file__).resolve().parents[1]


def show_with(profile: VoiceProfile):
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    voices = {**show.voices, profile.name: profile}
    return dataclasses.replace(show, voices=voices, roles=dict.fromkeys(show.roles, profile.name))


def segments(n: int, words: int = 3, marker: str = "") -> list[Segment]:
    return [
        Segment(f"s{i:02d}", "snapshot", "host", " ".join([f"word{i}"] * (words + i)) + marker)
        for i in range(n)
    ]


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(base.REGISTRY, "flaky", "tests.faulty_engine:FlakyEngine")
    monkeypatch.setitem(base.REGISTRY, "hanging", "tests.faulty_engine:HangingEngine")


def test_pool_keeps_order_and_durations(tmp_path: Path) -> None:
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    segs = segments(12)
    rendered = pool.render_segments(segs, show, SegmentCache(tmp_path), workers=2)
    assert [r.segment.id for r in rendered] == [s.id for s in segs]
    wpm = show.voices["fake"].words_per_minute
    for r in rendered:
        assert r.duration_s == pytest.approx(len(r.segment.text.split()) * 60 / wpm, abs=0.01)
        samples, rate = read_wav(r.wav)
        assert len(samples) / rate == pytest.approx(r.duration_s)
        assert not r.cached
    again = pool.render_segments(segs, show, SegmentCache(tmp_path), workers=2)
    assert all(r.cached for r in again)
    assert [r.wav for r in again] == [r.wav for r in rendered]


def test_inline_and_pool_give_the_same_files(tmp_path: Path) -> None:
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    segs = segments(6)
    a = pool.render_segments(segs, show, SegmentCache(tmp_path / "a"), workers=0)
    b = pool.render_segments(segs, show, SegmentCache(tmp_path / "b"), workers=2)
    assert [x.wav.read_bytes() for x in a] == [y.wav.read_bytes() for y in b]


def test_transient_failures_are_retried(tmp_path: Path, registered: None) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    show = show_with(VoiceProfile("flaky", "flaky", voice=str(marks)))
    rendered = pool.render_segments(segments(4), show, SegmentCache(tmp_path / "c"), workers=2)
    assert len(rendered) == 4 and len(list(marks.iterdir())) == 4


def test_persistent_failure_names_segment_and_error(tmp_path: Path, registered: None) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    show = show_with(VoiceProfile("flaky", "flaky", voice=str(marks)))
    segs = [*segments(2), Segment("bad-one", "macro", "host", "this will ALWAYS-FAIL")]
    with pytest.raises(TTSError, match=r"bad-one.*flaky.*3 times.*rejected this text"):
        pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=2)


def test_hung_engine_is_killed_with_its_process_group(
    tmp_path: Path, registered: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setattr(pool, "time_limit_s", lambda text: 1.5)
    show = show_with(VoiceProfile("hanging", "hanging", voice=str(pids)))
    segs = [*segments(2), Segment("stuck", "macro", "host", "please HANG here")]
    started = time.monotonic()
    with pytest.raises(TTSError, match=r"stuck.*timed out"):
        pool.render_segments(segs, show, SegmentCache(tmp_path / "c"), workers=2)
    assert time.monotonic() - started < 30
    children = [int(p.stem) for p in pids.glob("*.pid")]
    assert len(children) == pool.MAX_ATTEMPTS
    time.sleep(0.3)
    for pid in children:  # the engine's own child died with the worker's process group
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_missing_engine_or_profile_fails_before_rendering(tmp_path: Path) -> None:
    show = show_with(VoiceProfile("ghost", "no-such-engine"))
    cache = SegmentCache(tmp_path / "c")
    with pytest.raises(ConfigError, match="unknown engine 'no-such-engine'"):
        pool.render_segments(segments(2), show, cache)
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").rglob("*.wav"))
    hibari_missing = show_with(VoiceProfile("british", "hibari", voice="emma"))
    with pytest.raises(ConfigError, match="downloaded at run time"):
        pool.render_segments(segments(1), hibari_missing, cache)


def test_time_limit_scales_with_text() -> None:
    assert pool.time_limit_s("x" * 2000) > pool.time_limit_s("x" * 10) > 0


def test_stale_temp_files_are_swept(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    stale = tmp_path / "tts" / "ab" / ".abc.wav.123.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"RIFF partial")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    assert cache.sweep() == 1 and not stale.exists()
