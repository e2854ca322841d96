"""Lay the episode out once (segment starts, pauses, levelling gains, music overlays with smooth
ducking), then produce it as a stream of float32 blocks: each block reads only the segments that
overlap it, so memory stays flat in the episode's length."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from podcast.audio import music
from podcast.audio.loudness import LoudnessMeter
from podcast.config import ShowConfig
from podcast.errors import AudioError
from podcast.models import RenderedSegment
from podcast.timing import INTRO_LEAD_S, OUTRO_RING_S
from podcast.util import wav

DUCK_RAMP_S = 0.3  # length of the gain ramps into and out of a duck
BRIDGE_GAP_S = 1.5  # music stays ducked across pauses shorter than this
SPEECH_LUFS = -20.0  # every segment is levelled here before mixing (mastering sets the final level)
MUSIC_DB = -4.0  # full-level music RMS relative to the active speech level
BLOCK = 1 << 16  # samples per block of the mix stream (~1.5 s at 44.1 kHz)
PRELOAD_BYTES = 64 << 20  # the first segments read for their levels are kept for the mix
_NOMINAL_SPEECH_DB = -20.0  # assumed speech level when every segment is silent
_GATE_DB = -50.0  # 50 ms blocks quieter than this are not speech
_LEVEL_BLOCK = 2205  # samples per block of the active speech level


@dataclass(frozen=True)
class Mixdown:
    """The assembled episode in memory (tests and short clips; the pipeline streams a MixPlan)."""

    samples: np.ndarray
    sample_rate: int
    segment_starts_s: list[float]
    segment_ends_s: list[float]
    speech_end_s: float
    duration_s: float


@dataclass(frozen=True)
class _Voice:
    """One segment's place in the episode and how to read it back."""

    wav: Path
    start: int
    length: int
    gain: np.float32 | None  # levelling gain, or None when levelling is off


@dataclass(frozen=True)
class _Overlay:
    """Music added at sample `at`, scaled to `scale` times itself, ducked under speech."""

    music: np.ndarray
    at: int
    length: int
    scale: float


@dataclass(frozen=True)
class MixPlan:
    """The episode's layout: where each segment's speech lands and how every block is made."""

    sample_rate: int
    length: int
    segment_starts_s: list[float]
    segment_ends_s: list[float]
    speech_end_s: float
    duration_s: float
    voices: tuple[_Voice, ...]
    overlays: tuple[_Overlay, ...]
    spans: tuple[tuple[int, int], ...]  # speech spans (bridged) the music ducks under
    ramp: int
    duck_db: float
    fade: int
    # Faded voices kept from the level analysis (the first ones, PRELOAD_BYTES at most), each
    # handed to the first pass over the blocks so it is not read twice; later passes read again.
    preloaded: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return self.length

    def blocks(self, size: int = BLOCK) -> Iterator[np.ndarray]:
        """The mixed episode, block by block (float32, `size` samples, the last may be short).
        Each segment is read when the first block it overlaps is made and dropped after its last."""
        loaded: dict[int, np.ndarray] = {}
        first = 0  # the first voice that may still overlap a block
        for b0 in range(0, self.length, size):
            b1 = min(self.length, b0 + size)
            out = np.zeros(b1 - b0, dtype=np.float32)
            while first < len(self.voices) and _end(self.voices[first]) <= b0:
                loaded.pop(first, None)
                first += 1
            i = first
            while i < len(self.voices) and self.voices[i].start < b1:
                v = self.voices[i]
                if _end(v) > b0:
                    if i not in loaded:
                        loaded[i] = self._voice(v, self.preloaded.pop(i, None))
                    lo, hi = max(b0, v.start), min(b1, _end(v))
                    out[lo - b0 : hi - b0] = loaded[i][lo - v.start : hi - v.start]
                i += 1
            for overlay in self.overlays:
                _overlay(out, b0, overlay, self.spans, self.ramp, self.duck_db)
            yield out

    def _voice(self, v: _Voice, faded: np.ndarray | None = None) -> np.ndarray:
        x = faded if faded is not None else _faded(read_segment(v.wav, self.sample_rate), self.fade)
        if len(x) != v.length:
            raise AudioError(f"segment audio {v.wav} changed while mixing; render again")
        return x if v.gain is None else (x * v.gain).astype(np.float32)


def _end(v: _Voice) -> int:
    return v.start + v.length


@dataclass(frozen=True, eq=False)
class MixSpec:
    """How an episode is mixed around its voices.

    With an intro, a first segment whose role is in `intro_roles` starts INTRO_LEAD_S into the sting
    (otherwise speech follows the whole sting). The outro bed ends OUTRO_RING_S after the last word.
    Music sits `music_db` below the speech level and is ducked a further `duck_db` under speech.
    With `speech_lufs`, every segment is first levelled to that loudness plus its voice's
    `voice_gain_db`, so two engines (or two sentences of one) do not jump in level.
    With `transition`, a short chime plays in the pause between two body sections.
    Each segment fades in and out over `fade_ms`.
    """

    sample_rate: int = 44100
    intro: np.ndarray | None = None
    outro: np.ndarray | None = None
    intro_roles: tuple[str, ...] = ("announcer",)
    duck_db: float = 18.0
    fade_ms: int = 10
    music_db: float = MUSIC_DB
    speech_lufs: float | None = SPEECH_LUFS
    voice_gain_db: Mapping[str, float] = field(default_factory=dict)
    transition: np.ndarray | None = None


def show_spec(show: ShowConfig) -> MixSpec:
    """The show's mix: its intro and outro music, its voices' gains, chimes if it wants them."""
    sr = show.sample_rate
    return MixSpec(
        sample_rate=sr,
        intro=music.intro(show, sr),
        outro=music.outro(show, sr),
        voice_gain_db={name: v.gain_db for name, v in show.voices.items()},
        transition=music.transition(sr) if show.transitions else None,
    )


def assemble(segments: Sequence[RenderedSegment], spec: MixSpec) -> Mixdown:
    """The whole mix in memory: `layout`'s blocks joined."""
    plan = layout(segments, spec)
    return Mixdown(
        samples=np.concatenate(list(plan.blocks())),
        sample_rate=spec.sample_rate,
        segment_starts_s=plan.segment_starts_s,
        segment_ends_s=plan.segment_ends_s,
        speech_end_s=plan.speech_end_s,
        duration_s=plan.duration_s,
    )


@dataclass(frozen=True)
class _Timeline:
    """Where each segment's speech starts and ends, where the outro starts, and the length (all
    in samples)."""

    starts: list[int]
    ends: list[int]
    outro_at: int
    total: int


def layout(segments: Sequence[RenderedSegment], spec: MixSpec) -> MixPlan:
    """Plan the mix of `segments` (in order, each followed by its pause) as `spec` says, reading
    each segment once (one at a time) for its length and level."""
    if not segments:
        raise AudioError("nothing to mix: the episode has no rendered segments")
    sample_rate = spec.sample_rate
    fade = max(0, round(spec.fade_ms * sample_rate / 1000))
    preloaded: dict[int, np.ndarray] = {}
    lengths, gains, level_db = _levels(
        segments, sample_rate, fade, spec.speech_lufs, spec.voice_gain_db, preloaded
    )
    chimes = _transition_points(segments) if _has(spec.transition) else []
    pauses = _pauses(segments, spec, chimes)
    t = _timeline(segments, spec, lengths, pauses)
    level = 10.0 ** ((level_db + spec.music_db) / 20.0)  # music RMS at full level
    sr = float(sample_rate)
    return MixPlan(
        sample_rate=sample_rate,
        length=t.total,
        segment_starts_s=[s / sr for s in t.starts],
        segment_ends_s=[e / sr for e in t.ends],
        speech_end_s=t.ends[-1] / sr,
        duration_s=t.total / sr,
        voices=tuple(
            _Voice(s.wav, start, n, g)
            for s, start, n, g in zip(segments, t.starts, lengths, gains, strict=True)
        ),
        overlays=_overlays(spec, t, chimes, level),
        spans=tuple(_bridged(list(zip(t.starts, t.ends, strict=True)), round(BRIDGE_GAP_S * sr))),
        ramp=max(1, round(DUCK_RAMP_S * sample_rate)),
        duck_db=spec.duck_db,
        fade=fade,
        preloaded=preloaded,
    )


def _has(music: np.ndarray | None) -> bool:
    return music is not None and len(music) > 0


def _pauses(segments: Sequence[RenderedSegment], spec: MixSpec, chimes: list[int]) -> list[int]:
    """The silence after each segment, in samples: its own pause, or room for a chime."""
    sample_rate = spec.sample_rate
    pauses = [max(0, round(s.segment.pause_ms * sample_rate / 1000)) for s in segments]
    if spec.transition is not None:
        room = len(spec.transition) + round(0.3 * sample_rate)
        for i in chimes:
            pauses[i] = max(pauses[i], room)
    return pauses


def _timeline(
    segments: Sequence[RenderedSegment], spec: MixSpec, lengths: list[int], pauses: list[int]
) -> _Timeline:
    """Speech after the intro's lead, each segment then its pause; the outro ringing on after
    the last word; the episode as long as the longest of them."""
    sample_rate, intro, outro = spec.sample_rate, spec.intro, spec.outro
    lead = 0
    if intro is not None and len(intro):
        in_intro = segments[0].segment.role in spec.intro_roles
        lead = min(len(intro), round(INTRO_LEAD_S * sample_rate)) if in_intro else len(intro)
    starts: list[int] = []
    cursor = lead
    for length, pause in zip(lengths, pauses, strict=True):
        starts.append(cursor)
        cursor += length + pause
    ends = [s + n for s, n in zip(starts, lengths, strict=True)]
    total = max(cursor, len(intro) if intro is not None else 0)
    outro_at = 0
    if outro is not None and len(outro):
        ring = round(OUTRO_RING_S * sample_rate)
        outro_at = max(starts[-1], ends[-1] + ring - len(outro))
        total = max(total, outro_at + len(outro))
    return _Timeline(starts, ends, outro_at, total)


def _overlays(spec: MixSpec, t: _Timeline, chimes: list[int], level: float) -> tuple[_Overlay, ...]:
    """The intro at the start, the outro at its place, a chime after each section's last word,
    each scaled to the music `level` and cut at the episode's end."""
    placed: list[tuple[np.ndarray, int]] = []
    if spec.intro is not None and len(spec.intro):
        placed.append((spec.intro, 0))
    if spec.outro is not None and len(spec.outro):
        placed.append((spec.outro, t.outro_at))
    if spec.transition is not None:
        gap = round(0.15 * spec.sample_rate)
        placed += [(spec.transition, t.ends[i] + gap) for i in chimes]
    return tuple(o for m, at in placed if (o := _placed(m, at, t.total, level)) is not None)


def _levels(
    segments: Sequence[RenderedSegment],
    sample_rate: int,
    fade: int,
    speech_lufs: float | None,
    voice_gain_db: Mapping[str, float] | None,
    keep: dict[int, np.ndarray],
) -> tuple[list[int], list[np.float32 | None], float]:
    """Each segment's length, its levelling gain (None when levelling is off) and the active
    speech level of the levelled voices, reading one segment at a time (segments too short to
    measure are read again once the median gain they take is known). The first faded voices,
    up to PRELOAD_BYTES, are kept in `keep` by index."""
    lengths: list[int] = []
    kept = 0
    measured: list[float | None] = []
    active: list[tuple[float, int] | None] = []
    for s in segments:
        voice = _faded(read_segment(s.wav, sample_rate), fade)
        lengths.append(len(voice))
        if kept + voice.nbytes <= PRELOAD_BYTES:
            keep[len(lengths) - 1] = voice
            kept += voice.nbytes
        else:
            kept = PRELOAD_BYTES + 1  # keep only a leading run: the first pass frees them in order
        if speech_lufs is None:
            active.append(_active_energy(voice))
            continue
        offset = (voice_gain_db or {}).get(s.voice, 0.0)
        g = _voice_gain(voice, sample_rate, speech_lufs + offset)
        measured.append(g)
        active.append(None if g is None else _active_energy(_gained(voice, _gain32(g))))
    gains: list[np.float32 | None] = [None] * len(segments)
    if speech_lufs is not None:
        known = [g for g in measured if g is not None]
        fallback = float(np.median(known)) if known else 0.0
        gains = [_gain32(g if g is not None else fallback) for g in measured]
        for i, s in enumerate(segments):
            if active[i] is None:
                voice = _faded(read_segment(s.wav, sample_rate), fade)
                active[i] = _active_energy(_gained(voice, gains[i]))
    return lengths, gains, _level_db([a for a in active if a is not None])


def _gain32(gain_db: float) -> np.float32:
    return np.float32(10 ** (gain_db / 20))


def _gained(x: np.ndarray, gain: np.float32 | None) -> np.ndarray:
    return x if gain is None else (x * gain).astype(np.float32)


def _voice_gain(voice: np.ndarray, sample_rate: int, target: float) -> float | None:
    """The gain (dB, within ±20) that brings `voice` to `target` LUFS (BS.1770, measured as
    pyloudnorm does), or None if it is too short or too quiet to measure."""
    loud = float("nan")
    if len(voice) > sample_rate:
        meter = LoudnessMeter(sample_rate)
        meter.feed(voice)
        loud = meter.integrated()
    return float(np.clip(target - loud, -20, 20)) if np.isfinite(loud) else None


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


def read_segment(path: Path, sample_rate: int) -> np.ndarray:
    """A segment's 16-bit WAV file as mono float32 in [-1, 1] at `sample_rate` (polyphase
    resampling if needed)."""
    try:
        x, rate = wav.read_wav(path)
    except (OSError, ValueError) as exc:
        raise AudioError(f"cannot read segment audio {path}: {exc}; re-render the segment") from exc
    if rate != sample_rate and len(x):
        from scipy.signal import resample_poly  # slow to import; only a foreign rate needs it

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


def _active_energy(v: np.ndarray) -> tuple[float, int]:
    """Summed mean square and count of the 50 ms blocks of `v` above the speech gate."""
    k = len(v) // _LEVEL_BLOCK
    if k == 0:
        return 0.0, 0
    block = v[: k * _LEVEL_BLOCK].reshape(k, _LEVEL_BLOCK)
    ms = np.mean(np.square(block, dtype=np.float64), axis=1)
    active = ms[ms > 10.0 ** (_GATE_DB / 10.0)]
    return float(active.sum()), len(active)


def _level_db(parts: Sequence[tuple[float, int]]) -> float:
    """Active speech level (dBFS RMS over 50 ms blocks above a gate) of all voices together."""
    energy = 0.0
    count = 0
    for e, c in parts:
        energy += e
        count += c
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


def _placed(music: np.ndarray, at: int, total: int, level: float) -> _Overlay | None:
    """`music` at sample `at` with its RMS at `level`, cut at the episode's end (None if silent)."""
    m = min(len(music), total - at)
    rms = float(np.sqrt(np.mean(np.square(music, dtype=np.float64))))
    if m <= 0 or rms == 0.0:
        return None
    return _Overlay(music=music, at=at, length=m, scale=level / rms)


def _overlay(
    out: np.ndarray,
    b0: int,
    o: _Overlay,
    spans: Sequence[tuple[int, int]],
    ramp: int,
    duck_db: float,
) -> None:
    """Add the part of overlay `o` that falls in the block `out` (which starts at sample `b0`),
    ducked by `duck_db` under the speech spans with raised-cosine ramps."""
    a, b = max(o.at, b0), min(o.at + o.length, b0 + len(out))
    if a >= b:
        return
    depth = np.zeros(b - a, dtype=np.float64)  # 0 = full level, 1 = fully ducked
    for s, e in spans:
        lo, hi = max(s - ramp, a), min(e + ramp, b)
        if lo >= hi:
            continue
        t = np.arange(lo, hi, dtype=np.float64)
        up = np.clip((t - (s - ramp)) / ramp, 0.0, 1.0)
        down = np.clip(((e + ramp) - t) / ramp, 0.0, 1.0)
        shape = np.minimum(up, down)
        shape = 0.5 - 0.5 * np.cos(np.pi * shape)
        depth[lo - a : hi - a] = np.maximum(depth[lo - a : hi - a], shape)
    gain = o.scale * 10.0 ** (-duck_db * depth / 20.0)
    out[a - b0 : b - b0] += (o.music[a - o.at : b - o.at] * gain).astype(np.float32)
