"""util.wav: the one WAV reader/writer (segment cache, `say`, the pyttsx3 child, the mixer)."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from podcast.util.wav import read_wav, to_pcm16, wav_info, write_pcm16, write_wav

ROOT = Path(__file__).resolve().parents[1]


def test_write_then_read_keeps_every_sample(tmp_path: Path) -> None:
    x = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 1.7, -3.0, 1e-5], dtype=np.float32)
    path = tmp_path / "a.wav"
    write_wav(path, x, 22050)
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    # Clipped to [-1, 1], then 32767 full scale, rounded.
    assert pcm.tolist() == [0, 16384, -16384, 32767, -32767, 32767, -32767, 0]
    samples, rate = read_wav(path)
    assert rate == 22050 and samples.dtype == np.float32
    assert np.array_equal(samples, pcm.astype(np.float32) / 32768.0)
    assert wav_info(path) == (22050, len(x))


def test_to_pcm16_saturates_at_the_format_limits() -> None:
    pcm = to_pcm16(np.array([2.0, -2.0, 0.25], dtype=np.float32))
    assert pcm.dtype == np.dtype("<i2")
    assert pcm.tolist() == [32767, -32768, 8192]


def test_pcm_bytes_and_arrays_write_the_same_file(tmp_path: Path) -> None:
    pcm = np.array([1, -2, 300, -32768], dtype="<i2")
    write_pcm16(tmp_path / "a.wav", pcm, 16000)
    write_pcm16(tmp_path / "b.wav", pcm.tobytes(), 16000)
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()


def test_stereo_is_averaged_to_mono(tmp_path: Path) -> None:
    path = tmp_path / "s.wav"
    frames = np.array([[1000, 3000], [-200, 200], [32767, 32767]], dtype="<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(frames.tobytes())
    samples, rate = read_wav(path)
    assert rate == 8000
    assert samples.tolist() == pytest.approx([2000 / 32768, 0.0, 32767 / 32768])


def test_bad_files_raise_value_error(tmp_path: Path) -> None:
    eight_bit = tmp_path / "u8.wav"
    with wave.open(str(eight_bit), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes([128, 129, 127]))
    with pytest.raises(ValueError, match="8-bit"):
        read_wav(eight_bit)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF\x00\x00")
    with pytest.raises(ValueError):
        read_wav(junk)
    with pytest.raises(ValueError):
        wav_info(junk)
    with pytest.raises(OSError):
        read_wav(tmp_path / "missing.wav")


def test_the_pyttsx3_child_writes_wav_without_numpy() -> None:
    """One child per segment: writing its PCM must not pay for importing numpy."""
    code = "import sys, podcast.tts.pyttsx3_child; print('numpy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
