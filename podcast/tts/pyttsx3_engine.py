"""pyttsx3 (espeak-ng) backend: each segment in a fresh child process, its file checked after.
A failure is one attempt: the TTS pool alone retries, so a segment is tried at most 3 times."""

from __future__ import annotations

import functools
import re
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

from podcast.errors import ConfigError, DependencyError, TTSError
from podcast.models import VoiceProfile
from podcast.tts.base import Speech
from podcast.tts.trim import trim_silence
from podcast.util import subproc
from podcast.util.wav import read_wav

_DEFAULT_RATE = 200  # pyttsx3's own default, words per minute
_RATE_PER_SPEED = 175  # rate for speed 1.0
_SAMPLE_RATE = 22050  # what espeak-ng produces (and what the driver writes in the header)
# Plausible seconds per word at 175 wpm after trimming (measured 0.33-0.53), generous
# either side so only a missing, truncated or swapped file trips it.
_MIN_S_PER_WORD = 0.15
_MAX_S_PER_WORD = 1.5
_MAX_S_PER_CHAR = 0.15  # digits and symbols are spoken long: "1,234" is one word
_FLOOR_S = 2.0  # upper-bound headroom for very short texts


@functools.lru_cache(maxsize=1)
def _pyttsx3_version() -> str:
    try:
        return metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:
        raise DependencyError(
            "the pyttsx3 engine needs pyttsx3; run 'pip install pyttsx3' (or 'make setup')"
        ) from None


@functools.lru_cache(maxsize=1)
def _espeak_version() -> str:
    out = subproc.run(["espeak-ng", "--version"], timeout=10).stdout.decode("utf-8", "replace")
    match = re.search(r"text-to-speech:\s*(\S+)", out)
    return match.group(1) if match else (out.split() or ["unknown"])[-1]


def _rate(profile: VoiceProfile) -> int:
    return _DEFAULT_RATE if profile.speed is None else round(_RATE_PER_SPEED * profile.speed)


def _resolve_voice(wanted: str | None, profile_name: str) -> str:
    """The pyttsx3 voice id matching `wanted` by id, id tail, name or language ("" = default)."""
    try:
        import pyttsx3

        voices = pyttsx3.init("espeak").getProperty("voices")
    except ImportError:
        raise DependencyError(
            "the pyttsx3 engine needs pyttsx3; run 'pip install pyttsx3' (or 'make setup')"
        ) from None
    except (RuntimeError, OSError) as exc:
        raise DependencyError(
            f"pyttsx3 cannot load espeak-ng ({exc}); run 'apt-get install -y espeak-ng'"
        ) from None
    if not wanted:
        return ""
    key = wanted.lower()
    tests = (
        lambda v: v.id.lower() == key,
        lambda v: v.id.lower().rsplit("/", 1)[-1] == key,
        lambda v: (v.name or "").lower() == key,
        lambda v: key in [str(lang).lower() for lang in (v.languages or [])],
    )
    for test in tests:
        for v in voices:
            if test(v):
                return str(v.id)
    english = [v.id.rsplit("/", 1)[-1] for v in voices if "english" in (v.name or "").lower()]
    few = ", ".join((english or [v.id for v in voices])[:8])
    raise ConfigError(
        f"voice profile '{profile_name}': espeak-ng has no voice '{wanted}'; try one of: {few}"
    )


class Pyttsx3Engine:
    """espeak-ng through pyttsx3; synthesis runs in a child process per segment."""

    name = "pyttsx3"
    sample_rate = _SAMPLE_RATE

    def __init__(self, profile: VoiceProfile) -> None:
        self._profile = profile
        self._rate = _rate(profile)
        self._identity = self.describe(profile)  # checks pyttsx3 and the espeak-ng program
        self._voice_id = _resolve_voice(profile.voice, profile.name)

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        """The cache identity, without loading anything but two version strings."""
        return (
            f"pyttsx3/{_pyttsx3_version()}/espeak-ng/{_espeak_version()}"
            f"/{profile.voice or 'default'}/rate={_rate(profile)}"
            f"/sr={cls.sample_rate}"
        )

    def identity(self) -> str:
        return self._identity

    def synthesize(self, text: str) -> Speech:
        if not text.strip():
            return Speech(samples=np.zeros(0, dtype=np.float32), sample_rate=self.sample_rate)
        with tempfile.TemporaryDirectory(prefix="pyttsx3-") as tmp:
            try:
                samples = self._render_once(text, Path(tmp) / "segment.wav")
            except (OSError, ValueError) as exc:
                # espeak-ng now and then drops or truncates a file: transient, and the TTS pool
                # (the one layer that retries speech) tries again in a fresh child.
                raise TTSError(f"pyttsx3 failed to speak {text[:40]!r}: {exc}") from exc
        samples = np.clip(samples, -1.0, 1.0).astype(np.float32)
        return Speech(samples=samples, sample_rate=self.sample_rate)

    def _render_once(self, text: str, wav: Path) -> np.ndarray:
        """Speak `text` into `wav` in a fresh child, check the file, return trimmed samples."""
        args = [sys.executable, "-m", "podcast.tts.pyttsx3_child", str(wav)]
        args += [self._voice_id, str(self._rate)]
        subproc.run(args, timeout=20.0 + 0.05 * len(text), input_bytes=text.encode("utf-8"))
        if not wav.is_file():
            raise ValueError(f"no file written at {wav.name}")
        pcm, rate = read_wav(wav)  # ValueError unless 16-bit PCM
        if rate != self.sample_rate:
            raise ValueError(f"unexpected WAV format: {rate} Hz")
        samples = trim_silence(pcm, rate)
        if samples.size == 0:
            raise ValueError("the WAV file is empty or silent")
        low, high = plausible_duration_s(text, self._rate)
        duration = samples.size / rate
        if not low <= duration <= high:
            raise ValueError(
                f"{duration:.2f} s of audio is implausible (expected {low:.2f}-{high:.2f} s)"
            )
        return samples


def plausible_duration_s(text: str, rate_wpm: float) -> tuple[float, float]:
    """Bounds on the trimmed duration of `text` spoken at `rate_wpm` (normal rate is 175)."""
    words = max(1, len(text.split()))
    scale = _RATE_PER_SPEED / rate_wpm
    low = _MIN_S_PER_WORD * words * scale if words > 2 else 0.05
    high = (max(_MAX_S_PER_WORD * words, _MAX_S_PER_CHAR * len(text)) + _FLOOR_S) * scale
    return low, high
