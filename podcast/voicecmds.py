"""The voice and cache commands: list profiles, audition one line, inspect or clear the cache."""

from __future__ import annotations

import argparse
from pathlib import Path

from podcast.config import load_show
from podcast.errors import ConfigError, InputError, PodcastError
from podcast.tts.base import describe_voice, load_engine
from podcast.tts.cache import SegmentCache, default_cache_dir
from podcast.util.atomic import atomic_path
from podcast.util.wav import write_wav


def cmd_voices(args: argparse.Namespace) -> int:
    show = load_show(args.show)
    roles: dict[str, list[str]] = {}
    for role, name in show.roles.items():
        roles.setdefault(name, []).append(role)
    rows = [("voice", "engine", "model", "available", "rate", "roles")]
    for name, profile in sorted(show.voices.items()):
        try:
            identity = describe_voice(profile)
            available, rate = "yes", identity.rsplit("sr=", 1)[-1] + " Hz"
        except PodcastError as exc:
            available, rate = f"no: {exc}", "-"
        rows.append(
            (
                name,
                profile.engine,
                profile.voice or "default",
                available,
                rate,
                ",".join(sorted(roles.get(name, []))) or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        )
    return 0


def cmd_say(args: argparse.Namespace) -> int:
    show = load_show(args.show)
    if args.voice not in show.voices:
        raise ConfigError(
            f"no voice profile '{args.voice}'; known: {', '.join(sorted(show.voices))}"
        )
    out = Path(args.output)
    if out.suffix.lower() != ".wav":
        raise InputError(f"output {out} must end in .wav")
    text = " ".join(args.text.split())
    if not text:
        raise InputError("nothing to say: pass the text to speak")
    speech = load_engine(show.voices[args.voice]).synthesize(text)
    with atomic_path(out) as tmp:
        write_wav(tmp, speech.samples, speech.sample_rate)
    print(f"wrote {out} ({speech.duration_s:.2f} s, {speech.sample_rate} Hz)")
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    cache = SegmentCache(args.cache_dir or default_cache_dir())
    if args.action == "clear":
        print(f"removed {cache.clear()} cached segments from {cache.root}")
    else:
        entries, size = cache.stats()
        print(f"{cache.root}: {entries} segments, {size / 1e6:.1f} MB")
    return 0
