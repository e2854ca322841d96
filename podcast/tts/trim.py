"""Trim an engine's own silence around each sentence so pauses are ours to set, not the model's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

FRAME_S = 0.01


def trim_silence(
    x: np.ndarray,
    sample_rate: int,
    *,
    threshold_db: float = -42.0,
    keep_lead_s: float = 0.04,
    keep_tail_s: float = 0.10,
) -> np.ndarray:
    """`x` without the quiet frames at either end, keeping a little room so no consonant is cut."""
    frame = max(1, int(sample_rate * FRAME_S))
    n = len(x) // frame
    if n == 0:
        return x
    peaks = np.abs(x[: n * frame]).reshape(n, frame).max(axis=1)
    loud = np.flatnonzero(peaks >= 10 ** (threshold_db / 20))
    if loud.size == 0:
        return x[:0]
    start = max(0, loud[0] * frame - int(keep_lead_s * sample_rate))
    end = min(len(x), (loud[-1] + 1) * frame + int(keep_tail_s * sample_rate))
    return x[start:end]


def join_sentences(parts: Iterable[np.ndarray], sample_rate: int, gap_s: float) -> np.ndarray:
    """Trimmed sentences with `gap_s` of silence between them, concatenated once."""
    gap = np.zeros(int(gap_s * sample_rate), dtype=np.float32)
    pieces: list[np.ndarray] = []
    for part in parts:
        trimmed = trim_silence(part, sample_rate)
        if trimmed.size:
            if pieces:
                pieces.append(gap)
            pieces.append(trimmed.astype(np.float32, copy=False))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


def join_with_spans(
    parts: Sequence[np.ndarray], sample_rate: int, gap_s: float
) -> tuple[np.ndarray, tuple[tuple[int, int], ...]]:
    """Like join_sentences, for one part per sentence, also giving each sentence's sample span
    (a sentence that trims to nothing gets an empty span where it would have been)."""
    gap = np.zeros(int(gap_s * sample_rate), dtype=np.float32)
    pieces: list[np.ndarray] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in parts:
        trimmed = trim_silence(part, sample_rate).astype(np.float32, copy=False)
        if trimmed.size and pieces:
            pieces.append(gap)
            pos += gap.size
        spans.append((pos, pos + trimmed.size))
        if trimmed.size:
            pieces.append(trimmed)
            pos += trimmed.size
    audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return audio, tuple(spans)


def proportional_spans(sentences: Sequence[str], n_samples: int) -> tuple[tuple[int, int], ...]:
    """Sentence spans shared out by character count, for engines that cannot report them."""
    total = sum(len(s) for s in sentences) or 1
    spans, pos = [], 0
    for s in sentences:
        end = pos + round(n_samples * len(s) / total)
        spans.append((pos, min(end, n_samples)))
        pos = end
    return tuple(spans)
