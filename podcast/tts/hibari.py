"""hibari-tts backend: the "heart" voice ships inside the wheel, so it runs offline."""

from __future__ import annotations

import hashlib
from importlib import metadata

import numpy as np

from podcast.errors import ConfigError, DependencyError
from podcast.models import VoiceProfile
from podcast.tts.base import Speech
from podcast.tts.trim import join_sentences

# Only voices whose model is inside the wheel: the others download from a hub at run time.
_BUNDLED = {"heart"}
_SEED = 0  # hibari adds a noise component; a fixed seed makes the same text give the same audio
_SENTENCE_GAP_S = 0.32  # between sentences of one segment, after trimming the model's own silence


class HibariEngine:
    """One loaded hibari voice (an ONNX session: load once per worker process)."""

    name = "hibari"

    def __init__(self, profile: VoiceProfile) -> None:
        voice = profile.voice or "heart"
        if voice not in _BUNDLED:
            raise ConfigError(
                f"voice profile '{profile.name}': hibari voice '{voice}' is not in the wheel "
                f"and would be downloaded at run time; use one of: {', '.join(sorted(_BUNDLED))}"
            )
        try:
            from hibari import Hibari
        except ImportError:
            raise DependencyError(
                "the hibari engine needs hibari-tts; run 'pip install hibari-tts' (or 'make setup')"
            ) from None
        self._tts = Hibari(voice=voice, threads=1)
        self.sample_rate = int(self._tts.sample_rate)
        self._speed = profile.speed or 1.0
        self._gain = 10 ** (profile.gain_db / 20)
        with open(self._tts.model_path, "rb") as fh:
            model_hash = hashlib.sha256(fh.read()).hexdigest()[:16]
        self._identity = (
            f"hibari/{metadata.version('hibari-tts')}/{voice}/{model_hash}"
            f"/speed={self._speed}/gain={profile.gain_db}/seed={_SEED}/gap={_SENTENCE_GAP_S}"
            f"/sr={self.sample_rate}"
        )

    def identity(self) -> str:
        return self._identity

    def synthesize(self, text: str) -> Speech:
        parts = self._tts.stream(text, speed=self._speed, seed=_SEED)
        audio = join_sentences(parts, self.sample_rate, _SENTENCE_GAP_S)
        samples = np.clip(audio * self._gain, -1.0, 1.0)
        return Speech(samples=samples, sample_rate=self.sample_rate)
