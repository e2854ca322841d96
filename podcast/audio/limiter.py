"""The look-ahead limiter's parts: true peaks by 4x oversampling (BS.1770 style) of the blocks
that need it, and a smooth per-block gain that never lets a true peak pass a ceiling (mastering
applies it while streaming: audio/master.py, audio/peaks.py)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HOLD_S = 0.025  # look-ahead, and the length of each gain ramp
GAIN_BLOCK = 32  # the limiter's gain is decided per block of this many samples
_OVERSAMPLE = 4
_DELAY = 6  # half the interpolator's length per phase, in input samples
TP_BLOCK = 256  # true peak: samples per block considered for oversampling
HALO = 16  # input samples either side of a block for the interpolation filter
_GROUP = 2048  # blocks oversampled per numpy call
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def gain_curve(need: np.ndarray, sample_rate: int) -> np.ndarray:
    """Smooth per-block gain that never exceeds `need` (the gain each block needs, ≤ 1).

    A min-filter over the hold window (look-ahead and hold), then two box filters that each reach
    half of it: every value averaged into a block is already ≤ that block's need.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d  # slow to import: used here only

    hold = max(2, round(HOLD_S * sample_rate / GAIN_BLOCK))
    gain = minimum_filter1d(need.astype(np.float32), size=2 * hold + 3, mode="nearest")
    gain = uniform_filter1d(gain, size=hold, mode="nearest")
    gain = uniform_filter1d(gain, size=hold, mode="nearest")
    return np.minimum(gain, need).astype(np.float32)


def window_peaks(padded: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Per-sample 4x-oversampled magnitude in the given `TP_BLOCK`-sample blocks of a signal held
    in `padded` with HALO samples of context (or zeros) before its first block and after its last.

    Each block's result depends only on its own samples and halo, so a signal cut into pieces
    (each with its halo) gives what the whole gives. Groups of blocks run on a few threads
    (numpy's convolution releases the GIL); the output does not depend on the scheduling.
    """
    width = TP_BLOCK + 2 * HALO
    windows = sliding_window_view(padded, width)[::TP_BLOCK]
    result = np.empty((len(blocks), TP_BLOCK), dtype=np.float32)

    def group(g: int) -> None:
        idx = blocks[g : g + _GROUP]
        chunk = windows[idx]
        flat = chunk.reshape(-1)
        best = np.abs(chunk[:, HALO : HALO + TP_BLOCK])
        for phase in _PHASES:
            y = np.convolve(flat, phase)[_DELAY : _DELAY + len(flat)]
            core = y.reshape(len(idx), width)[:, HALO : HALO + TP_BLOCK]
            np.maximum(best, np.abs(core), out=best)
        result[g : g + len(idx)] = best

    starts = range(0, len(blocks), _GROUP)
    if len(starts) <= 1:
        for g in starts:
            group(g)
    else:
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            list(pool.map(group, starts))
    return result


def _interpolator() -> tuple[list[np.ndarray], float]:
    """The fractional phases of a 49-tap 4x interpolator (a Nyquist filter: phase 0 is the input
    itself) and the largest factor by which they can exceed the input's peak.

    The filter is what scipy.signal.firwin(taps, 1 / 4, window=("kaiser", 6.0)) gives, bit for bit
    (tests/test_lazy_imports.py compares them), built with numpy: importing scipy.signal here
    would cost every `import podcast.pipeline` about a second."""
    taps = 4 * 2 * _DELAY + 1
    cutoff = 1.0 / _OVERSAMPLE
    m = np.arange(taps) - 0.5 * (taps - 1)
    h = cutoff * np.sinc(cutoff * m) * np.kaiser(taps, 6.0)
    h = h / np.sum(h)
    h = h / h[4 * _DELAY]
    phases = [h[p::_OVERSAMPLE].astype(np.float32) for p in range(1, _OVERSAMPLE)]
    return phases, 1.01 * max(float(np.abs(ph).sum()) for ph in phases)


_PHASES, BOUND = _interpolator()
