"""Render segments in parallel on the worker pool (util/workers.py): each voice loaded once per
worker process and kept warm for every later segment (and, on a cluster, every later episode), the
script's order kept, hung engines killed. The pool is the only layer that retries speech, so its
final failure is final for the caller too (never transient)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from podcast.config import ShowConfig
from podcast.errors import PodcastError, TTSError
from podcast.models import RenderedSegment, Segment, VoiceProfile
from podcast.tts.base import Engine, describe_voice, load_engine
from podcast.tts.cache import SegmentCache, cache_key
from podcast.tts.trim import proportional_spans
from podcast.util.sentences import split_sentences
from podcast.util.wav import wav_info
from podcast.util.workers import MAX_ATTEMPTS, Task, portable_error, run_tasks

__all__ = ["MAX_ATTEMPTS", "SpeakTask", "portable_error", "render_segments", "time_limit_s"]

_ENGINES: dict[str, Engine] = {}  # this process's loaded voices, by profile name and identity
_ENGINES_LOCK = threading.Lock()


def time_limit_s(text: str) -> float:
    """How long one segment may take, loading its voice included, before its worker is killed."""
    return 60.0 + 0.2 * len(text)


def warm_engine(profile: VoiceProfile, identity: str) -> Engine:
    """The voice loaded once in this process and kept for every later segment it speaks."""
    slot = f"{profile.name}\n{identity}"
    with _ENGINES_LOCK:
        engine = _ENGINES.get(slot)
        if engine is None:
            engine = _ENGINES[slot] = load_engine(profile)
        return engine


@dataclass(frozen=True)
class SpeakTask:
    """One segment to synthesize into the cache (a task for util/workers.py or a cluster)."""

    index: int
    segment: Segment
    profile: VoiceProfile
    identity: str
    key: str
    cache: SegmentCache
    group: int = 0

    def run(self) -> Any:
        if self.cache.get(self.key) is not None:  # another task (or a lost worker) made it
            return None
        engine = warm_engine(self.profile, self.identity)
        speech = engine.synthesize(self.segment.text)
        if speech.samples.size == 0 or not speech.duration_s > 0:
            raise TTSError(f"engine {engine.name} returned no audio")
        self.cache.put(self.key, speech)
        return None

    def limit_s(self) -> float:
        return time_limit_s(self.segment.text)

    def where(self) -> str:
        return f"segment {self.segment.id} ({self.profile.name}, engine {self.profile.engine})"


def speak_tasks(
    segments: Sequence[Segment], show: ShowConfig, cache: SegmentCache, group: int = 0
) -> tuple[list[SpeakTask], int]:
    """The segments missing from the cache as tasks (one per distinct text and voice), longest
    first so the pool finishes together; and how many segments the cache already holds."""
    profiles = {role: show.voice_for(role) for role in sorted({s.role for s in segments})}
    identities = {p.name: describe_voice(p) for p in profiles.values()}  # fails before speech
    tasks: dict[str, SpeakTask] = {}
    hits = 0
    for i, seg in enumerate(segments):
        profile = profiles[seg.role]
        identity = identities[profile.name]
        key = cache_key(seg.text, identity)
        if cache.get(key) is not None:
            hits += 1
        elif key not in tasks:
            tasks[key] = SpeakTask(i, seg, profile, identity, key, cache, group)
    ordered = sorted(tasks.values(), key=lambda t: -len(t.segment.text))
    return ordered, hits


def _raise_final(task: Task, result: Any, error: PodcastError | None) -> list[Task]:
    if error is not None:
        raise error
    return []


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def render_segments(
    segments: Sequence[Segment],
    show: ShowConfig,
    cache: SegmentCache,
    *,
    workers: int | None = None,
) -> list[RenderedSegment]:
    """Each segment to a WAV in the cache, in script order. `workers=None` sizes the pool to the
    machine; `workers=0` renders in this process. Only segments missing from the cache are spoken.
    """
    cache.sweep()
    tasks, _ = speak_tasks(segments, show, cache)
    if tasks:
        n = default_workers() if workers is None else workers
        run_tasks(tasks, min(n, len(tasks)), _raise_final)
    return collect(segments, show, cache, spoken=frozenset(t.key for t in tasks))


def collect(
    segments: Sequence[Segment],
    show: ShowConfig,
    cache: SegmentCache,
    *,
    spoken: frozenset[str] = frozenset(),
) -> list[RenderedSegment]:
    """Each segment's WAV in the cache, in script order, with its sentences' times; TTSError
    if one is missing (its speech did not finish). `spoken`: the keys synthesized by this run
    (the others count as cache hits)."""
    profiles = {role: show.voice_for(role) for role in sorted({s.role for s in segments})}
    identities = {p.name: describe_voice(p) for p in profiles.values()}
    out: list[RenderedSegment] = []
    for seg in segments:
        profile = profiles[seg.role]
        path = cache.get(cache_key(seg.text, identities[profile.name]))
        if path is None:
            raise TTSError(f"segment {seg.id}: no audio in the cache after rendering")
        rate, frames = wav_info(path)
        duration = frames / rate
        key = cache_key(seg.text, identities[profile.name])
        times = _sentence_times(seg.text, cache.spans(key), rate, duration)
        cached = key not in spoken
        out.append(RenderedSegment(seg, profile.name, path, duration, rate, cached, *times))
    return out


def _sentence_times(
    text: str, spans: list[tuple[int, int]], rate: int, duration_s: float
) -> tuple[tuple[str, ...], tuple[tuple[float, float], ...]]:
    """Each sentence and its (start, end) in seconds within the segment's audio."""
    sentences = tuple(split_sentences(text)) or (text,)
    if len(spans) != len(sentences):  # an engine that cannot report spans
        spans = list(proportional_spans(sentences, round(duration_s * rate)))
    return sentences, tuple((a / rate, b / rate) for a, b in spans)
