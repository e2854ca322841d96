"""`python -m benchmarks`: measure every real voice and the default show's episode in one run.

Prints a table and writes benchmarks/results/voices.json. Exits 0 even when a target fails:
this is a measurement, and FAIL is printed plainly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.episode import EpisodeResult, score_episode, time_episode
from benchmarks.report import diagnosis, pool_lines, target_lines, voice_table, write_json
from benchmarks.targets import check
from benchmarks.voices import VoiceResult, score_voice, time_voice
from podcast.config import PROJECT_ROOT, load_show
from podcast.ingest import read_recap
from podcast.models import Segment
from podcast.script.planner import plan
from podcast.tts.base import Speech

SAMPLE = PROJECT_ROOT.parent / "shared" / "samples" / "recap-tech-led-rally.txt"
FALLBACK = PROJECT_ROOT / "examples" / "recap-2026-11-20.md"
RESULTS = Path(__file__).resolve().parent / "results" / "voices.json"
# espeak speaks fast but its transcript is the slow part: by default its WER reads a subset.
SUBSET_ENGINES = {"pyttsx3"}


def _words(segments: Sequence[Segment]) -> int:
    return sum(len(s.text.split()) for s in segments)


def _subset(segments: Sequence[Segment], words: int) -> list[Segment]:
    """Whole segments from the start of the script until at least `words` words."""
    out: list[Segment] = []
    for seg in segments:
        if _words(out) >= words:
            break
        out.append(seg)
    return out


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measure (median)")
    parser.add_argument(
        "--subset-words",
        type=int,
        default=400,
        help="pyttsx3's WER reads the script's first segments up to this many words (0: all)",
    )
    parser.add_argument("--voices", nargs="*", help="only these profiles (default: all but fake)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each timed run, wait up to this many seconds for other processes to use "
        "under 10%% of the CPUs (0: do not wait)",
    )
    parser.add_argument("--skip-episode", action="store_true", help="no episode measures")
    parser.add_argument("--skip-voices", action="store_true", help="no per-voice measures")
    return parser.parse_args(argv)


def _say(text: str) -> None:
    print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    show = load_show()
    source = SAMPLE if SAMPLE.is_file() else FALLBACK
    segments = list(plan(read_recap(source), show).segments)
    words = _words(segments)
    _say(f"Voice benchmark, {dt.datetime.now().isoformat(timespec='seconds')}")
    _say(f"  machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.python_version()}")
    _say(f"  script:  {source} ({len(segments)} segments, {words} words)")
    _say(f"  show:    {show.source}: roles {show.roles}")
    _say(f"  runs:    median of {args.runs}")

    # 1. The episode's TTS time first: the pool forks, so before Whisper or any voice is loaded.
    episode = EpisodeResult(roles=dict(show.roles), error="skipped")
    episode_audio: list[Speech] = []
    if not args.skip_episode:
        _say("- episode TTS: pool (workers=None) vs single (workers=0), interleaved ...")
        episode, episode_audio = time_episode(
            segments, show, runs=args.runs, quiet_wait_s=args.quiet_wait
        )
        _say(f"  {episode.error or f'pool {episode.pool_runs_s}, single {episode.single_runs_s}'}")

    # 2. Each real voice's real-time factor over the whole script.
    voices: list[tuple[VoiceResult, dict[str, Speech]]] = []
    for name, profile in sorted(show.voices.items()):
        if (
            args.skip_voices
            or profile.engine == "fake"
            or (args.voices and name not in args.voices)
        ):
            continue
        _say(f"- RTF {profile.engine}/{name} ...")
        result, audio = time_voice(profile, segments, runs=args.runs, quiet_wait_s=args.quiet_wait)
        voices.append((result, audio))
        _say(f"  {result.error or f'RTF runs {[round(r, 4) for r in result.rtf_runs]}'}")

    # 3. Whisper round trips: each voice on the script (or a subset), then the episode.
    for result, audio in voices:
        scope_segments, scope = segments, f"full script, {words} words"
        if result.engine in SUBSET_ENGINES and args.subset_words:
            scope_segments = _subset(segments, args.subset_words)
            scope = f"subset: first {len(scope_segments)} segments, {_words(scope_segments)} words"
        _say(f"- WER {result.engine}/{result.profile} ({scope}) ...")
        score_voice(result, audio, scope_segments, scope)
        if result.scored:
            _say(f"  {result.scored.wer:.3f} (transcribed in {result.scored.transcribe_s:.1f} s)")
    if episode_audio:
        _say("- WER episode ...")
        score_episode(episode, segments, episode_audio)

    results = [r for r, _ in voices]
    targets = check(results, episode)
    total = time.perf_counter() - started
    failed = [t for t in targets if not t.passed]
    lines = ["", *voice_table(results, episode), "", *pool_lines(episode), ""]
    lines += [*target_lines(targets), ""]
    lines.append(
        f"{len(targets) - len(failed)}/{len(targets)} targets pass"
        + (f"; FAIL: {', '.join(t.name for t in failed)}" if failed else "")
    )
    lines.append("")
    for r in results:
        if r.scored:
            lines += [*diagnosis(f"{r.engine}/{r.profile}", r.scored, worst=3), ""]
    if episode.wer:
        lines += [*diagnosis("episode", episode.wer, worst=5), ""]
    lines.append(f"Total run time {total:.1f} s; results in {RESULTS}")
    _say("\n".join(lines))
    write_json(
        RESULTS,
        {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "script": {"source": str(source), "segments": len(segments), "words": words},
            "roles": show.roles,
            "voices": results,
            "episode": episode,
            "targets": targets,
            "total_s": total,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
