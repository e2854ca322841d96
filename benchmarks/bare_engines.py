"""`python -m benchmarks.bare_engines RECAP [--runs N]`: the bare engines reading the script's
words in this one process, the yardstick of the cold render (issue 13).

The recap is planned for the default show; each segment is read by the engine of the voice its
role maps to: hibari through `Hibari(threads=1)` (its own sentence stream), Piper through
`PiperVoice.synthesize_wav` into an in-memory WAV. Both models are loaded first, untimed (as the
project's engines load them, offline). Prints one JSON object: the runs' seconds and the audio.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from podcast.config import load_show
from podcast.models import VoiceProfile
from podcast.pipeline import build_script
from podcast.tts.hibari import _SEED as hibari_seed
from podcast.tts.hibari import HibariEngine
from podcast.tts.piper import PiperEngine

Reader = Callable[[str], float]  # reads a text, returns the seconds of audio it made


def _hibari(engine: HibariEngine, speed: float, seed: int) -> Reader:
    tts = engine._tts  # the bare hibari.Hibari(threads=1) the engine loaded

    def read(text: str) -> float:
        samples = sum(len(chunk) for chunk in tts.stream(text, speed=speed, seed=seed))
        return samples / float(tts.sample_rate)

    return read


def _piper(engine: PiperEngine) -> Reader:
    voice, config = engine._voice, engine._config  # the bare piper.PiperVoice and its settings

    def read(text: str) -> float:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            voice.synthesize_wav(text, wav, syn_config=config)
        buffer.seek(0)
        with wave.open(buffer, "rb") as wav:
            return wav.getnframes() / float(wav.getframerate())

    return read


def readers(roles: dict[str, str], profiles: dict[str, VoiceProfile]) -> dict[str, Reader]:
    """One loaded reader per voice profile the show's roles use (loading is not timed)."""
    out: dict[str, Reader] = {}
    for name in dict.fromkeys(roles.values()):
        profile = profiles[name]
        if profile.engine == "hibari":
            out[name] = _hibari(HibariEngine(profile), profile.speed or 1.0, hibari_seed)
        elif profile.engine == "piper":
            out[name] = _piper(PiperEngine(profile))
        else:
            raise SystemExit(f"error: voice {name} uses {profile.engine}, not hibari or piper")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bare_engines")
    parser.add_argument("recap", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    show = load_show(None)
    _, script = build_script(args.recap, show)
    started = time.perf_counter()
    read = readers(dict(show.roles), dict(show.voices))
    load_s = time.perf_counter() - started
    jobs = [(read[show.voice_for(s.role).name], s.text) for s in script.segments]
    runs: list[float] = []
    audio_s = 0.0
    for _ in range(args.runs):
        start = time.perf_counter()
        audio_s = sum(reader(text) for reader, text in jobs)
        runs.append(time.perf_counter() - start)
    words = sum(len(s.text.split()) for s in script.segments)
    print(json.dumps({"runs_s": runs, "load_s": load_s, "audio_s": audio_s, "words": words,
                      "segments": len(jobs)}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
