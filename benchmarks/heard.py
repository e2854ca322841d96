"""`python -m benchmarks.heard`: every recap read by the default show, heard back by Whisper.

For each recap (the samples in ../shared/samples and the demos in examples/, or the paths
given): plan its script with the default show, speak every segment with its role's voice (into
a segment cache, so a re-run speaks only what changed), join them with their pauses, transcribe
once with Whisper tiny.en and align the transcript with the spoken text (`benchmarks/wer.py`).

It prints each recap's WER, the WER of all of them together, and the words heard worst: the
spoken words with the most errors over every recap, what Whisper heard instead, and in which
recaps. A word in that list is a candidate for the lexicon or the normaliser; Whisper tiny's
own slips ("the" for "a") are in it too, so read it, don't obey it. Exits 0: a measurement.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import write_json
from benchmarks.script_build import BENCHMARKS_MD, write_section
from benchmarks.voices import hear
from benchmarks.wer import normalize
from podcast.config import PROJECT_ROOT, ShowConfig, load_show
from podcast.ingest import read_recap
from podcast.models import Segment
from podcast.script.lexicon import Lexicon, load_lexicon
from podcast.script.planner import plan
from podcast.tts.base import Speech
from podcast.tts.cache import SegmentCache
from podcast.tts.pool import render_segments
from podcast.util.wav import read_wav

SAMPLES = PROJECT_ROOT.parent / "shared" / "samples"
EXAMPLES = PROJECT_ROOT / "examples"
RESULTS = Path(__file__).resolve().parent / "results"
RECAP_SUFFIXES = {".txt", ".md", ".html", ".json"}
SECTION_TITLE = "## Heard as written: Whisper round trip over every recap (issue 15)"


@dataclass(frozen=True)
class RecapScore:
    """One recap's round trip."""

    name: str
    words: int
    errors: int
    audio_s: float
    transcribe_s: float
    hypothesis: str

    @property
    def wer(self) -> float:
        return self.errors / max(1, self.words)


@dataclass
class WordTally:
    """How one spoken word fared over every recap."""

    word: str
    said: int = 0
    errors: int = 0
    heard: Counter[str] = field(default_factory=Counter)
    recaps: set[str] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.errors / max(1, self.said)


def recaps(paths: Sequence[Path]) -> list[Path]:
    """The given paths, or every recap in the samples folder and the examples folder."""
    if paths:
        return [Path(p) for p in paths]
    found: list[Path] = []
    for folder in (SAMPLES, EXAMPLES):
        if folder.is_dir():
            found += sorted(
                p
                for p in folder.iterdir()
                if p.suffix in RECAP_SUFFIXES and p.name.lower() != "readme.md"
            )
    return found


def _quotes(path: Path) -> Path | None:
    sibling = path.with_name(path.stem + ".quotes.csv")
    return sibling if sibling.is_file() else None


def speak(segments: Sequence[Segment], show: ShowConfig, cache: SegmentCache) -> list[Speech]:
    rendered = render_segments(segments, show, cache)
    return [Speech(*read_wav(r.wav)) for r in rendered]


def respellings(lexicon: Lexicon | None = None) -> dict[str, str]:
    """Each one-word lexicon respelling, written -> spoken, as the WER normaliser writes them
    ("chevron" -> "shevron", "reits" -> "reets"): Whisper writing the real name heard it."""
    lex = lexicon or load_lexicon()
    found: dict[str, str] = {}
    for table in (lex.indexes, lex.names, lex.words, lex.acronyms):  # not tickers: "MA", "MU"
        for written, spoken in table.items():
            a, b = normalize(written), normalize(spoken)
            if len(a) == 1 and len(b) == 1 and a != b:
                found[a[0]] = b[0]
                if table is lex.acronyms:  # "REITs" is said "reets"
                    found[a[0] + "s"] = b[0] + "s"
    return found


def round_trip(
    name: str,
    segments: Sequence[Segment],
    speeches: Sequence[Speech],
    tally: dict[str, WordTally],
    respelled: Mapping[str, str] | None = None,
) -> RecapScore:
    """Transcribe one recap's speech and add every aligned word to `tally` (`respelled`: the
    lexicon's one-word respellings, `respellings()` when not given)."""
    heard = hear(segments, speeches, respellings() if respelled is None else respelled)
    alignment = heard.alignment
    pending: list[str] = []  # an insertion is charged to the reference word next to it
    last: WordTally | None = None
    for ref, hyp in alignment.pairs:
        if ref is None:
            if last is not None:
                last.errors += 1
                last.heard[f"{last.word} +{hyp}"] += 1
            else:
                pending.append(hyp or "")
            continue
        last = tally.setdefault(ref, WordTally(ref))
        last.said += 1
        last.recaps.add(name)
        if hyp != ref:
            last.errors += 1
            last.heard[hyp or "·"] += 1
        for extra in pending:
            last.errors += 1
            last.heard[f"+{extra} {ref}"] += 1
        pending = []
    return RecapScore(
        name=name,
        words=alignment.ref_words,
        errors=alignment.errors,
        audio_s=heard.audio_s,
        transcribe_s=heard.transcribe_s,
        hypothesis=heard.hypothesis,
    )


def worst_words(tally: dict[str, WordTally], top: int) -> list[WordTally]:
    """The words with the most errors (then the highest rate), each misheard at least twice or
    always."""
    ranked = [t for t in tally.values() if t.errors >= 2 or (t.errors and t.errors == t.said)]
    ranked.sort(key=lambda t: (-t.errors, -t.rate, t.word))
    return ranked[:top]


def table(scores: Sequence[RecapScore], worst: Iterable[WordTally]) -> list[str]:
    words = sum(s.words for s in scores)
    errors = sum(s.errors for s in scores)
    out = [
        "| recap | audio | words | errors | WER |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        minutes, seconds = divmod(round(s.audio_s), 60)
        out.append(f"| {s.name} | {minutes}:{seconds:02d} | {s.words} | {s.errors} | {s.wer:.3f} |")
    out.append(f"| **all** | | {words} | {errors} | **{errors / max(1, words):.3f}** |")
    out += [
        "",
        "Words heard worst (spoken word: errors / times said; what Whisper heard; recaps):",
        "",
        "| word | errors | said | heard as | in |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in worst:
        heard = ", ".join(f"{h} ×{n}" for h, n in t.heard.most_common(3))
        out.append(
            f"| {t.word} | {t.errors} | {t.said} | {heard} | {', '.join(sorted(t.recaps))} |"
        )
    return out


def write_report(lines: Sequence[str], stamp: str, label: str, path: Path | None = None) -> None:
    """Replace this benchmark's own section of BENCHMARKS.md (or add it), keeping the others."""
    head = [
        SECTION_TITLE,
        "",
        f"`make bench-heard`, {stamp}{f' ({label})' if label else ''}: each recap's script spoken "
        "by the default show (hibari heart for the host and announcer, Piper joe for the "
        "analyst), heard back by Whisper tiny.en, aligned with the spoken words after "
        "`benchmarks/wer.py`'s normaliser. Whisper tiny makes mistakes of its own: the numbers "
        "compare runs, they are not a listener's error rate.",
        "",
    ]
    write_section("\n".join([*head, *lines, ""]), path or BENCHMARKS_MD, title=SECTION_TITLE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heard", description=__doc__)
    parser.add_argument("recaps", nargs="*", type=Path, help="recaps (default: samples, demos)")
    parser.add_argument("--top", type=int, default=25, help="how many worst words to list")
    parser.add_argument(
        "--cache",
        type=Path,
        default=RESULTS / "heard-cache",
        help="segment cache (kept between runs, so a re-run speaks only what changed)",
    )
    parser.add_argument("--label", default="", help="a name for this run in the JSON and table")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    show = load_show()
    cache = SegmentCache(args.cache)
    tally: dict[str, WordTally] = {}
    scores: list[RecapScore] = []
    paths = recaps(args.recaps)
    print(f"Heard as written, {dt.datetime.now().isoformat(timespec='seconds')}: {len(paths)} "
          f"recaps, roles {show.roles}", flush=True)  # fmt: skip
    spoken: dict[str, tuple[list[Segment], list[Speech]]] = {}
    for path in paths:  # speak everything first: the pool forks before Whisper is loaded
        segments = list(plan(read_recap(path, quotes=_quotes(path)), show).segments)
        spoken[path.name] = (segments, speak(segments, show, cache))
        print(f"- spoke {path.name}: {len(segments)} segments", flush=True)
    respelled = respellings()
    for name, (segments, speeches) in spoken.items():
        score = round_trip(name, segments, speeches, tally, respelled)
        scores.append(score)
        print(f"- heard {name}: WER {score.wer:.3f} ({score.transcribe_s:.0f} s)", flush=True)
    worst = worst_words(tally, args.top)
    lines = table(scores, worst)
    print("\n" + "\n".join(lines))
    total = time.perf_counter() - started
    print(f"\nTotal {total:.0f} s")
    stamp = dt.datetime.now().isoformat(timespec="minutes")
    write_json(
        RESULTS / "heard.json",
        {
            "when": stamp,
            "label": args.label,
            "recaps": [{**dataclasses.asdict(s), "wer": s.wer} for s in scores],
            "worst": [
                {"word": t.word, "errors": t.errors, "said": t.said, "heard": dict(t.heard)}
                for t in worst
            ],
        },
    )
    if not args.no_write:
        write_report(lines, stamp, args.label)
        print(f"wrote {BENCHMARKS_MD}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
