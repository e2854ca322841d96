"""`python -m benchmarks.soak --runs 20`: the nightly job again and again over an inbox that
changes between runs, some runs SIGKILLed at random moments, the public feed checked after every
run and, by a watcher thread, every ~20 ms during them.

After every run: feed.xml parses (lxml, strictly, and feedparser without bozo), no episode is
listed twice, and every URL it gives under the show's base_url is a file in OUT, enclosures with
the stated length. After every run that was not killed, also: each recap in the inbox is listed
exactly once, with the content the inbox holds now, no temp file is left in OUT, and the exit
code is 0 (or 2/3 while a bad file sits in the inbox). Uses the fake-engine test show.
Writes benchmarks/results/soak.json; exits 1 when a check failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import feedparser
from lxml import etree

from podcast.publish import layout
from podcast.publish.statedir import default_state_dir, live_work_folders

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
BASE_URL = "https://podcast.example.com/shows/test/"
RESULTS = Path(__file__).resolve().parent / "results" / "soak.json"
PRIVATE_IN_OUT = frozenset(
    {"catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", ".nightly-state.json"}
    | {".nightly.lock", "nightly.lock", "publish.lock", "nightly-state.json", "work"}
)

RECAP = """---
title: "{title}"
date: {date}
slug: {slug}
---

## Key Takeaways

- Stocks edged higher in light trading: SPY +0.21%, QQQ +0.35%, IWM -0.12%.
- The 10-year Treasury yield held near 4.30%.

## Market snapshot

The S&P 500 rose 0.21% in the quietest session of the month. {variant}

## Bottom line

A calm day before a busy week. Traders are waiting for the Fed.

## Disclaimer

This report is for informational purposes only.
"""
VARIANTS = (
    "Technology led, while small caps slipped.",
    "Energy led, while utilities slipped.",
    "Health care led, while banks slipped.",
    "Materials led, while retailers slipped.",
    "Industrials led, while real estate slipped.",
)


# -- checks shared with the tests --------------------------------------------------------------


def published_snapshot(out: Path) -> dict[str, str]:
    """sha256 of every published file under OUT (the job's own hidden files left out)."""
    snap: dict[str, str] = {}
    if not out.is_dir():
        return snap
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.name.endswith(("-wal", "-shm")):
            continue
        snap[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snap


@dataclass
class FeedState:
    problems: list[str] = field(default_factory=list)
    episode_ids: list[str] = field(default_factory=list)  # one per item, in feed order


def _local(out: Path, url: str, base_url: str) -> Path:
    rel = url.removeprefix(base_url)
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def feed_state(out: Path, base_url: str = BASE_URL, data: bytes | None = None) -> FeedState:
    """Parse OUT/feed.xml (or `data`) and list what is wrong with it."""
    state = FeedState()
    if data is None:
        try:
            data = (out / "feed.xml").read_bytes()
        except FileNotFoundError:
            state.problems.append("feed.xml is missing")
            return state
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        state.problems.append(f"feed.xml is not well-formed XML: {exc}")
        return state
    parsed = feedparser.parse(data)
    if parsed.bozo:
        state.problems.append(f"feedparser: {parsed.get('bozo_exception')}")
    items = root.findall("channel/item")
    guids = [item.findtext("guid") for item in items]
    state.problems += [f"guid {g} listed {n} times" for g, n in Counter(guids).items() if n > 1]
    for item in items:
        enclosures = item.findall("enclosure")
        if len(enclosures) != 1:
            state.problems.append(f"item {item.findtext('guid')}: {len(enclosures)} enclosures")
            continue
        url, length = enclosures[0].get("url", ""), enclosures[0].get("length", "")
        path = _local(out, url, base_url)
        parts = url.removeprefix(base_url).split("/")
        state.episode_ids.append(parts[1] if len(parts) > 2 and parts[0] == "episodes" else url)
        if not path.is_file():
            state.problems.append(f"enclosure {url} is not a file in OUT")
        elif not length.isdigit() or int(length) != path.stat().st_size:
            state.problems.append(f"enclosure {url}: length {length}, file {path.stat().st_size}")
    state.problems += [
        f"episode {e} listed {n} times" for e, n in Counter(state.episode_ids).items() if n > 1
    ]
    for element in root.iter():
        values = [element.get("url"), element.get("href")]
        if etree.QName(element).localname in ("url", "link"):
            values.append(element.text)
        for value in values:
            if value and value.startswith(base_url) and not _local(out, value, base_url).is_file():
                state.problems.append(f"{value} is not a file in OUT")
    return state


class FeedWatcher(threading.Thread):
    """Reads and checks OUT/feed.xml every `interval` seconds until stop()."""

    def __init__(self, out: Path, base_url: str = BASE_URL, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.out, self.base_url, self.interval = out, base_url, interval
        self.polls = 0
        self.parsed = 0
        self.problems: list[str] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                data = (self.out / "feed.xml").read_bytes()
            except FileNotFoundError:
                data = None
            self.polls += 1
            if data is not None:
                self.parsed += 1
                self.problems += feed_state(self.out, self.base_url, data).problems[:3]
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)


def temp_leftovers(out: Path) -> list[str]:
    """Work folders and temp files a run left (in OUT or its state folder), and any private
    file (catalog, ledger, lock) found in OUT."""
    found = [p.name for p in out.glob(".work-*")]
    found += [f"work/{p.name}" for p in live_work_folders(default_state_dir(out))]
    found += [p.name for p in out.glob("*") if p.name in PRIVATE_IN_OUT]
    folders = [out, out / "static", *(out / "episodes").glob("*")]
    for folder in folders:
        found += [p.name for p in folder.glob(".*.tmp")]
    return found


# -- the soak ----------------------------------------------------------------------------------


@dataclass
class RunRecord:
    run: int
    changes: list[str]
    killed_at_s: float | None
    exit_code: int | None
    elapsed_s: float
    published: int = 0
    unchanged: int = 0
    failed: int = 0
    cache_hits: int = 0
    segments: int = 0
    feed_items: int = 0
    last_event: str = ""  # of a killed run: what it had last logged
    problems: list[str] = field(default_factory=list)


@dataclass
class SoakResult:
    runs: int
    seed: int
    killed: int
    feed_polls: int
    feed_parsed_during_runs: int
    invalid_feed_polls: int
    final_feed_items: int
    elapsed_s: float
    cache_hits_after_kill: int
    segments_after_kill: int
    problems: list[str]
    records: list[RunRecord]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Inbox:
    """The soak's inbox: recaps named by index, each with a date, a slug and a variant."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder, self.rng = folder, rng
        self.recaps: dict[int, int] = {}  # index -> variant
        self.bad = False
        self.next_index = 0

    def path(self, index: int) -> Path:
        return self.folder / f"recap-{index:02d}.md"

    @staticmethod
    def episode_id(index: int) -> str:
        day = dt.date(2026, 10, 1) + dt.timedelta(days=index)
        return f"{day.isoformat()}-soak-{index:02d}"

    def write(self, index: int) -> None:
        text = RECAP.format(
            title=f"Soak Day {index}: Stocks Edge Higher",
            date=self.episode_id(index)[:10],
            slug=f"soak-{index:02d}",
            variant=VARIANTS[self.recaps[index]],
        )
        # Dropped in atomically under a hidden name, as the README asks of whatever fills it.
        tmp = self.folder / f".{self.path(index).name}.tmp"
        tmp.write_text(text)
        os.replace(tmp, self.path(index))

    def add(self) -> str:
        index = self.next_index
        self.next_index += 1
        self.recaps[index] = 0
        self.write(index)
        return f"add {index}"

    def change(self) -> list[str]:
        """One to two random changes; the first run only adds."""
        if not self.recaps:
            return [self.add(), self.add()]
        changes: list[str] = []
        for _ in range(self.rng.choice((1, 1, 2))):
            action = self.rng.choice(("add", "add", "edit", "edit", "touch", "remove", "bad"))
            if action == "add" and len(self.recaps) < 8:
                changes.append(self.add())
            elif action == "edit":
                index = self.rng.choice(sorted(self.recaps))
                self.recaps[index] = (self.recaps[index] + 1) % len(VARIANTS)
                self.write(index)
                changes.append(f"edit {index}")
            elif action == "touch":
                index = self.rng.choice(sorted(self.recaps))
                self.write(index)  # same bytes, new mtime: must stay unchanged
                changes.append(f"touch {index}")
            elif action == "remove" and len(self.recaps) > 2:
                index = self.rng.choice(sorted(self.recaps))
                del self.recaps[index]
                self.path(index).unlink()
                changes.append(f"remove {index}")
            elif action == "bad":
                bad = self.folder / "broken.txt"
                if self.bad:
                    bad.unlink()
                else:
                    bad.write_bytes(b"")
                self.bad = not self.bad
                changes.append("bad file " + ("added" if self.bad else "removed"))
        return changes or ["nothing"]


def _catalog_hashes(out: Path) -> dict[str, str]:
    path = default_state_dir(out) / layout.CATALOG
    if not path.is_file():
        return {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT episode_id, content_hash FROM episodes").fetchall())
    finally:
        conn.close()


def _pending(box: _Inbox, out: Path) -> int:
    """How many inbox recaps the catalog does not hold with their current content."""
    hashes = _catalog_hashes(out)
    return sum(
        1
        for index in box.recaps
        if hashes.get(box.episode_id(index))
        != hashlib.sha256(box.path(index).read_bytes()).hexdigest()
    )


def _nightly(inbox: Path, out: Path, cache: Path) -> list[str]:
    return [
        sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out", str(out),
        "--show", str(FAKE_SHOW), "--cache-dir", str(cache), "--json",
    ]  # fmt: skip


def _events(stderr: str) -> list[dict[str, object]]:
    events = []
    for line in stderr.splitlines():
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
    return events


def _ledger_episodes(out: Path) -> list[str]:
    """Episode ids the nightly recorded as published (after their feed was written)."""
    try:
        data = json.loads((default_state_dir(out) / layout.LEDGER).read_text())
    except FileNotFoundError:
        return []
    return [
        entry["published"]["episode_id"]
        for entry in data["sources"].values()
        if entry.get("published")
    ]


def _run_once(
    number: int, changes: list[str], kill_at: float | None, box: _Inbox, out: Path, cache: Path
) -> tuple[RunRecord, list[dict[str, object]]]:
    inbox = box.folder
    inbox_before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    # The soak writes its recaps just before each run: no settle age or pause (see inbox.settled).
    env = {
        **os.environ,
        "PODCAST_RETRY_BASE_S": "0.05",
        "PODCAST_INBOX_MIN_AGE_S": "0",
        "PODCAST_INBOX_SETTLE_S": "0",
    }
    t0 = time.monotonic()
    proc = subprocess.Popen(
        _nightly(inbox, out, cache),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = False
    try:
        stdout, stderr = proc.communicate(timeout=kill_at if kill_at else 600)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        stdout, stderr = proc.communicate()
        killed = True
    record = RunRecord(
        run=number,
        changes=changes,
        killed_at_s=round(kill_at, 2) if killed and kill_at else None,
        exit_code=None if killed else proc.returncode,
        elapsed_s=round(time.monotonic() - t0, 2),
    )
    events = _events(stderr)
    if killed:
        last = events[-1] if events else {}
        record.last_event = f"{last.get('event', 'start')} {last.get('source') or ''}".strip()
    for event in events:
        if event.get("event") == "published":
            record.published += 1
            record.cache_hits += int(str(event["cache_hits"]))
            record.segments += int(str(event["segments"]))
        elif event.get("event") == "unchanged":
            record.unchanged += 1
        elif event.get("event") == "failed":
            record.failed += 1
    state = feed_state(out) if (out / "feed.xml").exists() else FeedState()
    record.problems += state.problems
    record.feed_items = len(state.episode_ids)
    for episode in _ledger_episodes(out):  # every recap published so far: listed exactly once
        if state.episode_ids.count(episode) != 1:
            record.problems.append(
                f"published {episode} is listed {state.episode_ids.count(episode)} times"
            )
    if {p.name: p.read_bytes() for p in inbox.iterdir()} != inbox_before:
        record.problems.append("the nightly changed the inbox")
    if not killed:
        record.problems += _check_settled(box, out, state, proc.returncode, stdout)
    return record, events


def run_soak(
    runs: int = 20,
    seed: int = 1,
    workdir: Path | None = None,
    kill_probability: float = 0.4,
    say: bool = True,
) -> SoakResult:
    """`runs` runs (a random change to the inbox before each, SIGKILL at a random moment with
    probability `kill_probability`), then one last run that is not killed."""
    rng = random.Random(seed)
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="soak-")) if workdir is None else workdir
    inbox, out, cache = work / "inbox", work / "out", work / "cache"
    inbox.mkdir(parents=True, exist_ok=True)
    box = _Inbox(inbox, rng)
    watcher = FeedWatcher(out)
    watcher.start()
    records: list[RunRecord] = []
    problems: list[str] = []
    started = time.monotonic()
    hits_after_kill = segments_after_kill = 0
    try:
        for number in range(1, runs + 2):
            settle = number == runs + 1
            changes = ["settle: no change, not killed"] if settle else box.change()
            kill_at = None
            if not settle and rng.random() < kill_probability:
                # Anywhere from start-up to the end of the last render this run should do.
                kill_at = rng.uniform(0.1, 1.5 + 3.0 * _pending(box, out))
            record, _ = _run_once(number, changes, kill_at, box, out, cache)
            if records and records[-1].killed_at_s is not None:
                hits_after_kill += record.cache_hits
                segments_after_kill += record.segments
            records.append(record)
            problems += [f"run {number}: {p}" for p in record.problems]
            if say:
                what = (
                    f"SIGKILL at {record.killed_at_s:.2f} s (last event: {record.last_event})"
                    if record.killed_at_s is not None
                    else f"exit {record.exit_code}"
                )
                print(
                    f"run {number:2d}: {', '.join(changes):<28} {what:<52} published "
                    f"{record.published}, unchanged {record.unchanged}, failed {record.failed}, "
                    f"feed {record.feed_items}"
                    + (f"  PROBLEMS: {record.problems}" if record.problems else ""),
                    flush=True,
                )
    finally:
        watcher.stop()
    problems += [f"during a run: {p}" for p in watcher.problems[:20]]
    final = feed_state(out)
    result = SoakResult(
        runs=len(records),
        seed=seed,
        killed=sum(1 for r in records if r.killed_at_s is not None),
        feed_polls=watcher.polls,
        feed_parsed_during_runs=watcher.parsed,
        invalid_feed_polls=len(watcher.problems),
        final_feed_items=len(final.episode_ids),
        elapsed_s=round(time.monotonic() - started, 1),
        cache_hits_after_kill=hits_after_kill,
        segments_after_kill=segments_after_kill,
        problems=problems,
        records=records,
    )
    if own:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _check_settled(box: _Inbox, out: Path, state: FeedState, code: int, stdout: str) -> list[str]:
    problems: list[str] = []
    expected = {2, 3} if box.bad else {0}
    if code not in expected:
        problems.append(f"exit code {code}, expected one of {sorted(expected)}: {stdout[-300:]}")
    hashes = _catalog_hashes(out)
    for index in sorted(box.recaps):
        episode = box.episode_id(index)
        listed = state.episode_ids.count(episode)
        if listed != 1:
            problems.append(f"recap {index} ({episode}) is listed {listed} times")
        digest = hashlib.sha256(box.path(index).read_bytes()).hexdigest()
        if hashes.get(episode) != digest:
            problems.append(f"recap {index}: the catalog does not hold its current content")
    leftovers = temp_leftovers(out)
    if leftovers:
        problems.append(f"temp files left in OUT: {leftovers[:5]}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs before the final one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kill-probability", type=float, default=0.4)
    parser.add_argument("--workdir", type=Path, help="keep the inbox, OUT and cache here")
    args = parser.parse_args(argv)
    result = run_soak(args.runs, args.seed, args.workdir, args.kill_probability)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(result), indent=1) + "\n")
    print(
        f"\n{result.runs} runs ({result.killed} SIGKILLed) in {result.elapsed_s} s; feed read "
        f"{result.feed_parsed_during_runs} times during runs, {result.invalid_feed_polls} invalid; "
        f"{result.final_feed_items} episodes in the final feed; after kills "
        f"{result.cache_hits_after_kill}/{result.segments_after_kill} segments from the cache"
    )
    print("OK" if result.ok else "FAILED:\n  " + "\n  ".join(result.problems[:30]))
    print(f"results: {RESULTS}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
