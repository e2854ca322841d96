"""Speak every segment of a script with its role's voice, from the cache when possible."""

from __future__ import annotations

from collections.abc import Sequence

from podcast.config import ShowConfig
from podcast.errors import PodcastError, TTSError
from podcast.models import RenderedSegment, Segment
from podcast.tts.base import Engine, load_engine
from podcast.tts.cache import SegmentCache, cache_key
from podcast.tts.wavio import wav_duration_s


def load_voices(show: ShowConfig, roles: Sequence[str]) -> dict[str, Engine]:
    """Load each profile used by `roles` once, before rendering, so a missing one fails early."""
    engines: dict[str, Engine] = {}
    for role in roles:
        profile = show.voice_for(role)
        if profile.name not in engines:
            engines[profile.name] = load_engine(profile)
    return engines


def render_segments(
    segments: Sequence[Segment], show: ShowConfig, cache: SegmentCache
) -> list[RenderedSegment]:
    """Each segment to a WAV in the cache, in script order."""
    engines = load_voices(show, sorted({s.role for s in segments}))
    out: list[RenderedSegment] = []
    for seg in segments:
        profile = show.voice_for(seg.role)
        engine = engines[profile.name]
        key = cache_key(seg.text, engine.identity())
        path = cache.get(key)
        cached = path is not None
        if path is None:
            try:
                speech = engine.synthesize(seg.text)
            except PodcastError:
                raise
            except Exception as exc:
                raise TTSError(
                    f"segment {seg.id}: engine {engine.name} failed: {type(exc).__name__}: {exc}"
                ) from exc
            if speech.duration_s <= 0:
                raise TTSError(f"segment {seg.id}: engine {engine.name} returned no audio")
            path = cache.put(key, speech)
        out.append(
            RenderedSegment(
                segment=seg,
                voice=profile.name,
                wav=path,
                duration_s=wav_duration_s(path),
                sample_rate=engine.sample_rate,
                cached=cached,
            )
        )
    return out
