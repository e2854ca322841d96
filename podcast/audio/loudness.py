"""BS.1770 loudness of a stream: pyloudnorm's K-weighting as one filter whose state carries from
chunk to chunk, energies summed per run of samples, and pyloudnorm's gating on 400 ms blocks."""

from __future__ import annotations

import math

import numpy as np

_ABSOLUTE_GATE = -70.0  # LKFS
_RELATIVE_GATE = -10.0  # LU below the ungated mean


class KWeighting:
    """pyloudnorm's two K-weighting stages (shelf and high-pass, with their passband gains) as one
    second-order-section cascade; feeding a signal in chunks gives what one call on it gives."""

    def __init__(self, sample_rate: int) -> None:
        import pyloudnorm  # here, not at the top: pyloudnorm imports scipy.signal (about 1 s)
        from scipy.signal import sosfilt, sosfilt_zi

        stages = list(getattr(pyloudnorm.Meter(sample_rate), "_filters", {}).values())
        self.sos = np.array([np.concatenate([s.b, s.a]) for s in stages], dtype=np.float64)
        self.gain = math.prod(float(s.passband_gain) for s in stages)
        self.state = np.zeros_like(sosfilt_zi(self.sos))
        self._sosfilt = sosfilt

    def __call__(self, chunk: np.ndarray) -> np.ndarray:
        """The next `len(chunk)` K-weighted samples (float64)."""
        if len(chunk) == 0:
            return np.zeros(0, dtype=np.float64)
        y, self.state = self._sosfilt(self.sos, chunk, zi=self.state)
        y *= self.gain
        return np.asarray(y, dtype=np.float64)


class RunSums:
    """Sums of a stream over consecutive runs of `size` samples; the values are fed in chunks of
    any length and each run is summed as one array, so the result does not depend on them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[np.ndarray] = []
        self.carry = np.zeros(0, dtype=np.float64)

    def feed(self, values: np.ndarray) -> None:
        if len(self.carry):
            values = np.concatenate([self.carry, values])
        k = len(values) // self.size
        if k:
            self.parts.append(values[: k * self.size].reshape(k, self.size).sum(axis=1))
        self.carry = np.array(values[k * self.size :], dtype=np.float64)

    def sums(self) -> np.ndarray:
        """One sum per run, the last (short) run included, as one float64 array."""
        tail = [np.array([self.carry.sum()])] if len(self.carry) else []
        return np.concatenate([*self.parts, *tail]) if self.parts or tail else np.zeros(0)


class LoudnessMeter:
    """Integrated loudness (LUFS) of a stream fed in chunks, as pyloudnorm measures it: mean
    squares of 400 ms blocks every 100 ms, absolute then relative gate."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.weighting = KWeighting(sample_rate)
        self.step = round(0.1 * sample_rate)
        self.sub = RunSums(self.step)
        self.count = 0

    def feed(self, chunk: np.ndarray) -> None:
        w = self.weighting(chunk)
        np.square(w, out=w)
        self.sub.feed(w)
        self.count += len(chunk)

    def integrated(self) -> float:
        return gated_loudness(self.sub.sums(), self.count, self.sample_rate, self.step)


def gated_loudness(step_energy: np.ndarray, count: int, sample_rate: int, step: int) -> float:
    """BS.1770 gated loudness from the K-weighted energy of each 100 ms step (`step` samples) of
    a signal `count` samples long; blocks as pyloudnorm counts them (the last may pass the end)."""
    n_blocks = int(np.round((count / sample_rate - 0.4) / 0.1)) + 1
    if n_blocks < 1:
        return -math.inf
    need = n_blocks + 3
    e = np.zeros(need, dtype=np.float64)
    m = min(need, len(step_energy))
    e[:m] = step_energy[:m]
    c = np.concatenate(([0.0], np.cumsum(e)))
    z = (c[4 : 4 + n_blocks] - c[:n_blocks]) / (4 * step)
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10.0 * np.log10(z)
    above = z[lk >= _ABSOLUTE_GATE]
    if len(above) == 0:
        return -math.inf
    relative = -0.691 + 10.0 * math.log10(float(above.mean())) + _RELATIVE_GATE
    gated = z[(lk > relative) & (lk > _ABSOLUTE_GATE)]
    if len(gated) == 0:
        return -math.inf
    return -0.691 + 10.0 * math.log10(float(gated.mean()))
