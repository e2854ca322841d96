"""The whole episode with the default show: pool versus single-process TTS time, episode WER."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.machine import other_load, snapshot, wait_for_quiet
from benchmarks.voices import WerResult, round_trip
from podcast.config import ShowConfig
from podcast.models import RenderedSegment, Segment
from podcast.tts.base import Speech
from podcast.tts.cache import SegmentCache
from podcast.tts.pool import render_segments
from podcast.util.wav import read_wav


@dataclass
class EpisodeResult:
    roles: dict[str, str]
    pool_runs_s: list[float] = field(default_factory=list)
    single_runs_s: list[float] = field(default_factory=list)
    pool_other_load: list[float | None] = field(default_factory=list)
    single_other_load: list[float | None] = field(default_factory=list)
    audio_s: float = 0.0
    wer: WerResult | None = None
    voices_used: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def pool_median(self) -> float | None:
        return statistics.median(self.pool_runs_s) if self.pool_runs_s else None

    @property
    def single_median(self) -> float | None:
        return statistics.median(self.single_runs_s) if self.single_runs_s else None

    @property
    def ratio(self) -> float | None:
        pool, single = self.pool_median, self.single_median
        return pool / single if pool is not None and single else None


def _timed(
    segments: Sequence[Segment], show: ShowConfig, workers: int | None, quiet_wait_s: float
) -> tuple[float, float | None, list[Speech], list[RenderedSegment]]:
    """One render into a fresh, empty cache: its time, the machine's other load, the audio."""
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        wait_for_quiet(quiet_wait_s)
        before = snapshot()
        start = time.perf_counter()
        rendered = render_segments(segments, show, SegmentCache(Path(tmp)), workers=workers)
        took = time.perf_counter() - start
        load = other_load(before, snapshot())
        if any(r.cached for r in rendered):
            raise RuntimeError("a fresh cache returned cached segments")
        speeches = [Speech(*read_wav(r.wav)) for r in rendered]
    return took, load, speeches, rendered


def time_episode(
    segments: Sequence[Segment], show: ShowConfig, *, runs: int, quiet_wait_s: float = 0.0
) -> tuple[EpisodeResult, list[Speech]]:
    """Interleave pool and single renders (pool, single, ...); the last single run's audio.

    Run this before Whisper is loaded: the pool forks, and a small parent forks fastest.
    """
    result = EpisodeResult(roles=dict(show.roles))
    speeches: list[Speech] = []
    rendered: list[RenderedSegment] = []
    try:
        for _ in range(runs):
            took, load, _audio, _ = _timed(segments, show, None, quiet_wait_s)
            result.pool_runs_s.append(took)
            result.pool_other_load.append(load)
            took, load, speeches, rendered = _timed(segments, show, 0, quiet_wait_s)
            result.single_runs_s.append(took)
            result.single_other_load.append(load)
    except Exception as exc:
        result.error = f"render failed: {type(exc).__name__}: {exc}"
        return result, []
    for r in rendered:
        result.voices_used[r.voice] = result.voices_used.get(r.voice, 0) + 1
    result.audio_s = sum(s.duration_s for s in speeches)
    return result, speeches


def score_episode(
    result: EpisodeResult, segments: Sequence[Segment], speeches: Sequence[Speech]
) -> None:
    """The episode read in order (each segment in its role's voice), transcribed once."""
    if speeches:
        result.wer = round_trip(segments, speeches)
