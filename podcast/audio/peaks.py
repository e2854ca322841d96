"""True peaks of a long signal read in chunks: the limiter's 4x oversampling applied piece by
piece (each with its halo), giving what a whole-array call gives without holding the signal."""

from __future__ import annotations

import itertools

import numpy as np

from podcast.audio import stream
from podcast.audio.limiter import BOUND, GAIN_BLOCK, HALO, TP_BLOCK, window_peaks
from podcast.audio.stream import Samples

_PER = TP_BLOCK // GAIN_BLOCK


def gain_block_peaks(source: Samples, amax_b: np.ndarray, floor: float) -> np.ndarray:
    """Per-GAIN_BLOCK true peaks of `source`, as tests/audio_reference.py's whole-array
    `block_max(true_peak(x, floor=floor), GAIN_BLOCK)` gives them: oversampled wherever a
    TP_BLOCK or its neighbours could pass `floor`, else `amax_b` (each gain block's largest sample
    magnitude, the last padded with zeros)."""
    n_tp = -(-len(amax_b) // _PER)
    bmax = np.zeros(n_tp * _PER, dtype=np.float32)
    bmax[: len(amax_b)] = amax_b
    bmax = bmax.reshape(n_tp, _PER).max(axis=1)
    near = bmax.copy()
    np.maximum(near[1:], bmax[:-1], out=near[1:])
    np.maximum(near[:-1], bmax[1:], out=near[:-1])
    hot = np.flatnonzero(near * BOUND > floor)
    peaks = amax_b.astype(np.float32, copy=True)
    per_chunk = stream.CHUNK // TP_BLOCK
    bounds = np.searchsorted(hot, np.arange(0, n_tp + per_chunk, per_chunk))
    for c, (i, j) in enumerate(itertools.pairwise(bounds)):
        if i == j:
            continue
        first = c * per_chunk
        last = min(n_tp, first + per_chunk)
        padded = source.read(first * TP_BLOCK - HALO, last * TP_BLOCK + HALO)
        found = window_peaks(padded, hot[i:j] - first).reshape(j - i, _PER, GAIN_BLOCK).max(axis=2)
        rows = (hot[i:j, None] * _PER + np.arange(_PER)[None, :]).reshape(-1)
        keep = rows < len(peaks)
        peaks[rows[keep]] = found.reshape(-1)[keep]
    return peaks


class PeakMeter:
    """The largest 4x-oversampled magnitude of a signal fed in TP_BLOCK-aligned pieces, each
    with HALO samples of context either side: a block is oversampled only if it could beat the
    largest peak seen so far, so the result is exact and most quiet blocks cost nothing."""

    def __init__(self) -> None:
        self.peak = 0.0

    def feed(self, padded: np.ndarray, length: int) -> None:
        """`padded` holds HALO samples of context, `length` samples, then context (or zeros)
        filling it to a whole number of TP_BLOCKs plus HALO."""
        if length <= 0:
            return
        n_tp = -(-length // TP_BLOCK)
        mag = np.abs(padded[: n_tp * TP_BLOCK + 2 * HALO])
        self.peak = max(self.peak, float(mag[HALO : HALO + length].max()))
        span = n_tp * TP_BLOCK  # each block's window: its samples and HALO either side
        head = mag[:span].reshape(n_tp, TP_BLOCK).max(axis=1)
        tail = mag[2 * HALO : 2 * HALO + span].reshape(n_tp, TP_BLOCK).max(axis=1)
        bound = np.maximum(head, tail) * BOUND
        hot = np.flatnonzero(bound > self.peak)
        if len(hot):
            found = window_peaks(padded, hot)
            self.peak = max(self.peak, float(found.max()))
