"""True peaks by 4x oversampling (BS.1770 style) and a look-ahead limiter whose smooth gain never
lets a true peak pass a ceiling; only the loud stretches are oversampled, so it stays fast."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import firwin

HOLD_S = 0.025  # look-ahead, and the length of each gain ramp
GAIN_BLOCK = 32  # the limiter's gain is decided per block of this many samples
_OVERSAMPLE = 4
_DELAY = 6  # half the interpolator's length per phase, in input samples
TP_BLOCK = 256  # true peak: samples per block considered for oversampling
HALO = 16  # input samples either side of a block for the interpolation filter
_GROUP = 2048  # blocks oversampled per numpy call
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def limit(x: np.ndarray, sample_rate: int, ceiling: float) -> np.ndarray:
    """`x` with its 4x-oversampled peaks at or under `ceiling` (linear), changed only near them."""
    x = np.asarray(x, dtype=np.float32)
    peaks = block_max(true_peak(x, floor=ceiling), GAIN_BLOCK)
    if float(peaks.max(initial=0.0)) <= ceiling:
        return x
    gain_b = gain_curve(np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12)), sample_rate)
    y = (x * expand(gain_b, len(x))).astype(np.float32)
    over = changed_peak(y, gain_b)
    return y * np.float32(ceiling / over) if over > ceiling else y


def gain_curve(need: np.ndarray, sample_rate: int) -> np.ndarray:
    """Smooth per-block gain that never exceeds `need` (the gain each block needs, ≤ 1).

    A min-filter over the hold window (look-ahead and hold), then two box filters that each reach
    half of it: every value averaged into a block is already ≤ that block's need.
    """
    hold = max(2, round(HOLD_S * sample_rate / GAIN_BLOCK))
    gain = minimum_filter1d(need.astype(np.float32), size=2 * hold + 3, mode="nearest")
    gain = uniform_filter1d(gain, size=hold, mode="nearest")
    gain = uniform_filter1d(gain, size=hold, mode="nearest")
    return np.minimum(gain, need).astype(np.float32)


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
    itself) and the largest factor by which they can exceed the input's peak."""
    h = firwin(4 * 2 * _DELAY + 1, 1.0 / _OVERSAMPLE, window=("kaiser", 6.0))
    h = h / h[4 * _DELAY]
    phases = [h[p::_OVERSAMPLE].astype(np.float32) for p in range(1, _OVERSAMPLE)]
    return phases, 1.01 * max(float(np.abs(ph).sum()) for ph in phases)


_PHASES, BOUND = _interpolator()
