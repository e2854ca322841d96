"""Loudness mastering in passes over a stream: pass 1 gathers each 32-sample block's K-weighted
energy and peak, a secant search on those finds the gain with the true-peak limiter inside, and
pass 2 measures the limited output (BS.1770 loudness, true peak), which QA reuses: it is the
signal streamed to the encoder, so the MP3 is not decoded again (audio/qa.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from podcast.audio import stream
from podcast.audio.limiter import GAIN_BLOCK, HALO, TP_BLOCK, gain_curve
from podcast.audio.loudness import KWeighting, LoudnessMeter, RunSums
from podcast.audio.peaks import PeakMeter, gain_block_peaks
from podcast.audio.stream import ArraySource, Samples, chunks
from podcast.errors import AudioError

# Limit this far below the requested ceiling: the MP3 encoder overshoots true peaks by ~0.95 dB
# (measured on the seed episode; 1.2 let it reach -0.9 dBTP) and export adds back LAME's ~0.46 dB
# level loss, so the PCM fed to LAME peaks near -2.2 dBTP and the MP3 near -1.3 dBTP.
ENCODER_MARGIN_DB = 1.7
MAX_PUSH_DB = 12.0  # the search adds at most this much gain to make up for limiting
_FRAC = (np.arange(GAIN_BLOCK, dtype=np.float32) / GAIN_BLOCK)[None, :]


@dataclass(frozen=True)
class Mastered:
    """Samples at the target loudness, with their measured loudness and true peak (in memory)."""

    samples: np.ndarray
    lufs: float
    true_peak_db: float


@dataclass(frozen=True)
class MasteredStream:
    """The mastered episode as a `Samples` source: the input scaled, limited and trimmed, made
    block by block on demand, with its measured loudness and true peak."""

    source: Samples
    gain: np.float32  # the search's gain (linear)
    gain_b: np.ndarray  # the limiter's gain per GAIN_BLOCK
    next_b: np.ndarray  # each block's successor's gain (the last repeats itself)
    trim: np.float32 | None = None  # a last scale when the limited peaks slipped past the ceiling
    lufs: float = -math.inf
    true_peak_db: float = -math.inf

    def __len__(self) -> int:
        return len(self.source)

    def read(self, start: int, stop: int) -> np.ndarray:
        """Output samples [start, stop) (zeros outside the signal)."""
        x = self.source.read(start, stop)
        lo, hi = max(0, start), min(len(self.source), stop)
        y = np.zeros(len(x), dtype=np.float32)
        if hi > lo:
            k0, k1 = lo // GAIN_BLOCK, -(-hi // GAIN_BLOCK)
            a, b = self.gain_b[k0:k1], self.next_b[k0:k1]
            per = (a[:, None] + (b - a)[:, None] * _FRAC).reshape(-1)
            per = per[lo - k0 * GAIN_BLOCK : hi - k0 * GAIN_BLOCK]
            y[lo - start : hi - start] = (x[lo - start : hi - start] * (self.gain * per)).astype(
                np.float32
            )
        if self.trim is not None:
            y *= self.trim
        return y


def master(
    samples: np.ndarray,
    sample_rate: int,
    *,
    target_lufs: float = -16.0,
    max_true_peak_db: float = -1.0,
) -> Mastered:
    """`master_stream` on an array in memory, its output joined (tests and short clips)."""
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"master expects mono samples, got shape {x.shape}")
    out = master_stream(
        ArraySource(x), sample_rate, target_lufs=target_lufs, max_true_peak_db=max_true_peak_db
    )
    return Mastered(samples=out.read(0, len(x)), lufs=out.lufs, true_peak_db=out.true_peak_db)


def master_stream(
    source: Samples,
    sample_rate: int,
    *,
    target_lufs: float = -16.0,
    max_true_peak_db: float = -1.0,
) -> MasteredStream:
    """Gain `source` to `target_lufs` and limit true peaks to `max_true_peak_db` less a margin.

    Limiting lowers the loudness, so the gain is found by a secant search on a fast model of the
    limited loudness (pass 1); the output is then measured as it streams out (pass 2), any last
    trim folded into its figures, and the gain corrected if the model was off by 0.1 LU or more.
    """
    if len(source) <= round(0.4 * sample_rate):
        raise AudioError("the mixdown is shorter than 0.4 s; nothing to master")
    ceiling = 10.0 ** ((max_true_peak_db - ENCODER_MARGIN_DB) / 20.0)
    model = _LimitedLoudness(source, sample_rate, ceiling)
    gain_db = model.solve(target_lufs)
    for _ in range(3):
        out = model.output(gain_db)
        lufs, peak = measure_stream(out, sample_rate)
        if peak > ceiling:  # the limiter's gain was decided before it was applied: trim
            out = replace(out, trim=np.float32(ceiling / peak))
            lufs += 20.0 * math.log10(ceiling / peak)
            peak = ceiling
        if abs(lufs - target_lufs) < 0.1:
            break
        gain_db += target_lufs - lufs
    return replace(out, lufs=lufs, true_peak_db=_db(peak))


def measure_stream(source: Samples, sample_rate: int) -> tuple[float, float]:
    """Integrated loudness (LUFS, pyloudnorm's gating) and true peak (linear) of `source`, in
    one pass of TP_BLOCK-aligned chunks read with their halo."""
    loudness, peaks = LoudnessMeter(sample_rate), PeakMeter()
    n = len(source)
    for c0 in range(0, n, stream.CHUNK):
        length = min(stream.CHUNK, n - c0)
        n_tp = -(-length // TP_BLOCK)
        padded = source.read(c0 - HALO, c0 + n_tp * TP_BLOCK + HALO)
        loudness.feed(padded[HALO : HALO + length])
        peaks.feed(padded, length)
    return loudness.integrated(), peaks.peak


class _LimitedLoudness:
    """Integrated loudness of `x` scaled and limited, as a function of the gain, without
    re-filtering: K-weighting is linear and the limiter's gain smooth, so each 32-sample block's
    K-weighted energy is simply scaled by the square of that block's gain."""

    def __init__(self, source: Samples, sample_rate: int, ceiling: float) -> None:
        self.source = source
        self.sample_rate = sample_rate
        self.ceiling = ceiling
        weighting, energy, amax = KWeighting(sample_rate), RunSums(GAIN_BLOCK), []
        for chunk in chunks(source):  # pass 1
            w = weighting(chunk)
            np.square(w, out=w)
            energy.feed(w)
            nb = -(-len(chunk) // GAIN_BLOCK)
            mag = np.zeros(nb * GAIN_BLOCK, dtype=np.float32)
            np.abs(chunk, out=mag[: len(chunk)])
            amax.append(mag.reshape(nb, GAIN_BLOCK).max(axis=1))
        self.energy_b = energy.sums()
        self.amax_b = np.concatenate(amax)
        nb = len(self.amax_b)
        self.sub = round(0.1 * sample_rate)
        self.n_sub = len(source) // self.sub
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
            self.peaks_b = gain_block_peaks(self.source, self.amax_b, floor)
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

    def output(self, gain_db: float) -> MasteredStream:
        """`x` scaled by `gain_db` and limited, as a stream."""
        gain_b = self.gains(gain_db)
        return MasteredStream(
            source=self.source,
            gain=np.float32(10.0 ** (gain_db / 20.0)),
            gain_b=gain_b,
            next_b=np.append(gain_b[1:], gain_b[-1]),
        )

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


def _db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf
