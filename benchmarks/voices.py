"""One voice profile reading the script: real-time factor (median of runs) and round-trip WER."""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from benchmarks.asr import WHISPER_RATE, join_16k, transcribe
from benchmarks.diffs import SegmentScore, score_segments
from benchmarks.machine import other_load, snapshot, wait_for_quiet
from benchmarks.wer import Alignment
from podcast.models import Segment, VoiceProfile
from podcast.tts.base import Speech, load_engine


@dataclass(frozen=True)
class WerResult:
    """A transcript scored against the texts it read, with the worst segments for a diff."""

    wer: float
    words: int
    hypothesis: str
    transcribe_s: float
    confusions: list[tuple[str, int]]
    worst: list[SegmentScore]


@dataclass
class VoiceResult:
    """What one profile measured; `error` says why a profile could not be measured at all."""

    profile: str
    engine: str
    voice: str | None
    load_s: float = 0.0
    synth_runs_s: list[float] = field(default_factory=list)
    audio_s: float = 0.0
    rtf_runs: list[float] = field(default_factory=list)
    other_load_runs: list[float | None] = field(default_factory=list)
    wer_scope: str = ""
    scored: WerResult | None = None
    error: str | None = None

    @property
    def rtf_median(self) -> float | None:
        return statistics.median(self.rtf_runs) if self.rtf_runs else None

    @property
    def wer(self) -> float | None:
        return self.scored.wer if self.scored else None


@dataclass(frozen=True)
class Heard:
    """What Whisper heard of segments spoken in order, aligned with their text."""

    hypothesis: str
    transcribe_s: float
    audio_s: float
    alignment: Alignment
    scores: list[SegmentScore]


def hear(
    segments: Sequence[Segment],
    speeches: Sequence[Speech],
    respelled: Mapping[str, str] | None = None,
) -> Heard:
    """Join the speeches (each followed by its segment's pause), transcribe once, align with the
    segments' texts and score each segment (`respelled`: see `diffs.score_segments`)."""
    audio = join_16k(zip(speeches, (s.pause_ms for s in segments), strict=True))
    start = time.perf_counter()
    hypothesis = transcribe(audio)
    took = time.perf_counter() - start
    alignment, scores = score_segments(
        [s.id for s in segments], [s.text for s in segments], hypothesis, respelled
    )
    return Heard(hypothesis, took, len(audio) / WHISPER_RATE, alignment, scores)


def round_trip(
    segments: Sequence[Segment], speeches: Sequence[Speech], worst: int = 5
) -> WerResult:
    """Join the speeches (with each segment's pause), transcribe once, score per segment."""
    heard = hear(segments, speeches)
    ranked = sorted((s for s in heard.scores if s.errors), key=lambda s: (-s.errors, -s.wer))
    return WerResult(
        wer=heard.alignment.wer,
        words=heard.alignment.ref_words,
        hypothesis=heard.hypothesis,
        transcribe_s=heard.transcribe_s,
        confusions=heard.alignment.confusions().most_common(15),
        worst=ranked[:worst],
    )


def time_voice(
    profile: VoiceProfile, segments: Sequence[Segment], *, runs: int, quiet_wait_s: float = 0.0
) -> tuple[VoiceResult, dict[str, Speech]]:
    """Load the engine once (untimed), time `runs` syntheses of every segment.

    Returns the first run's audio by segment id, for `score_voice`.
    """
    result = VoiceResult(profile.name, profile.engine, profile.voice)
    try:
        start = time.perf_counter()
        engine = load_engine(profile)
        result.load_s = time.perf_counter() - start
    except Exception as exc:  # a missing backend is a result to report, not a crash
        result.error = f"cannot load: {type(exc).__name__}: {exc}"
        return result, {}
    first: dict[str, Speech] = {}
    for run in range(runs):
        took = 0.0
        audio = 0.0
        wait_for_quiet(quiet_wait_s)
        before = snapshot()
        for seg in segments:
            start = time.perf_counter()
            try:
                speech = engine.synthesize(seg.text)
            except Exception as exc:
                result.error = f"run {run + 1}, segment {seg.id}: {type(exc).__name__}: {exc}"
                return result, {}
            took += time.perf_counter() - start
            audio += speech.duration_s
            if run == 0:
                first[seg.id] = speech
        result.other_load_runs.append(other_load(before, snapshot()))
        result.synth_runs_s.append(took)
        result.audio_s = audio
        result.rtf_runs.append(took / audio if audio > 0 else float("inf"))
    return result, first


def score_voice(
    result: VoiceResult, audio: dict[str, Speech], segments: Sequence[Segment], scope: str
) -> None:
    """The WER of the voice reading `segments` (all of the script, or a subset), joined."""
    if audio:
        result.scored = round_trip(segments, [audio[s.id] for s in segments])
        result.wer_scope = scope
