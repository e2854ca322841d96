"""The whole-array audio stage as it was before streaming (mix.assemble concatenating the episode,
master.master on the full signal), kept verbatim (its settings imported from the product) as the
reference the streaming passes must match, with the whole-array true-peak measurement it used.
Not used by the product."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyloudnorm
import pyloudnorm as pyln
from scipy.signal import sosfilt

from podcast.audio.limiter import BOUND, GAIN_BLOCK, HALO, TP_BLOCK, gain_curve, window_peaks
from podcast.audio.master import ENCODER_MARGIN_DB, MAX_PUSH_DB  # the same settings
from podcast.audio.mix import (
    BRIDGE_GAP_S,
    DUCK_RAMP_S,
    INTRO_LEAD_S,
    MUSIC_DB,
    OUTRO_RING_S,
    SPEECH_LUFS,
    read_segment,
)
from podcast.errors import AudioError
from podcast.models import RenderedSegment

_NOMINAL_SPEECH_DB = -20.0
_GATE_DB = -50.0


# --- true peaks of a whole array (the product measures them in a stream: audio/peaks.py) -------


def expand(gain_b: np.ndarray, n: int) -> np.ndarray:
    """Per-sample gain: linear from each block's value to the next one's, `n` samples long."""
    nxt = np.append(gain_b[1:], gain_b[-1])
    frac = (np.arange(GAIN_BLOCK, dtype=np.float32) / GAIN_BLOCK)[None, :]
    return (gain_b[:, None] + (nxt - gain_b)[:, None] * frac).reshape(-1)[:n]


def changed_peak(y: np.ndarray, gain_b: np.ndarray) -> float:
    """The largest true peak (linear) of `y` where the gain `gain_b` moved (and one block around).

    The gain was decided from peaks before it was applied, so a few hundredths of a dB can slip
    past the ceiling there; elsewhere `y` is its input scaled, and its peaks are already known.
    """
    per = TP_BLOCK // GAIN_BLOCK
    n_tp = -(-len(y) // TP_BLOCK)
    padded = np.ones(n_tp * per, dtype=np.float32)
    m = min(len(gain_b), len(padded))
    padded[:m] = gain_b[:m]
    changed = padded.reshape(n_tp, per).min(axis=1) < 1.0
    changed[1:] |= changed[:-1].copy()
    changed[:-1] |= changed[1:].copy()
    return float(_block_peaks(y, np.flatnonzero(changed)).max(initial=0.0))


def block_max(values: np.ndarray, block: int) -> np.ndarray:
    """The largest value in each run of `block` samples (the last run padded with zeros)."""
    nb = -(-len(values) // block)
    padded = np.zeros(nb * block, dtype=np.float32)
    padded[: len(values)] = values
    return padded.reshape(nb, block).max(axis=1)


def true_peak(x: np.ndarray, *, floor: float = 0.0) -> np.ndarray:
    """Per-sample true-peak estimate: the largest |value| among 4x-oversampled points near it.

    Only blocks whose neighbourhood could exceed `floor` are oversampled (the interpolator raises
    a peak by at most `BOUND` times); elsewhere the sample magnitude is kept.
    """
    x = np.asarray(x, dtype=np.float32)
    n = len(x)
    n_tp = -(-n // TP_BLOCK)
    out = np.zeros(n_tp * TP_BLOCK, dtype=np.float32)
    np.abs(x, out=out[:n])
    out2d = out.reshape(n_tp, TP_BLOCK)
    bmax = out2d.max(axis=1, initial=0.0)
    near = bmax.copy()
    np.maximum(near[1:], bmax[:-1], out=near[1:])
    np.maximum(near[:-1], bmax[1:], out=near[:-1])
    hot = np.flatnonzero(near * BOUND > floor)
    out2d[hot] = _block_peaks(x, hot)
    return out[:n]


def max_true_peak(x: np.ndarray) -> float:
    """The largest 4x-oversampled magnitude of `x` (linear), oversampling only where it matters."""
    x = np.asarray(x, dtype=np.float32)
    return float(true_peak(x, floor=float(np.max(np.abs(x), initial=0.0))).max(initial=0.0))


def _block_peaks(x: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Per-sample 4x-oversampled magnitude in the given blocks of `x`: (len(blocks), block)."""
    n = len(x)
    n_tp = -(-n // TP_BLOCK)
    padded = np.zeros(n_tp * TP_BLOCK + 2 * HALO, dtype=np.float32)
    padded[HALO : HALO + n] = x
    return window_peaks(padded, blocks)


@dataclass(frozen=True)
class RefMastered:
    """Samples at the target loudness, with their measured loudness and true peak."""

    samples: np.ndarray
    lufs: float
    true_peak_db: float


def master(
    samples: np.ndarray,
    sample_rate: int,
    *,
    target_lufs: float = -16.0,
    max_true_peak_db: float = -1.0,
) -> RefMastered:
    """Gain `samples` to `target_lufs` and limit true peaks to `max_true_peak_db` less a margin.

    Limiting lowers the loudness, so the gain is found by a secant search on a fast model of the
    limited loudness; pyloudnorm then measures the result (while the limited stretches' true
    peaks are checked on other threads, and any last trim is folded into its figure).
    """
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"master expects mono samples, got shape {x.shape}")
    if len(x) <= round(0.4 * sample_rate):
        raise AudioError("the mixdown is shorter than 0.4 s; nothing to master")
    meter = pyloudnorm.Meter(sample_rate)
    ceiling = 10.0 ** ((max_true_peak_db - ENCODER_MARGIN_DB) / 20.0)
    model = _LimitedLoudness(x, sample_rate, meter, ceiling)
    gain_db = model.solve(target_lufs)
    y, lufs, peak = x, -math.inf, 0.0
    for _ in range(3):
        y, gain_b = model.render(gain_db)
        with ThreadPoolExecutor(max_workers=1) as pool:
            measuring = pool.submit(meter.integrated_loudness, y.astype(np.float64))
            peak = model.peak(y, gain_db, gain_b)
            lufs = float(measuring.result())
        if peak > ceiling:  # the limiter's gain was decided before it was applied: trim
            y *= np.float32(ceiling / peak)
            lufs += 20.0 * math.log10(ceiling / peak)
            peak = ceiling
        if abs(lufs - target_lufs) < 0.1:
            break
        gain_db += target_lufs - lufs
    return RefMastered(samples=y, lufs=lufs, true_peak_db=_db(peak))


class _LimitedLoudness:
    """Integrated loudness of `x` scaled and limited, as a function of the gain, without
    re-filtering: K-weighting is linear and the limiter's gain smooth, so each 32-sample block's
    K-weighted energy is simply scaled by the square of that block's gain."""

    def __init__(self, x: np.ndarray, sample_rate: int, meter: object, ceiling: float) -> None:
        self.x = x
        self.sample_rate = sample_rate
        self.ceiling = ceiling
        stages = list(getattr(meter, "_filters", {}).values())
        sos = np.array([np.concatenate([s.b, s.a]) for s in stages], dtype=np.float64)
        gain = math.prod(float(s.passband_gain) for s in stages)
        nb = -(-len(x) // GAIN_BLOCK)
        weighted = np.zeros(nb * GAIN_BLOCK, dtype=np.float64)
        weighted[: len(x)] = sosfilt(sos, x) * gain
        np.square(weighted, out=weighted)
        self.energy_b = weighted.reshape(nb, GAIN_BLOCK).sum(axis=1)
        del weighted
        self.sub = round(0.1 * sample_rate)
        self.n_sub = len(x) // self.sub
        self.sub_starts = (np.arange(self.n_sub) * self.sub) // GAIN_BLOCK
        unlimited = self._gated(np.ones(nb))
        if not math.isfinite(unlimited):
            raise AudioError("the mixdown is silent; check the voices' rendered audio")
        self.base_db = -unlimited
        self.exact_to_db = -math.inf
        self.peaks_b = np.zeros(nb, dtype=np.float32)

    def gains(self, gain_db: float) -> np.ndarray:
        """The limiter's per-block gain for `x` scaled by `gain_db`."""
        if gain_db > self.exact_to_db:
            # Oversample wherever a peak could pass the ceiling with up to 6 dB more gain.
            self.exact_to_db = gain_db + 6.0
            floor = self.ceiling / 10.0 ** (self.exact_to_db / 20.0)
            self.peaks_b = block_max(true_peak(self.x, floor=floor), GAIN_BLOCK)
        g = 10.0 ** (gain_db / 20.0)
        need = np.minimum(1.0, self.ceiling / np.maximum(self.peaks_b * g, 1e-12))
        return gain_curve(need, self.sample_rate)

    def loudness(self, gain_db: float) -> float:
        """Integrated loudness (LUFS) of the limited signal at `gain_db`."""
        return gain_db + self._gated(self.gains(gain_db))

    def solve(self, target: float) -> float:
        """The gain (dB) whose limited loudness is `target`, by the secant method."""
        lo = target + self.base_db  # the gain without any limiting
        hi = lo + MAX_PUSH_DB
        g0, l0 = lo, self.loudness(lo)
        g1 = min(hi, g0 + (target - l0))
        for _ in range(8):
            if abs(target - l0) < 0.01 or g1 == g0:
                return g0
            l1 = self.loudness(g1)
            slope = min(1.0, max(0.05, (l1 - l0) / (g1 - g0)))
            g0, l0 = g1, l1
            g1 = min(hi, max(lo, g1 + (target - l1) / slope))
        return g0

    def render(self, gain_db: float) -> tuple[np.ndarray, np.ndarray]:
        """`x` scaled by `gain_db` and limited (float32), and the limiter's per-block gain."""
        gain_b = self.gains(gain_db)
        g = np.float32(10.0 ** (gain_db / 20.0))
        return (self.x * (g * expand(gain_b, len(self.x)))).astype(np.float32), gain_b

    def peak(self, y: np.ndarray, gain_db: float, gain_b: np.ndarray) -> float:
        """True peak (linear) of `y = render(gain_db)`: measured where the gain moved, known from
        `x` elsewhere; measured in full if the known part cannot vouch for the rest."""
        g = 10.0 ** (gain_db / 20.0)
        peak = max(changed_peak(y, gain_b), g * float(self.peaks_b[gain_b >= 1.0].max(initial=0)))
        unseen = self.ceiling * 10.0 ** ((gain_db - self.exact_to_db) / 20.0)
        return peak if peak >= unseen else max_true_peak(y)

    def _gated(self, gain_b: np.ndarray) -> float:
        """BS.1770 gated loudness of the blocks' energies scaled by `gain_b` squared (mean over
        each 32-sample block of a gain that moves linearly to the next block's)."""
        if self.n_sub < 4:
            return -math.inf
        a = gain_b.astype(np.float64)
        b = np.append(a[1:], a[-1])
        scaled = self.energy_b * (a * a + a * b + b * b) / 3.0
        sub = np.add.reduceat(scaled, self.sub_starts)[: self.n_sub]
        c = np.concatenate(([0.0], np.cumsum(sub)))
        z = (c[4:] - c[:-4]) / (4 * self.sub)
        with np.errstate(divide="ignore"):
            lk = -0.691 + 10.0 * np.log10(z)
        above = z[lk >= -70.0]
        if len(above) == 0:
            return -math.inf
        relative = -0.691 + 10.0 * math.log10(float(above.mean())) - 10.0
        gated = z[(lk > relative) & (lk >= -70.0)]
        return -0.691 + 10.0 * math.log10(float(gated.mean()))


@dataclass(frozen=True)
class RefMixdown:
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
) -> RefMixdown:
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
    voices = [_faded(read_segment(s.wav, sample_rate), fade) for s in segments]
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
    return RefMixdown(
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


def _db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf
