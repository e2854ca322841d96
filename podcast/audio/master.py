"""Loudness mastering: BS.1770 gain to a target with the true-peak limiter inside the search
(pyloudnorm's K-weighting and its final word), and an ebur128 read-back of a file for QA."""

from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyloudnorm
from scipy.signal import sosfilt

from podcast.audio.limiter import (
    GAIN_BLOCK,
    block_max,
    changed_peak,
    expand,
    gain_curve,
    max_true_peak,
    true_peak,
)
from podcast.errors import AudioError
from podcast.util.subproc import run

# Limit this far below the requested ceiling: the MP3 encoder overshoots true peaks by up to ~0.8 dB
# and export adds back LAME's ~0.46 dB level loss, so the PCM fed to LAME peaks near -1.7 dBTP.
ENCODER_MARGIN_DB = 1.2
MAX_PUSH_DB = 12.0  # the search adds at most this much gain to make up for limiting


@dataclass(frozen=True)
class Mastered:
    """Samples at the target loudness, with their measured loudness and true peak."""

    samples: np.ndarray
    lufs: float
    true_peak_db: float


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128 filter reports them."""

    lufs: float
    true_peak_db: float


def master(
    samples: np.ndarray,
    sample_rate: int,
    *,
    target_lufs: float = -16.0,
    max_true_peak_db: float = -1.0,
) -> Mastered:
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
    return Mastered(samples=y, lufs=lufs, true_peak_db=_db(peak))


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


def measure_file(path: Path) -> Loudness:
    """Decode `path` with ffmpeg's ebur128 filter (true peak on) and read its summary."""
    proc = run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0", "-vn",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        timeout=600,
    )  # fmt: skip
    text = proc.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:") :]
    lufs = re.search(r"\bI:\s+(-?[\d.]+|-inf)\s+LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+|-inf)\s+dBFS", summary)
    if "Summary:" not in text or lufs is None or peak is None:
        raise AudioError(f"could not read ebur128 loudness of {path}; is it an audio file?")
    return Loudness(lufs=float(lufs.group(1)), true_peak_db=float(peak.group(1)))


def _db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf
