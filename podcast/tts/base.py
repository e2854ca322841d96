"""The Engine protocol and the explicit registry of backends. Heavy imports live in each backend."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from podcast.errors import ConfigError
from podcast.models import VoiceProfile

if TYPE_CHECKING:
    import numpy as np  # the samples' type only: `podcast cache` and the registry need no numpy


@dataclass(frozen=True)
class Speech:
    """Mono float32 samples in [-1, 1] at `sample_rate`; `spans` are the (start, end) sample
    offsets of each sentence of the text (util.sentences.split_sentences), when known."""

    samples: np.ndarray
    sample_rate: int
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


class Engine(Protocol):
    """A loaded voice. `identity` names everything that changes its output (for the cache key);
    each backend class also has `describe(profile)`, the same identity without loading a model."""

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


def _backend(profile: VoiceProfile) -> Any:
    target = REGISTRY.get(profile.engine)
    if target is None:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(
            f"voice '{profile.name}' uses unknown engine '{profile.engine}'; use one of: {known}"
        )
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def describe_voice(profile: VoiceProfile) -> str:
    """The voice's cache identity without loading its model; raises if it is not available."""
    identity: str = _backend(profile).describe(profile)
    return identity


def load_engine(profile: VoiceProfile) -> Engine:
    """Import the profile's backend and load the voice. Missing packages raise DependencyError."""
    engine: Engine = _backend(profile)(profile)
    return engine
