"""`make bench-scale` (= `python -m benchmarks.scale_bench`): a batch of recaps rendered three
ways in one run, against the issue-14 targets.

- one process: `podcast render R1 ... R8 --workers 0` (speech and assembly one after another)
- local pool: `podcast render R1 ... R8 --workers 2` (the default executor with 2 processes)
- Dask: the same command with `--scheduler` pointing at a LocalCluster of 2 single-threaded
  worker processes, started once by this benchmark before the first run (an operator's cluster
  is long-lived; connecting to it is part of every run)

Every run is cold: its own empty segment cache and OUT. The modes are interleaved (one, pool,
dask, one, pool, dask, ...) so a slow minute of the machine hurts all three alike; the medians
are compared. Throughput is episodes per minute of wall time. Memory: the peak RSS of the CLI's
process tree and the peak of each worker process (the pool's workers are the CLI's children;
the cluster's are this process's), sampled every 100 ms. CPU: the seconds every process of the
run used (the CLI's tree, and for Dask the workers' too), so the table shows how many of the
machine's CPUs each way kept busy, and the most a speed-up could be. The published files of
every run are compared: the three ways must publish the same bytes. Exits 0 even when a target
fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.machine import other_load, snapshot, wait_for_quiet
from benchmarks.rss import descendants, process_table
from benchmarks.script_build import write_section
from podcast.config import PROJECT_ROOT

SECTION_TITLE = "## Scale: a batch on one process, the local pool and Dask (issue 14)"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "scale.json"
MODES = ("one process", "local pool", "dask")
SPEED_UP = 1.8  # 2 workers over 1
DASK_WITHIN = 0.10  # of the local pool's throughput
# The environment every CLI run gets: this process's as it started. A LocalCluster's nanny writes
# its workers' settings (MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS ...) into os.environ, and a
# render that inherits MALLOC_TRIM_THRESHOLD_=65536 spends ~12 s more system time on 8 recaps.
START_ENV = dict(os.environ)
INTERVAL_S = 0.1  # RSS sampling: the workers' peaks last (voices stay loaded), 10 Hz finds them


# -- the recaps ----------------------------------------------------------------------------------

_SECTORS = ["Technology", "Energy", "Health care", "Financials", "Utilities", "Industrials",
            "Materials", "Real estate", "Consumer staples", "Communication services"]  # fmt: skip
_MOVERS = [("NVDA", "Nvidia"), ("AAPL", "Apple"), ("XOM", "Exxon Mobil"), ("JPM", "JPMorgan"),
           ("TSLA", "Tesla"), ("AMZN", "Amazon"), ("UNH", "UnitedHealth"), ("CVX", "Chevron"),
           ("MSFT", "Microsoft"), ("PFE", "Pfizer")]  # fmt: skip


def _pct(rng: random.Random, spread: float) -> str:
    value = rng.uniform(-spread, spread)
    return f"{'+' if value >= 0 else '-'}{abs(value):.2f}%"


def recap(day: dt.date) -> str:
    """A mid-length recap for `day` (about 90 s of audio), its figures and names drawn from a
    generator seeded by the date: every batch renders the same words."""
    rng = random.Random(day.toordinal())
    spy, qqq, iwm = _pct(rng, 1.5), _pct(rng, 2.0), _pct(rng, 1.8)
    up, down = rng.sample(_SECTORS, 2)
    movers = rng.sample(_MOVERS, 3)
    ten_year = f"{rng.uniform(3.9, 4.6):.2f}%"
    lines = [
        "---",
        f'title: "Stocks Move as {up} Leads and {down} Lags"',
        f"date: {day.isoformat()}",
        f"slug: batch-{day.isoformat()}",
        "---",
        "",
        "## Key Takeaways",
        "",
        f"- The major indexes moved: SPY {spy}, QQQ {qqq}, IWM {iwm}.",
        f"- {up} led the session while {down} trailed the market.",
        f"- The 10-year Treasury yield ended near {ten_year}.",
        "",
        "## Market Snapshot",
        "",
        f"The S&P 500 finished {spy} and the Nasdaq 100 {qqq}, while the Russell 2000 closed "
        f"{iwm}. Volume ran close to its thirty-day average. Breadth was mixed, with about half "
        "of the index members higher by the close. Traders pointed to earnings and to the bond "
        "market for the day's direction.",
        "",
        "## Sectors",
        "",
        f"{up} gained {_pct(rng, 2.5).lstrip('+-')} as buyers returned to the group. {down} lost "
        f"{_pct(rng, 2.5).lstrip('+-')} after a weak outlook from one of its leaders. The other "
        "sectors moved less than one percent either way.",
        "",
        "## Notable Movers",
        "",
        *[f"- {name} ({ticker}) moved {_pct(rng, 6)} on company news." for ticker, name in movers],
        "",
        "## Outlook",
        "",
        "Investors will watch the next round of economic data and the Fed's comments. A steady "
        "yield would keep the focus on earnings.",
        "",
        "## Disclaimer",
        "",
        "This report is for informational purposes only and is not investment advice.",
        "",
    ]
    return "\n".join(lines)


def write_recaps(folder: Path, count: int) -> list[Path]:
    """`count` recaps on consecutive weekdays ending 2026-11-20, given newest first."""
    folder.mkdir(parents=True, exist_ok=True)
    days: list[dt.date] = []
    day = dt.date(2026, 11, 20)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    paths = []
    for d in days:
        path = folder / f"recap-{d.isoformat()}.md"
        path.write_text(recap(d), encoding="utf-8")
        paths.append(path)
    return paths


# -- one run -------------------------------------------------------------------------------------


@dataclass
class Run:
    mode: str
    wall_s: float
    tree_peak_mb: float  # the CLI's whole process tree
    main_peak_mb: float  # the CLI process alone
    worker_peaks_mb: list[float] = field(default_factory=list)  # each worker process's own peak
    busy: float | None = None
    published: str = ""  # sha256 over every published file (path and bytes)
    cpu_s: float = 0.0  # CPU seconds of every process of the run (user + system)


class _Sampler:
    """Samples, every INTERVAL_S, the RSS of the CLI's tree (by pid) and of the cluster's."""

    def __init__(self, root: int, cluster_pids: Sequence[int]) -> None:
        self.root, self.cluster_pids = root, list(cluster_pids)
        self.peaks: dict[int, int] = {}  # pid -> peak kB
        self.names: dict[int, str] = {}  # pid -> its command line when first seen
        self.tree_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            parents, rss = process_table()  # one pass over /proc: the sampler stays cheap
            mine = descendants(self.root, parents)
            self.tree_peak_kb = max(self.tree_peak_kb, sum(rss.get(p, 0) for p in mine))
            for pid in self.cluster_pids:
                mine |= descendants(pid, parents)
            tree = {pid: rss.get(pid, 0) for pid in mine}
            for pid, kb in tree.items():
                self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
                if pid not in self.names:
                    try:
                        self.names[pid] = Path(f"/proc/{pid}/cmdline").read_text()
                    except OSError:
                        self.names[pid] = "?"
            self._stop.wait(INTERVAL_S)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _published_digest(out: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(out.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(out).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def run_once(
    mode: str, recaps: Sequence[Path], tmp: Path, client: Any, cluster_pids: list[int]
) -> Run:
    import subprocess

    folder = Path(tempfile.mkdtemp(prefix=f"{mode.replace(' ', '-')}-", dir=tmp))
    argv = [sys.executable, "-m", "podcast.cli", "render", *map(str, recaps),
            "--out", str(folder / "out"), "--cache-dir", str(folder / "cache"),
            "--json", "--progress", "none"]  # fmt: skip
    if mode == "one process":
        argv += ["--workers", "0"]
    elif mode == "local pool":
        argv += ["--workers", "2"]
    else:
        argv += ["--scheduler", client.scheduler.address]
    env = {**START_ENV, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    if mode != "dask":
        client = None  # the cluster idles: its workers' CPU is not this run's
    before = snapshot()
    workers_before = _workers_cpu_s(client)
    cpu_before = _children_cpu_s() + workers_before
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=PROJECT_ROOT)  # fmt: skip
    sampler = _Sampler(proc.pid, cluster_pids)
    try:
        stdout, stderr = proc.communicate(timeout=3600)
    finally:
        sampler.stop()
    wall = time.perf_counter() - started
    workers_cpu = _workers_cpu_s(client)
    cpu = _children_cpu_s() + workers_cpu - cpu_before
    load = other_load(before, snapshot())
    if load is not None and client is not None:  # the cluster's workers are this run, not others
        ran = (workers_cpu - workers_before) / (wall * (os.cpu_count() or 1))
        load = max(0.0, load - ran)
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} exited {proc.returncode}: {stderr.decode()[-1500:]}")
    summary = json.loads(stdout.decode().strip().splitlines()[-1])
    if summary["failed"] or len(summary["rendered"]) != len(recaps):
        raise RuntimeError(f"{mode}: not every recap rendered: {summary['failed']}")
    main = sampler.peaks.get(proc.pid, 0) / 1024
    if mode == "dask":
        workers = [sampler.peaks.get(p, 0) / 1024 for p in cluster_pids]
    else:
        # the pool's workers are forks of the CLI: the same command line (ffmpeg etc. left out)
        names, own = sampler.names, sampler.names.get(proc.pid)
        workers = [kb / 1024 for pid, kb in sampler.peaks.items()
                   if pid != proc.pid and names.get(pid) == own]  # fmt: skip
    return Run(mode, wall, sampler.tree_peak_kb / 1024, main, sorted(workers, reverse=True),
               load, _published_digest(folder / "out"), cpu)  # fmt: skip


def _children_cpu_s() -> float:
    """CPU seconds of this process's reaped descendants (a finished CLI and all it ran)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _own_cpu_s() -> float:
    """On a cluster worker: its own CPU seconds and its reaped children's (ffmpeg)."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        used = resource.getrusage(who)
        total += used.ru_utime + used.ru_stime
    return total


def _workers_cpu_s(client: Any) -> float:
    return float(sum(client.run(_own_cpu_s).values())) if client is not None else 0.0


# -- the table -----------------------------------------------------------------------------------


def summarise(runs: Sequence[Run], episodes: int) -> dict[str, dict[str, Any]]:
    by_mode: dict[str, dict[str, Any]] = {}
    for mode in MODES:
        mine = [r for r in runs if r.mode == mode]
        if not mine:
            continue
        wall = statistics.median(r.wall_s for r in mine)
        by_mode[mode] = {
            "wall_s": wall,
            "runs_s": [round(r.wall_s, 2) for r in mine],
            "episodes_per_min": episodes / (wall / 60),
            "tree_peak_mb": max(r.tree_peak_mb for r in mine),
            "main_peak_mb": max(r.main_peak_mb for r in mine),
            "worker_peak_mb": max(max(r.worker_peaks_mb, default=0.0) for r in mine),
            "workers": max(len(r.worker_peaks_mb) for r in mine),
            "busy": max((r.busy or 0.0) for r in mine),
            "cpu_s": statistics.median(r.cpu_s for r in mine),
            "cores_busy": statistics.median(r.cpu_s / r.wall_s for r in mine),
        }
    return by_mode


def targets(by_mode: dict[str, dict[str, Any]], same_bytes: bool) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/FAIL) rows."""
    one = by_mode["one process"]["episodes_per_min"]
    pool = by_mode["local pool"]["episodes_per_min"]
    dask = by_mode["dask"]["episodes_per_min"]
    rows = [
        (f"local pool (2) / one process >= {SPEED_UP}", f"{pool / one:.2f}x",
         pool / one >= SPEED_UP),
        (f"Dask (2 workers) / one process >= {SPEED_UP}", f"{dask / one:.2f}x",
         dask / one >= SPEED_UP),
        (f"Dask within {DASK_WITHIN:.0%} of the local pool", f"{dask / pool:.2f}x",
         dask / pool >= 1 - DASK_WITHIN),
        ("the same published bytes every way", "yes" if same_bytes else "no", same_bytes),
    ]  # fmt: skip
    return [(name, got, "PASS" if ok else "FAIL") for name, got, ok in rows]


def markdown(raw: dict[str, Any]) -> list[str]:
    by_mode, runs_n = raw["modes"], raw["runs"]
    lines = [
        "| way | median wall (s) | raw runs (s) | episodes/min | speed-up | CPU s | CPUs busy | "
        "tree peak RSS (MB) | main process (MB) | peak per worker (MB) | busy |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    one = by_mode["one process"]["episodes_per_min"]
    for mode, m in by_mode.items():
        workers = f"{m['worker_peak_mb']:.0f} (x{m['workers']})" if m["workers"] else "-"
        lines.append(
            f"| {mode} | {m['wall_s']:.1f} | {', '.join(f'{x:.1f}' for x in m['runs_s'])} | "
            f"{m['episodes_per_min']:.2f} | {m['episodes_per_min'] / one:.2f}x | "
            f"{m['cpu_s']:.1f} | {m['cores_busy']:.2f} | {m['tree_peak_mb']:.0f} | "
            f"{m['main_peak_mb']:.0f} | {workers} | {m['busy']:.0%} |"
        )
    lines += ["", "| target | measured | |", "|---|---:|---|"]
    lines += [f"| {name} | {got} | {verdict} |" for name, got, verdict in raw["targets"]]
    cpus = raw.get("cpus") or os.cpu_count() or 1
    busy_one = by_mode["one process"]["cores_busy"]
    lines += [
        "",
        f"The most any way could gain over one process on {cpus} CPUs is {cpus} / "
        f"{busy_one:.2f} = {cpus / busy_one:.2f}x: one process already keeps {busy_one:.2f} "
        "CPUs busy (its encoder runs beside the speech, as the performance issue asks).",
    ]
    del runs_n
    return lines


def section(raw: dict[str, Any], table: list[str]) -> str:
    dask_note = (
        "For Dask the tree is the client only: the cluster's two workers are the benchmark's "
        "children, measured on their own (*peak per worker*)."
    )
    return "\n".join([
        SECTION_TITLE,
        "",
        f"Measured {raw['when']} on {os.cpu_count()} CPUs ({platform.machine()}, Python "
        f"{platform.python_version()}) with `make bench-scale` (`PYTHONPATH=$PWD .venv/bin/python "
        f"-m benchmarks.scale_bench{raw['argv']}`): {raw['episodes']} generated recaps "
        f"(about {raw['audio_s'] / raw['episodes']:.0f} s of audio each, {raw['audio_s'] / 60:.1f} "
        f"min in all), the default show (hibari heart + Piper joe), every run cold (empty cache "
        f"and OUT), {raw['runs']} run(s) of each way, interleaved; medians. *one process*: "
        "`--workers 0`; *local pool*: `--workers 2`; *dask*: `--scheduler` to a LocalCluster of "
        "2 single-threaded worker processes started before the runs. Peak RSS sampled every "
        f"100 ms. {dask_note} *busy*: the most CPU other processes took during a run. Load "
        f"average before / after: {raw['loadavg'][0]} / {raw['loadavg'][1]}.",
        "",
        *table,
        "",
    ])  # fmt: skip


# -- main ----------------------------------------------------------------------------------------


def _cluster_pids(client: Any) -> list[int]:
    return sorted(client.run(os.getpid).values())


def measure(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    import dask
    from distributed import Client, LocalCluster

    from podcast.scale.executors import WORKER_DASK_CONFIG

    dask.config.set(WORKER_DASK_CONFIG)  # the workers as the README's Scale out starts them

    recaps = write_recaps(tmp / "recaps", args.recaps)
    runs: list[Run] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    ) as cluster, Client(cluster, set_as_default=False) as client:  # fmt: skip
        pids = _cluster_pids(client)
        for round_ in range(args.runs):
            for mode in MODES:
                if args.quiet_wait > 0:
                    wait_for_quiet(args.quiet_wait)
                client.restart()  # each Dask run starts as cold as a new pool: voices unloaded
                pids = _cluster_pids(client)
                run = run_once(mode, recaps, tmp, client, pids)
                runs.append(run)
                busy = "?" if run.busy is None else f"{run.busy:.0%}"
                print(f"  run {round_ + 1} {mode}: {run.wall_s:.1f} s, tree "
                      f"{run.tree_peak_mb:.0f} MB, workers "
                      f"{[round(w) for w in run.worker_peaks_mb]} MB, busy {busy}",
                      flush=True)  # fmt: skip
    same = len({r.published for r in runs}) == 1
    audio = _audio_seconds(tmp, runs)
    modes = summarise(runs, len(recaps))
    return {
        "episodes": len(recaps),
        "runs": args.runs,
        "audio_s": audio,
        "modes": modes,
        "raw": [r.__dict__ for r in runs],
        "cpus": os.cpu_count(),
        "targets": targets(modes, same),
    }


def _audio_seconds(tmp: Path, runs: Sequence[Run]) -> float:
    """Seconds of audio in one run's episodes (from the published feed's durations)."""
    from lxml import etree

    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    feed = next(tmp.glob("*/out/feed.xml"))
    total = 0.0
    for text in etree.parse(str(feed)).xpath("//item/itunes:duration/text()", namespaces=ns):
        parts = [float(p) for p in str(text).split(":")]
        seconds = 0.0
        for p in parts:
            seconds = seconds * 60 + p
        total += seconds
    del runs
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_bench", description=__doc__)
    parser.add_argument("--recaps", type=int, default=8, help="recaps in the batch (default 8)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each way (median)")
    parser.add_argument("--quick", action="store_true", help="one run of each (development)")
    parser.add_argument(
        "--quiet-wait", type=float, default=5.0, help="seconds to wait for a quiet machine per run"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.quiet_wait = 1, 0.0
    before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        raw = measure(args, Path(tmp))
    raw["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    raw["loadavg"] = [before, " ".join(f"{x:.2f}" for x in os.getloadavg())]
    shown = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--no-write"]
    raw["argv"] = "".join(f" {a}" for a in shown)
    table = markdown(raw)
    print("\n".join(table))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    if not args.no_write:
        write_section(section(raw, table), title=SECTION_TITLE)
        print(f"wrote {PROJECT_ROOT / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
