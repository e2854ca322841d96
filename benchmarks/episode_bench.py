"""`make bench-episode` (= `python -m benchmarks.episode_bench`): one episode end to end against
the issue-13 targets, in one run.

Every render goes through the real CLI (`podcast render ... --json`) in a child process whose
whole tree's RSS is sampled every 50 ms (benchmarks/rss.py). Measured: cold renders (each with
its own empty cache and OUT), the unchanged re-render (same inputs, OUT and warm cache), the
render after a one-sentence edit (same OUT and cache), each stage's seconds (the summary's
"timings_s"), the bare engines on the same words (benchmarks/bare_engines.py), a 60-minute
fake-voice episode's peak RSS, one more publish into a 1,000-episode catalog against an empty one,
and `podcast script` / `podcast --help`. Prints a table, replaces its section of BENCHMARKS.md and
writes the raw runs to benchmarks/results/episode.json. Exits 0 even when a target fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.episode_table import (
    HEADER,
    Goal,
    Measure,
    edit_sentence,
    markdown,
    rows,
    sentences,
    stage_rows,
)
from benchmarks.long_episode import long_recap, long_show
from benchmarks.machine import other_load, snapshot, wait_for_quiet
from benchmarks.rss import SampledRun, run_sampled
from benchmarks.script_build import write_section
from podcast.config import PROJECT_ROOT

SECTION_TITLE = "## Episode: time and memory (issue 13)"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "episode.json"
SEED = PROJECT_ROOT.parent / "shared" / "samples" / "recap-tech-led-rally.txt"
FALLBACK = PROJECT_ROOT / "examples" / "recap-2026-11-20.md"
SHORT = PROJECT_ROOT / "examples" / "recap-2026-11-20.md"
FAKE_SHOW = PROJECT_ROOT / "tests" / "data" / "fake-show.toml"
STAGES = ("ingest", "script", "speech", "mix", "mastering", "encode", "qa", "publish", "other",
          "total")  # fmt: skip
CATALOG_SIZE = 1000
GOALS = (
    Goal("cold_s", 0.7, over="bare_s", name="cold/bare"),
    Goal("unchanged_s", 0.05, over="cold_s", name="unchanged/cold"),
    Goal("change_s", 0.2, over="cold_s", name="change/cold"),
    Goal("cold_rss", 500.0),
    Goal("long_rss", 600.0),
    Goal("catalog_added_s", 1.0),
    Goal("script_s", 1.5),
    Goal("help_s", 0.5),
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "podcast.cli", *args]


class Runner:
    """Runs children one at a time, noting how busy the machine was during each."""

    def __init__(self, quiet_wait_s: float) -> None:
        self.quiet_wait_s = quiet_wait_s
        self.log: list[dict[str, Any]] = []

    def run(self, what: str, argv: Sequence[str]) -> tuple[SampledRun, float | None]:
        if self.quiet_wait_s > 0:
            wait_for_quiet(self.quiet_wait_s)
        before = snapshot()
        run = run_sampled(argv, env=_env(), cwd=PROJECT_ROOT)
        load = other_load(before, snapshot())
        self.log.append({"what": what, "argv": list(argv), "exit": run.returncode,
                         "wall_s": run.wall_s, "peak_rss_mb": run.peak_rss_mb,
                         "processes": run.processes, "busy": load,
                         "loadavg": os.getloadavg()})  # fmt: skip
        busy = "?" if load is None else f"{load:.0%}"
        print(f"  {what}: {run.wall_s:.2f} s, {run.peak_rss_mb:.0f} MB, busy {busy}", flush=True)
        if run.returncode != 0:
            raise RuntimeError(f"{what} exited {run.returncode}: {run.stderr.decode()[-800:]}")
        return run, load


def summary_of(run: SampledRun) -> dict[str, Any]:
    """The last stdout line of `podcast render --json`."""
    return dict(json.loads(run.stdout.decode().strip().splitlines()[-1]))


def published(out: Path) -> dict[str, str]:
    """SHA-256 of every file in OUT, by relative path."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def edited_copy(seed: Path, folder: Path, script_of: Callable[[Path], list[str]]) -> Path:
    """A copy of `seed` (same file name) with one sentence edited, the first candidate whose edit
    changes exactly one segment of the script."""
    text = seed.read_text(encoding="utf-8")
    before = script_of(seed)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / seed.name
    for span in sentences(text):
        copy.write_text(edit_sentence(text, span), encoding="utf-8")
        shutil.copystat(seed, copy)  # same mtime: a recap dated by its weekday keeps its date
        after = script_of(copy)
        if (
            len(after) == len(before)
            and sum(a != b for a, b in zip(after, before, strict=True)) == 1
        ):
            return copy
    raise RuntimeError(f"no sentence of {seed} changes exactly one spoken segment when edited")


def segment_texts(recap: Path) -> list[str]:
    from podcast.config import load_show
    from podcast.pipeline import build_script

    _, script = build_script(recap, load_show(None))
    return [s.text for s in script.segments]


def render_args(recap: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    return cli("render", str(recap), "--out", str(out), "--cache-dir", str(cache), "--json", *extra)


def measure(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    runner = Runner(args.quiet_wait)
    seed = SEED if SEED.exists() else FALLBACK
    runs = args.runs
    m: dict[str, Measure] = {}
    raw: dict[str, Any] = {"seed": str(seed), "runs": runs}

    def add(key: str, label: str, unit: str, values: list[float], busy: list[float | None],
            note: str = "") -> None:  # fmt: skip
        m[key] = Measure(key, label, unit, tuple(values), tuple(busy), note)

    print("podcast --help, podcast script (5 runs each)", flush=True)
    for key, label, argv in (
        ("help_s", "`podcast --help` s", cli("--help")),
        ("script_s", "`podcast script` s", cli("script", str(seed))),
    ):
        done = [runner.run(key, argv) for _ in range(5)]
        add(key, label, "s", [r.wall_s for r, _ in done], [b for _, b in done])

    print(f"bare engines, {runs} run(s) in one process", flush=True)
    bare_run, bare_busy = runner.run(
        "bare", [sys.executable, "-m", "benchmarks.bare_engines", str(seed), "--runs", str(runs)]
    )
    bare = json.loads(bare_run.stdout.decode().strip().splitlines()[-1])
    raw["bare"] = {**bare, "peak_rss_mb": bare_run.peak_rss_mb}
    add("bare_s", "bare engines, same words s", "s", bare["runs_s"], [bare_busy],
        f"{bare['words']} words, {bare['audio_s']:.0f} s of speech")  # fmt: skip

    print(f"cold, unchanged, one-sentence change: {runs} set(s)", flush=True)
    changed = edited_copy(seed, tmp / "edited", segment_texts)
    kinds: dict[str, list[tuple[SampledRun, float | None]]] = {
        k: [] for k in ("cold", "unchanged", "change")
    }
    identical: list[bool] = []
    resynth: list[int] = []
    for i in range(runs):
        out, cache = tmp / f"out-{i}", tmp / f"cache-{i}"
        kinds["cold"].append(runner.run(f"cold {i + 1}", render_args(seed, out, cache)))
        files = published(out)
        kinds["unchanged"].append(runner.run(f"unchanged {i + 1}", render_args(seed, out, cache)))
        identical.append(published(out) == files)
        kinds["change"].append(runner.run(f"change {i + 1}", render_args(changed, out, cache)))
        segs = summary_of(kinds["change"][-1][0])["segments"]
        resynth.append(sum(1 for s in segs if not s["cached"]))
    timings = {k: [summary_of(r)["timings_s"] for r, _ in v] for k, v in kinds.items()}
    raw["timings_s"] = timings
    raw["unchanged_identical"] = identical
    raw["change_resynthesized_segments"] = resynth
    for kind, label in (("cold", "cold render s"), ("unchanged", "unchanged re-render s"),
                        ("change", "one-sentence change s")):  # fmt: skip
        done = kinds[kind]
        note = ""
        if kind == "unchanged":
            note = "published files byte-identical: " + ("yes" if all(identical) else "NO")
        if kind == "change":
            note = f"segments re-synthesized: {' '.join(map(str, resynth))}"
        add(f"{kind}_s", label, "s", [r.wall_s for r, _ in done], [b for _, b in done], note)
    add("cold_rss", "peak RSS, tree, cold MB", "MB", [r.peak_rss_mb for r, _ in kinds["cold"]],
        [b for _, b in kinds["cold"]])  # fmt: skip
    for kind, label in (("unchanged", "unchanged"), ("change", "one-sentence change")):
        done = kinds[kind]
        add(f"{kind}_rss", f"peak RSS, tree, {label} MB", "MB", [r.peak_rss_mb for r, _ in done],
            [b for _, b in done])  # fmt: skip

    print(f"{args.minutes:g}-minute fake-voice episode (1 run)", flush=True)
    long_dir = tmp / "long"
    long_dir.mkdir()
    (long_dir / "long.md").write_text(long_recap(args.minutes))
    show = long_show(long_dir, args.minutes)
    long_args = render_args(
        long_dir / "long.md", long_dir / "out", long_dir / "cache", "--show", str(show)
    )
    long_run, long_busy = runner.run("long", long_args)
    minutes = summary_of(long_run)["duration_s"] / 60.0
    add("long_rss", f"peak RSS, tree, {minutes:.0f}-minute fake-voice episode MB", "MB",
        [long_run.peak_rss_mb], [long_busy], f"{long_run.wall_s:.0f} s")  # fmt: skip

    print(f"publish into an empty and a {CATALOG_SIZE:,}-episode catalog: {runs} pair(s)")
    full_state = tmp / "catalog-template"
    fill_catalog(full_state, CATALOG_SIZE)
    cache = tmp / "catalog-cache"
    empty_pub: list[float] = []
    full_pub: list[float] = []
    busy_pub: list[float | None] = []
    for i in range(runs + 1):  # the first pair only warms the shared (fake-voice) cache
        pair: list[float] = []
        for kind in ("empty", "full"):
            out, state = tmp / f"pub-{kind}-{i}" / "out", tmp / f"pub-{kind}-{i}" / "state"
            if kind == "full":
                shutil.copytree(full_state, state)
            run, load = runner.run(
                f"publish {kind} {i}",
                render_args(SHORT, out, cache, "--show", str(FAKE_SHOW), "--state", str(state)),
            )
            summary = summary_of(run)
            if kind == "full" and _last_number(state) != CATALOG_SIZE + 1:
                raise RuntimeError("the publish into the full catalog did not number 1,001")
            pair.append(float(summary["timings_s"]["publish"]))
            busy_pub.append(load)
        if i > 0:
            empty_pub.append(pair[0])
            full_pub.append(pair[1])
    add("publish_empty_s", "publish stage, empty catalog s", "s", empty_pub, busy_pub[2::2])
    add("publish_full_s", f"publish stage, {CATALOG_SIZE:,}-episode catalog s", "s", full_pub,
        busy_pub[3::2])  # fmt: skip
    add("catalog_added_s", f"added by {CATALOG_SIZE:,} episodes s", "s",
        [f - e for f, e in zip(full_pub, empty_pub, strict=True)], busy_pub[2:])  # fmt: skip
    raw["log"] = runner.log
    raw["measures"] = {k: {"label": v.label, "unit": v.unit, "runs": list(v.runs),
                           "median": v.median, "busy": list(v.busy), "note": v.note}
                       for k, v in m.items()}  # fmt: skip
    return raw


def _last_number(state: Path) -> int:
    """The highest episode number the catalog in `state` holds."""
    from podcast.publish import layout
    from podcast.publish.catalog import Catalog

    with Catalog(state / layout.CATALOG) as catalog:
        return catalog.next_episode_number() - 1


def fill_catalog(state: Path, count: int) -> None:
    """A state folder whose catalog holds `count` episodes, written through the catalog's API in
    one transaction (their files are not needed: the publisher lists records)."""
    from podcast.publish import layout
    from podcast.publish.catalog import Catalog, EpisodeRecord

    state.mkdir(parents=True)
    first = dt.date(2020, 1, 1)
    with Catalog(state / layout.CATALOG) as catalog, catalog.transaction():
        for n in range(1, count + 1):
            day = first + dt.timedelta(days=n)
            slug = f"markets-day-{n}"
            episode_id = f"{day.isoformat()}-{slug}"
            catalog.upsert(
                EpisodeRecord(
                    episode_id=episode_id,
                    guid=hashlib.sha256(episode_id.encode()).hexdigest()[:32],
                    date=day,
                    slug=slug,
                    title=f"Markets, day {n}",
                    summary=f"Stocks moved on day {n}.",
                    notes_html=f"<p>Stocks moved on day {n}.</p>",
                    mp3_path=f"episodes/{episode_id}/episode.mp3",
                    mp3_bytes=5_000_000,
                    duration_s=540.0,
                    pub_date=dt.datetime(day.year, day.month, day.day, 23, 30, tzinfo=dt.UTC),
                    episode_number=n,
                    content_hash=hashlib.sha256(f"recap {n}".encode()).hexdigest(),
                    source_name=f"recap-{n}.md",
                )
            )


def table(raw: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The measures' table and the stages' table, from the raw JSON (a results file re-tables)."""
    ms = [Measure(k, v["label"], v["unit"], tuple(v["runs"]), tuple(v["busy"]), v["note"])
          for k, v in raw["measures"].items()]  # fmt: skip
    main_rows = markdown(HEADER, rows(ms, GOALS))
    timings = raw["timings_s"]
    stage = markdown(("stage (median s)", *timings), stage_rows(timings, STAGES))
    return main_rows, stage


def section(raw: dict[str, Any], main_rows: list[str], stage: list[str]) -> str:
    load = raw["loadavg"]
    head = [
        SECTION_TITLE,
        "",
        f"Measured {raw['when']} on {os.cpu_count()} CPUs ({platform.machine()}, Python "
        f"{platform.python_version()}) with `make bench-episode` "
        f"(`PYTHONPATH=$PWD .venv/bin/python -m benchmarks.episode_bench"
        f"{' --quick' if raw['runs'] == 1 else ''}`): "
        f"seed `{Path(raw['seed']).name}`, default show (hibari + Piper), {raw['runs']} run(s) "
        "per measure (median; raw runs beside it). Renders run the real CLI in a child process; "
        "*peak RSS* is the whole process tree (children included) sampled every 50 ms. *busy* "
        "is the most CPU other processes took during a run (share of all CPUs): above 10 % the "
        f"timing is unreliable. Load average before / after: {load[0]} / {load[1]}.",
        "",
        *main_rows,
        "",
        "Stage seconds (the `--json` summary's `timings_s`; nested stages counted once):",
        "",
        *stage,
        "",
    ]
    return "\n".join(head)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.episode_bench")
    parser.add_argument("--quick", action="store_true", help="one run of each (development)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--minutes", type=float, default=60.0, help="the long episode's length")
    parser.add_argument(
        "--quiet-wait", type=float, default=5.0, help="seconds to wait for a quiet machine per run"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.quiet_wait = 1, 0.0
    before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-episode-") as tmp:
        raw = measure(args, Path(tmp))
    raw["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    raw["loadavg"] = [before, " ".join(f"{x:.2f}" for x in os.getloadavg())]
    main_rows, stage = table(raw)
    print("\n".join(main_rows))
    print()
    print("\n".join(stage))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    if not args.no_write:
        write_section(section(raw, main_rows, stage), title=SECTION_TITLE)
        print(f"wrote {PROJECT_ROOT / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
