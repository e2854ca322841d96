"""A recap still being written is not published: a file modified within the last minute (or
`--min-age`), or whose size or mtime changes between two looks a pause apart, is skipped with an
event saying so, and the next run picks it up. These tests run on the real defaults (60 s, 1 s)
unless they say otherwise: the shared fixture that turns the settle time off is undone here."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.soak import RECAP, published_snapshot
from podcast.config import load_show
from podcast.errors import EXIT_INPUT, EXIT_OK
from podcast.jobs import inbox as inbox_mod
from podcast.jobs import nightly
from podcast.jobs.events import EventLog
from podcast.jobs.inbox import list_recaps, settled
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)


@pytest.fixture(autouse=True)
def real_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(inbox_mod.MIN_AGE_ENV, raising=False)
    monkeypatch.delenv(inbox_mod.SETTLE_PAUSE_ENV, raising=False)


def recap(day: int) -> str:
    return RECAP.format(
        title=f"Day {day}: Stocks Edge Higher",
        date=f"2026-11-{day:02d}",
        slug=f"day-{day}",
        variant="Technology led, while small caps slipped.",
    )


def age(path: Path, seconds: float) -> None:
    """Set the file's mtime `seconds` into the past."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def run_nightly(inbox: Path, out: Path, cache: Path, **kw: object):  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(cache), log=EventLog(stream, tty=False),
        retry_base_s=0.01, **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return summary, [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_defaults_are_documented_values() -> None:
    assert inbox_mod.default_min_age_s() == 60.0 and inbox_mod.settle_pause_s() == 1.0
    readme = (ROOT / "README.md").read_text()
    for words in ("--min-age", "PODCAST_INBOX_MIN_AGE_S", "PODCAST_INBOX_SETTLE_S", "rename"):
        assert words in readme


def test_a_fresh_recap_is_skipped_then_published_once_it_is_old_enough(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "old.md").write_text(recap(3))
    age(inbox / "old.md", 3600)
    (inbox / "fresh.md").write_text(recap(4))  # just copied in: maybe still being written
    started = time.monotonic()
    summary, events = run_nightly(inbox, out, cache)
    assert time.monotonic() - started >= 1.0  # the one pause between the two looks
    assert summary.exit_code == EXIT_OK
    by_name = {o.source: o for o in summary.outcomes}
    assert by_name["old.md"].status == "published"
    fresh = by_name["fresh.md"]
    assert fresh.status == "skipped" and "modified" in (fresh.error or "")
    (skip,) = [e for e in events if e["event"] == "skipped"]
    assert skip["source"] == "fresh.md" and skip["reason"] == "not_settled"
    assert "60 s" in skip["why"] and "later run" in skip["why"]
    assert not any("2026-11-04" in k for k in published_snapshot(out))
    assert "1 skipped (still being written)" in summary.text().splitlines()[0]
    assert summary.to_dict()["skipped"] == 1
    assert [e["skipped"] for e in events if e["event"] == "run_end"] == [1]

    age(inbox / "fresh.md", 61)
    summary, events = run_nightly(inbox, out, cache)
    by_name = {o.source: o for o in summary.outcomes}
    assert by_name["fresh.md"].status == "published"
    assert by_name["old.md"].status == "unchanged"
    assert not [e for e in events if e["event"] == "skipped"]
    assert any("2026-11-04" in k for k in published_snapshot(out))


def test_a_fresh_quotes_file_holds_its_recap_back(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(3))
    age(inbox / "a.md", 3600)
    (inbox / "a.quotes.csv").write_text("symbol,last,change_pct\nSPY,500,0.2\n")
    ready, waiting = settled(list_recaps(inbox).items, 60, 0)
    assert ready == [] and [n for n, _ in waiting] == ["a.md"]


def test_a_file_that_changes_between_the_two_looks_is_skipped(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("grows.md", "steady.md", "touched.md"):
        (inbox / name).write_text(recap(5))
        age(inbox / name, 3600)
    pauses: list[float] = []

    def meanwhile(seconds: float) -> None:  # the copy goes on during the pause
        pauses.append(seconds)
        with open(inbox / "grows.md", "a") as fh:
            fh.write("More text arrives.\n")
        age(inbox / "grows.md", 3600)  # same old mtime: only the size tells
        age(inbox / "touched.md", 1800)  # same size: only the mtime tells

    ready, waiting = settled(list_recaps(inbox).items, 60, 1.0, sleep=meanwhile)
    assert pauses == [1.0]  # one pause for the whole inbox
    assert [i.name for i in ready] == ["steady.md"]
    assert sorted(n for n, _ in waiting) == ["grows.md", "touched.md"]
    assert all("changed within 1 s" in why for _, why in waiting)


def test_a_file_being_copied_during_a_real_run_is_skipped(tmp_path: Path) -> None:
    """Through the CLI, with the default 1 s between the two looks and --min-age 0: a writer
    appends to the recap every 50 ms while the run looks at it."""
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    growing = inbox / "copying.md"
    growing.write_text(recap(6))
    done = threading.Event()

    def writer() -> None:
        while not done.is_set():
            with open(growing, "a") as fh:
                fh.write("x\n")
            time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out",
             str(out), "--show", str(FAKE_SHOW), "--cache-dir", str(cache), "--min-age", "0"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        done.set()
        thread.join()
    assert proc.returncode == EXIT_OK, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines()]
    (skip,) = [e for e in events if e["event"] == "skipped"]
    assert skip["source"] == "copying.md" and "changed within 1 s" in skip["why"]
    assert "render_start" not in [e["event"] for e in events]
    assert "skipped        copying.md" in proc.stdout
    assert published_snapshot(out) == {}


def test_a_future_mtime_waits_and_a_bad_min_age_is_a_usage_error(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(3))
    age(inbox / "a.md", -3600)
    ready, waiting = settled(list_recaps(inbox).items, 60, 0)
    assert ready == [] and "in the future" in waiting[0][1]
    proc = subprocess.run(
        [sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--min-age", "-1"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == EXIT_INPUT and proc.stderr.startswith("error: ")
    assert "--min-age" in proc.stderr and len(proc.stderr.splitlines()) == 1
