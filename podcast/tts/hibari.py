"""hibari-tts backend: the "heart" voice ships inside the wheel, so it runs offline."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import numpy as np

from podcast.errors import ConfigError, DependencyError
from podcast.models import VoiceProfile
from podcast.tts.base import Speech
from podcast.tts.modelhash import model_hash
from podcast.tts.trim import join_sentences, join_with_spans
from podcast.util.sentences import split_sentences

_SEED = 0  # hibari adds a noise component; a fixed seed makes the same text give the same audio
_SENTENCE_GAP_S = 0.32  # between sentences of a segment, after trimming the model's own silence
SAMPLE_RATE = 24000


def _model_file(profile: VoiceProfile) -> Path:
    """The voice's ONNX file, only when it ships inside the wheel (never a run-time download)."""
    voice = profile.voice or "heart"
    try:
        from hibari.voices import VOICES, voice_path
    except ImportError:
        raise DependencyError(
            "the hibari engine needs hibari-tts; run 'pip install hibari-tts' (or 'make setup')"
        ) from None
    bundled = sorted(name for name, v in VOICES.items() if v.get("bundled"))
    if voice not in bundled:
        raise ConfigError(
            f"voice profile '{profile.name}': hibari voice '{voice}' is not in the wheel "
            f"and would be downloaded at run time; use one of: {', '.join(bundled)}"
        )
    return Path(voice_path(voice, download_missing=False))


class HibariEngine:
    """One loaded hibari voice (an ONNX session: load once per worker process)."""

    name = "hibari"
    sample_rate = SAMPLE_RATE

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        """What changes this voice's output, without loading it (the cache key's engine part)."""
        return (
            f"hibari/{metadata.version('hibari-tts')}/{profile.voice or 'heart'}"
            f"/{model_hash(_model_file(profile))}/speed={profile.speed or 1.0}"
            f"/seed={_SEED}/gap={_SENTENCE_GAP_S}/sr={SAMPLE_RATE}"
        )

    def __init__(self, profile: VoiceProfile) -> None:
        self._identity = self.describe(profile)
        from hibari import Hibari

        self._tts = Hibari(voice=profile.voice or "heart", threads=1)
        self.sample_rate = int(self._tts.sample_rate)
        self._speed = profile.speed or 1.0

    def identity(self) -> str:
        return self._identity

    def _sentence(self, sentence: str) -> np.ndarray:
        chunks = self._tts.stream(sentence, speed=self._speed, seed=_SEED)
        return join_sentences(chunks, self.sample_rate, _SENTENCE_GAP_S)

    def synthesize(self, text: str) -> Speech:
        parts = [self._sentence(s) for s in split_sentences(text)]
        audio, spans = join_with_spans(parts, self.sample_rate, _SENTENCE_GAP_S)
        samples = np.clip(audio, -1.0, 1.0)
        return Speech(samples=samples, sample_rate=self.sample_rate, spans=spans)
