"""Lay the episode out in one pass: speech with pauses and click-free joins, the intro sting and
outro bed under the voice with smooth ducking; one concatenation, linear in the episode's length."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyloudnorm as pyln
from scipy.io import wavfile
from scipy.signal import resample_poly

from podcast.errors import AudioError
from podcast.models import RenderedSegment

INTRO_LEAD_S = 4.0  # the intro speech starts this far into the sting
OUTRO_RING_S = 2.0  # the outro bed rings on this long after the last word
DUCK_RAMP_S = 0.3  # length of the gain ramps into and out of a duck
BRIDGE_GAP_S = 1.5  # music stays ducked across pauses shorter than this
SPEECH_LUFS = -20.0  # every segment is levelled here before mixing (mastering sets the final level)
MUSIC_DB = -4.0  # full-level music RMS relative to the active speech level
_NOMINAL_SPEECH_DB = -20.0  # assumed speech level when every segment is silent
_GATE_DB = -50.0  # 50 ms blocks quieter than this are not speech


@dataclass(frozen=True)
class Mixdown:
    """The assembled episode before mastering, and where each segment's speech landed."""

    samples: np.ndarray
    sample_rate: int
    segment_starts_s: list[float]
    segment_ends_s: list[float]
    speech_end_s: float
    duration_s: float


def assemble(
    segments: Sequence[RenderedSegment],
    *,
    sample_rate: int = 44100,
    intro: np.ndarray | None = None,
    outro: np.ndarray | None = None,
    intro_roles: Sequence[str] = ("announcer",),
    duck_db: float = 18.0,
    fade_ms: int = 10,
    music_db: float = MUSIC_DB,
    speech_lufs: float | None = SPEECH_LUFS,
    voice_gain_db: Mapping[str, float] | None = None,
    transition: np.ndarray | None = None,
) -> Mixdown:
    """Mix `segments` (in order, each followed by its pause) with optional intro and outro music.

    With an intro, a first segment whose role is in `intro_roles` starts INTRO_LEAD_S into the sting
    (otherwise speech follows the whole sting). The outro bed ends OUTRO_RING_S after the last word.
    Music sits `music_db` below the speech level and is ducked a further `duck_db` under speech.
    With `speech_lufs`, every segment is first levelled to that loudness plus its voice's
    `voice_gain_db`, so two engines (or two sentences of one) do not jump in level.
    With `transition`, a short chime plays in the pause between two body sections.
    """
    if not segments:
        raise AudioError("nothing to mix: the episode has no rendered segments")
    fade = max(0, round(fade_ms * sample_rate / 1000))
    voices = [_faded(read_wav(s.wav, sample_rate), fade) for s in segments]
    if speech_lufs is not None:
        offsets = [(voice_gain_db or {}).get(s.voice, 0.0) for s in segments]
        voices = level_voices(voices, sample_rate, speech_lufs, offsets)
    pauses = [max(0, round(s.segment.pause_ms * sample_rate / 1000)) for s in segments]
    chimes = _transition_points(segments) if transition is not None and len(transition) else []
    if transition is not None:
        room = len(transition) + round(0.3 * sample_rate)
        for i in chimes:
            pauses[i] = max(pauses[i], room)

    lead = 0
    if intro is not None and len(intro):
        in_intro = segments[0].segment.role in intro_roles
        lead = min(len(intro), round(INTRO_LEAD_S * sample_rate)) if in_intro else len(intro)
    starts: list[int] = []
    cursor = lead
    for voice, pause in zip(voices, pauses, strict=True):
        starts.append(cursor)
        cursor += len(voice) + pause
    ends = [s + len(v) for s, v in zip(starts, voices, strict=True)]
    total = max(cursor, len(intro) if intro is not None else 0)
    outro_at = 0
    if outro is not None and len(outro):
        ring = round(OUTRO_RING_S * sample_rate)
        outro_at = max(starts[-1], ends[-1] + ring - len(outro))
        total = max(total, outro_at + len(outro))

    parts: list[np.ndarray] = [np.zeros(lead, dtype=np.float32)]
    for voice, pause in zip(voices, pauses, strict=True):
        parts.append(voice)
        parts.append(np.zeros(pause, dtype=np.float32))
    parts.append(np.zeros(total - cursor, dtype=np.float32))
    out = np.concatenate(parts)

    level = 10.0 ** ((_speech_db(voices) + music_db) / 20.0)  # music RMS at full level
    spans = _bridged(list(zip(starts, ends, strict=True)), round(BRIDGE_GAP_S * sample_rate))
    ramp = max(1, round(DUCK_RAMP_S * sample_rate))
    if intro is not None and len(intro):
        _overlay(out, intro, 0, level, spans, ramp, duck_db)
    if outro is not None and len(outro):
        _overlay(out, outro, outro_at, level, spans, ramp, duck_db)
    if transition is not None:
        for i in chimes:
            _overlay(
                out, transition, ends[i] + round(0.15 * sample_rate), level, spans, ramp, duck_db
            )

    sr = float(sample_rate)
    return Mixdown(
        samples=out,
        sample_rate=sample_rate,
        segment_starts_s=[s / sr for s in starts],
        segment_ends_s=[e / sr for e in ends],
        speech_end_s=ends[-1] / sr,
        duration_s=len(out) / sr,
    )


_NOT_BODY = frozenset({"intro", "disclaimer", "outro"})


def _transition_points(segments: Sequence[RenderedSegment]) -> list[int]:
    """Indexes of segments after which a new body section starts (not into or out of the intro,
    disclaimer or outro)."""
    points = []
    for i in range(len(segments) - 1):
        a, b = segments[i].segment.section, segments[i + 1].segment.section
        if a != b and a not in _NOT_BODY and b not in _NOT_BODY:
            points.append(i)
    return points


def level_voices(
    voices: list[np.ndarray], sample_rate: int, target_lufs: float, offsets_db: Sequence[float]
) -> list[np.ndarray]:
    """Each voice at `target_lufs` + its offset (BS.1770 integrated loudness). A segment too short
    to measure takes the median gain of the others; gains are kept within ±20 dB."""
    meter = pyln.Meter(sample_rate)
    gains: list[float | None] = []
    for voice, offset in zip(voices, offsets_db, strict=True):
        loud = float("nan")
        if len(voice) > sample_rate:
            loud = float(meter.integrated_loudness(voice.astype(np.float64)))
        ok = np.isfinite(loud)
        gains.append(float(np.clip(target_lufs + offset - loud, -20, 20)) if ok else None)
    known = [g for g in gains if g is not None]
    fallback = float(np.median(known)) if known else 0.0
    return [
        (v * np.float32(10 ** ((g if g is not None else fallback) / 20))).astype(np.float32)
        for v, g in zip(voices, gains, strict=True)
    ]


def read_wav(path: Path, sample_rate: int) -> np.ndarray:
    """A WAV file as mono float32 in [-1, 1] at `sample_rate` (polyphase resampling if needed)."""
    try:
        rate, data = wavfile.read(path)
    except (OSError, ValueError) as exc:
        raise AudioError(f"cannot read segment audio {path}: {exc}; re-render the segment") from exc
    if data.dtype == np.int16:
        x = data.astype(np.float32) / 32768.0
    elif data.dtype == np.int32:
        x = data.astype(np.float32) / 2147483648.0
    elif data.dtype == np.uint8:
        x = (data.astype(np.float32) - 128.0) / 128.0
    elif data.dtype.kind == "f":
        x = data.astype(np.float32)
    else:
        raise AudioError(f"{path} has unsupported sample type {data.dtype}; write 16-bit PCM")
    if x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float32)
    if rate != sample_rate and len(x):
        g = math.gcd(int(rate), int(sample_rate))
        x = resample_poly(x, sample_rate // g, int(rate) // g).astype(np.float32)
    return np.ascontiguousarray(x, dtype=np.float32)


def _faded(x: np.ndarray, fade: int) -> np.ndarray:
    """Raised-cosine fade in and out over `fade` samples so a join never clicks."""
    n = min(fade, len(x) // 2)
    if n <= 0:
        return x
    ramp = (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)
    x = x.copy()
    x[:n] *= ramp
    x[len(x) - n :] *= ramp[::-1]
    return x


def _speech_db(voices: Sequence[np.ndarray]) -> float:
    """Active speech level (dBFS RMS over 50 ms blocks above a gate), linear in the total length."""
    block = 2205
    energy = 0.0
    count = 0
    gate = 10.0 ** (_GATE_DB / 10.0)
    for v in voices:
        k = len(v) // block
        if k == 0:
            continue
        ms = np.mean(np.square(v[: k * block].reshape(k, block), dtype=np.float64), axis=1)
        active = ms[ms > gate]
        energy += float(active.sum())
        count += len(active)
    if count == 0:
        return _NOMINAL_SPEECH_DB
    return 10.0 * math.log10(energy / count)


def _bridged(spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """Merge speech spans separated by less than `gap` samples."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _overlay(
    out: np.ndarray,
    music: np.ndarray,
    at: int,
    level: float,
    spans: Sequence[tuple[int, int]],
    ramp: int,
    duck_db: float,
) -> None:
    """Add `music` at sample `at`, its RMS at `level`, ducked by `duck_db` under speech spans."""
    m = min(len(music), len(out) - at)
    rms = float(np.sqrt(np.mean(np.square(music, dtype=np.float64))))
    if m <= 0 or rms == 0.0:
        return
    depth = np.zeros(m, dtype=np.float64)  # 0 = full level, 1 = fully ducked
    for s, e in spans:
        lo, hi = max(s - ramp, at), min(e + ramp, at + m)
        if lo >= hi:
            continue
        t = np.arange(lo, hi, dtype=np.float64)
        up = np.clip((t - (s - ramp)) / ramp, 0.0, 1.0)
        down = np.clip(((e + ramp) - t) / ramp, 0.0, 1.0)
        shape = np.minimum(up, down)
        shape = 0.5 - 0.5 * np.cos(np.pi * shape)
        depth[lo - at : hi - at] = np.maximum(depth[lo - at : hi - at], shape)
    gain = (level / rms) * 10.0 ** (-duck_db * depth / 20.0)
    out[at : at + m] += (music[:m] * gain).astype(np.float32)
