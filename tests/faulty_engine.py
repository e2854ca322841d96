"""Test-only engines registered into podcast.tts.base.REGISTRY by tests: they fail or hang."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np

from podcast.errors import ConfigError
from podcast.models import VoiceProfile
from podcast.tts.base import Speech
from podcast.tts.fake import FakeEngine


class FlakyEngine(FakeEngine):
    """Fails the first time it sees a text (remembered in a marker folder named by the voice)."""

    name = "flaky"

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"flaky/{profile.voice}"

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        self._marks = Path(profile.voice or ".")

    def synthesize(self, text: str) -> Speech:
        mark = self._marks / str(abs(hash(text)))
        if "ALWAYS-FAIL" in text:
            raise RuntimeError("the model rejected this text")
        if not mark.exists():
            mark.write_text("seen")
            raise RuntimeError("transient engine crash")
        return super().synthesize(text)


class HangingEngine(FakeEngine):
    """Hangs (with a child process) on texts that contain HANG; writes the child's pid first."""

    name = "hanging"

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"hanging/{profile.voice}"

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        self._pids = Path(profile.voice or ".")

    def synthesize(self, text: str) -> Speech:
        if "HANG" in text:
            child = subprocess.Popen(["sleep", "300"])
            (self._pids / f"{child.pid}.pid").write_text(str(os.getpid()))
            time.sleep(300)
        return super().synthesize(text)


class HoleEngine(FakeEngine):
    """The fake engine, but a sentence containing "kerplunk" also holds 5 s of silence."""

    name = "hole"

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"hole/{profile.name}"

    def synthesize(self, text: str) -> Speech:
        speech = super().synthesize(text)
        if "kerplunk" not in text.lower():
            return speech
        silence = np.zeros(5 * self.sample_rate, dtype=np.float32)
        samples = np.concatenate([speech.samples, silence, speech.samples])
        return Speech(samples, self.sample_rate, ((0, len(samples)),))


class CountingEngine(FakeEngine):
    """Logs every attempt at a text (one JSON line in `<voice folder>/attempts.log`) and fails on
    marker words: "kaboom" always raises (an engine bug or crash, worth a retry), "fizzle" kills
    its worker process the first time, "gibberish" is refused for good (ConfigError: the same
    text fails the same way) and "diskfull" meets a full disk (OSError ENOSPC)."""

    name = "counting"

    @classmethod
    def describe(cls, profile: VoiceProfile) -> str:
        return f"counting/{profile.voice}"

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        self._dir = Path(profile.voice or ".")

    def synthesize(self, text: str) -> Speech:
        with open(self._dir / "attempts.log", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(text) + "\n")
        low = text.lower()
        if "kaboom" in low:
            raise RuntimeError("the engine crashed")
        if "gibberish" in low:
            raise ConfigError("this voice cannot speak gibberish")
        if "diskfull" in low:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self._dir / "x.wav"))
        mark = self._dir / f"fizzled-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        if "fizzle" in low and not mark.exists():
            mark.write_text("died once")
            os._exit(9)
        return super().synthesize(text)


def attempts(folder: Path) -> list[str]:
    """The texts CountingEngine was asked to speak, one per attempt, in order."""
    log = folder / "attempts.log"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
