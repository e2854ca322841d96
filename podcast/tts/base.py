"""The Engine protocol and the explicit registry of backends. Heavy imports live in each backend."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from podcast.errors import ConfigError
from podcast.models import VoiceProfile


@dataclass(frozen=True)
class Speech:
    """Mono float32 samples in [-1, 1] at `sample_rate`."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


class Engine(Protocol):
    """A loaded voice. `identity` names everything that changes its output (for the cache key)."""

    name: str
    sample_rate: int

    def identity(self) -> str: ...

    def synthesize(self, text: str) -> Speech: ...


# engine name -> "module:factory"; the factory takes a VoiceProfile and returns an Engine.
REGISTRY: dict[str, str] = {
    "hibari": "podcast.tts.hibari:HibariEngine",
    "piper": "podcast.tts.piper:PiperEngine",
    "pyttsx3": "podcast.tts.pyttsx3_engine:Pyttsx3Engine",
    "fake": "podcast.tts.fake:FakeEngine",
}


def load_engine(profile: VoiceProfile) -> Engine:
    """Import the profile's backend and load the voice. Missing packages raise DependencyError."""
    target = REGISTRY.get(profile.engine)
    if target is None:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(
            f"voice '{profile.name}' uses unknown engine '{profile.engine}'; use one of: {known}"
        )
    module_name, _, attr = target.partition(":")
    factory = getattr(importlib.import_module(module_name), attr)
    engine: Engine = factory(profile)
    return engine
