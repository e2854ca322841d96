"""A fake engine for tests: a quiet tone whose length follows the word count exactly."""

from __future__ import annotations

import hashlib

import numpy as np

from podcast.models import VoiceProfile
from podcast.tts.base import Speech
from podcast.tts.trim import join_with_spans
from podcast.util.sentences import split_sentences

_GAP_S = 0.25


class FakeEngine:
    """Speaks `words * 60 / words_per_minute` seconds of a tone; the pitch depends on the voice."""

    name = "fake"
    sample_rate = 24000

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"fake/2/{profile.name}/wpm={profile.words_per_minute}/sr={cls.sample_rate}"

    def __init__(self, profile: VoiceProfile) -> None:
        self._wpm = profile.words_per_minute
        digest = hashlib.sha256(profile.name.encode()).digest()
        self._freq = 150.0 + digest[0]  # a distinct, stable pitch per profile
        self._identity = self.describe(profile)

    def identity(self) -> str:
        return self._identity

    def synthesize(self, text: str) -> Speech:
        """One tone per sentence with a fixed gap: exact, known sentence spans."""
        parts = [self._tone(s) for s in split_sentences(text)] or [self._tone(text)]
        audio, spans = join_with_spans(parts, self.sample_rate, _GAP_S)
        return Speech(samples=audio, sample_rate=self.sample_rate, spans=spans)

    def _tone(self, text: str) -> np.ndarray:
        words = max(1, len(text.split()))
        n = round(words * 60.0 / self._wpm * self.sample_rate)
        t = np.arange(n, dtype=np.float64) / self.sample_rate
        # An amplitude-modulated tone: speech-like level changes, nothing silent for long.
        env = 0.55 + 0.45 * np.sin(2 * np.pi * 3.0 * t) ** 2
        return (0.3 * env * np.sin(2 * np.pi * self._freq * t)).astype(np.float32)
