"""16-bit PCM WAV files and float <-> PCM conversion: the one place the project reads and writes
WAV (standard-library `wave`). numpy is imported by the functions that need it, so a process
that only writes PCM bytes (the pyttsx3 child, one per segment) starts without it. A malformed or
unsupported file raises ValueError; a missing one OSError."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

PCM16_SCALE = 32767.0  # float 1.0 is written as this (symmetric: -1.0 is -32767)
READ_SCALE = 32768.0  # a sample is read back as int16 / this, so every value stays within [-1, 1)


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Float samples to little-endian 16-bit PCM by rounding (no dither), saturating at the
    format's limits."""
    import numpy as np

    x = np.asarray(samples, dtype=np.float32)
    return np.clip(np.rint(x * PCM16_SCALE), -32768, 32767).astype("<i2")


def write_pcm16(path: Path, pcm: bytes | np.ndarray, sample_rate: int) -> None:
    """Write 16-bit mono PCM (`bytes`, or a little-endian int16 array) as a WAV file at `path`."""
    data = pcm if isinstance(pcm, bytes) else pcm.astype("<i2", copy=False).tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(data)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Float mono samples (clipped to [-1, 1]) as a 16-bit mono WAV file."""
    import numpy as np

    write_pcm16(path, to_pcm16(np.clip(samples, -1.0, 1.0)), sample_rate)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV file (any channel count) as mono float32 samples (channels averaged) and
    its sample rate."""
    import numpy as np

    try:
        with wave.open(str(path), "rb") as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"not a readable PCM WAV file ({exc})") from None
    if width != 2:
        raise ValueError(f"{8 * width}-bit samples; expected 16-bit PCM")
    x = np.frombuffer(raw, dtype="<i2").astype(np.float32) / READ_SCALE
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return x, rate


def wav_info(path: Path) -> tuple[int, int]:
    """(sample rate, frames) from the header."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getframerate(), w.getnframes()
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"not a readable PCM WAV file ({exc})") from None
