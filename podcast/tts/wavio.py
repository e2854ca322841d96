"""16-bit mono WAV files, read and written with the standard library."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from podcast.tts.base import Speech


def write_wav(path: Path, speech: Speech) -> None:
    pcm = (np.clip(speech.samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(speech.sample_rate)
        w.writeframes(pcm.tobytes())


def read_wav(path: Path) -> Speech:
    with wave.open(str(path), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit mono WAV")
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return Speech(samples=pcm.astype(np.float32) / 32767.0, sample_rate=rate)


def wav_info(path: Path) -> tuple[int, float]:
    """(sample rate, duration in seconds) from the header."""
    with wave.open(str(path), "rb") as w:
        return w.getframerate(), w.getnframes() / w.getframerate()
