"""Segment cache: one WAV per (spoken text, engine identity); an entry counts after its rename."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from podcast.tts.base import Speech
from podcast.util.atomic import atomic_path
from podcast.util.wav import wav_info, write_wav


def default_cache_dir() -> Path:
    """$PODCAST_CACHE_DIR, else $XDG_CACHE_HOME/recap-podcast, else ~/.cache/recap-podcast."""
    if env := os.environ.get("PODCAST_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recap-podcast"


def cache_key(text: str, engine_identity: str) -> str:
    return hashlib.sha256(f"{engine_identity}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class SegmentCache:
    root: Path

    def path_for(self, key: str) -> Path:
        return self.root / "tts" / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Path | None:
        """The entry's path if it and its spans exist and the WAV is complete and readable."""
        path = self.path_for(key)
        if not path.with_suffix(".json").is_file():
            return None
        try:
            _, frames = wav_info(path)
        except (OSError, ValueError):
            return None
        return path if frames > 0 else None

    def put(self, key: str, speech: Speech) -> Path:
        """Spans first, then the WAV: the WAV's rename is what makes the entry count."""
        path = self.path_for(key)
        spans = json.dumps({"sample_rate": speech.sample_rate, "spans": speech.spans})
        with atomic_path(path.with_suffix(".json")) as tmp:
            tmp.write_text(spans)
        with atomic_path(path) as tmp:
            write_wav(tmp, speech.samples, speech.sample_rate)
        return path

    def spans(self, key: str) -> list[tuple[int, int]]:
        data = json.loads(self.path_for(key).with_suffix(".json").read_text())
        return [(int(a), int(b)) for a, b in data["spans"]]

    def sweep(self, older_than_s: float = 900.0) -> int:
        """Remove temp files a killed run left behind (they were never entries)."""
        cutoff = time.time() - older_than_s
        removed = 0
        for tmp in (self.root / "tts").glob("*/.*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
                    removed += 1
        return removed

    def stats(self) -> tuple[int, int]:
        """(entries, bytes)."""
        files = list((self.root / "tts").glob("*/*.wav"))
        return len(files), sum(f.stat().st_size for f in files)

    def clear(self) -> int:
        files = list((self.root / "tts").glob("*/*.wav"))
        for f in files:
            f.unlink(missing_ok=True)
            f.with_suffix(".json").unlink(missing_ok=True)
        return len(files)
