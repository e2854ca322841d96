"""`podcast nightly`: the inbox, new/changed/unchanged recaps, one failure among many, the
summary, the JSON event log and the terminal progress bar, the exit-code rules."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.soak import RECAP, feed_state, published_snapshot
from podcast import pipeline
from podcast.config import load_show
from podcast.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_PARTIAL, EXIT_QA
from podcast.jobs import nightly
from podcast.jobs.events import EventLog
from podcast.jobs.inbox import InboxItem, content_hash, list_recaps
from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.statedir import default_state_dir
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)


def recap(index: int, variant: str = "Technology led, while small caps slipped.") -> str:
    return RECAP.format(
        title=f"Day {index}: Stocks Edge Higher",
        date=f"2026-11-{index:02d}",
        slug=f"day-{index}",
        variant=variant,
    )


def run_nightly(
    inbox: Path, out: Path, cache: Path, **kwargs: object
) -> tuple[nightly.Summary, list[dict]]:
    stream = io.StringIO()
    summary = nightly.run(
        inbox,
        out,
        SHOW,
        SegmentCache(cache),
        log=EventLog(stream, tty=False),
        retry_base_s=0.01,
        **kwargs,  # type: ignore[arg-type]
    )
    return summary, [json.loads(line) for line in stream.getvalue().splitlines()]


def cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, **kw: object):
    return subprocess.run(
        [sys.executable, "-m", "podcast.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PODCAST_RETRY_BASE_S": "0.01", **(env or {})},
        timeout=300,
        **kw,  # type: ignore[arg-type]
    )


def inbox_state(inbox: Path) -> dict[str, tuple[object, int]]:
    """Every entry under the inbox: its bytes (or link target, or kind) and its mtime."""
    state: dict[str, tuple[object, int]] = {}
    for p in sorted(inbox.rglob("*")):
        st = p.lstat()
        if p.is_symlink():
            what: object = ("link", os.readlink(p))
        elif p.is_file():
            what = p.read_bytes()
        else:
            what = "dir" if p.is_dir() else "special"
        state[str(p.relative_to(inbox))] = (what, st.st_mtime_ns)
    return state


# -- the inbox ---------------------------------------------------------------------------------


def test_inbox_lists_recaps_in_order_pairs_quotes_and_flags_what_it_cannot_read(
    tmp_path: Path,
) -> None:
    inbox, outside = tmp_path / "inbox", tmp_path / "outside.md"
    inbox.mkdir()
    outside.write_text(recap(3))
    for name in ("b.md", "a.txt", "c.html", "d.json", "e.htm"):
        (inbox / name).write_text("x")
    (inbox / "a.quotes.csv").write_text("symbol,name,kind,close,change_pct,volume\n")
    (inbox / "orphan.quotes.csv").write_text("x")
    for name in (".hidden.md", "notes.md~", "upload.md.part", "big.md.tmp"):
        (inbox / name).write_text("x")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "nested.md").write_text("x")
    for name in ("report.pdf", "noext", "weird.xyz", "table.csv"):
        (inbox / name).write_text("x")
    (inbox / "in-link.md").symlink_to("b.md")
    (inbox / "out-link.md").symlink_to("../outside.md")
    (inbox / "abs-link.md").symlink_to("/etc/hostname")
    (inbox / "broken.md").symlink_to("missing.md")
    os.mkfifo(inbox / "fifo.md")
    before = inbox_state(inbox)

    listing = list_recaps(inbox)
    names = [i.name for i in listing.items]
    assert names == sorted(names)
    problems = {i.name: i.problem for i in listing.items}
    for good in ("a.txt", "b.md", "c.html", "d.json", "e.htm", "in-link.md"):
        assert problems[good] is None, good
    assert "outside the inbox" in problems["out-link.md"]
    assert "outside the inbox" in problems["abs-link.md"]
    assert "cannot be opened" in problems["broken.md"]
    assert "not a regular file" in problems["fifo.md"]
    assert "unsupported format '.pdf'" in problems["report.pdf"]
    assert "unsupported format '.xyz'" in problems["weird.xyz"]
    assert "unsupported format '.csv'" in problems["table.csv"]
    assert "without an extension" in problems["noext"]
    quotes = {i.name: i.quotes for i in listing.items}
    assert quotes["a.txt"] == (inbox / "a.quotes.csv").resolve()
    assert quotes["b.md"] is None
    ignored = dict(listing.ignored)
    assert set(ignored) == {
        ".hidden.md", "notes.md~", "upload.md.part", "big.md.tmp", "sub", "orphan.quotes.csv",
    }  # fmt: skip
    assert inbox_state(inbox) == before


def test_content_hash_is_the_one_the_catalog_stores(tmp_path: Path) -> None:
    article, quotes = tmp_path / "r.md", tmp_path / "r.quotes.csv"
    article.write_bytes(os.urandom(3_000_000))
    quotes.write_text("symbol,name,kind,close,change_pct,volume\n")
    item = InboxItem("r.md", article, quotes)
    assert content_hash(item) == pipeline.content_hash(article, quotes)
    assert content_hash(InboxItem("r.md", article)) == pipeline.content_hash(article, None)


def test_a_missing_inbox_is_a_usage_error(tmp_path: Path) -> None:
    proc = cli(
        "nightly", "--inbox", str(tmp_path / "nope"), "--out", str(tmp_path / "out"),
        "--show", str(FAKE_SHOW),
    )  # fmt: skip
    assert proc.returncode == EXIT_INPUT
    assert proc.stderr.splitlines()[-1].startswith("error: the inbox")
    assert not (tmp_path / "out").exists()


def test_the_inbox_cannot_be_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><h1>Episodes</h1></body></html>")
    before = inbox_state(tmp_path)
    proc = cli(
        "nightly", "--inbox", str(tmp_path), "--out", str(tmp_path), "--show", str(FAKE_SHOW)
    )
    assert proc.returncode == EXIT_INPUT
    assert "same folder" in proc.stderr.splitlines()[-1]
    assert inbox_state(tmp_path) == before


# -- new, unchanged, changed -------------------------------------------------------------------


def test_new_recaps_publish_then_stay_unchanged_until_they_change(tmp_path: Path) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "recap-a.md").write_text(recap(11))
    (inbox / "recap-b.md").write_text(recap(12))
    before = inbox_state(inbox)

    # First night, through the CLI: stderr is not a terminal, so one JSON line per event.
    proc = cli(
        "nightly", "--inbox", str(inbox), "--out", str(out), "--show", str(FAKE_SHOW),
        "--cache-dir", str(cache),
    )  # fmt: skip
    assert proc.returncode == EXIT_OK, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines()]
    assert {e["run_id"] for e in events} == {events[0]["run_id"]}
    assert all({"ts", "run_id", "event", "source"} <= set(e) for e in events)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_start" and kinds[-1] == "run_end"
    assert kinds.count("render_start") == 2 and kinds.count("published") == 2
    assert events[-1]["exit_code"] == 0 and events[-1]["published"] == 2
    assert proc.stdout.splitlines()[0].startswith(
        f"nightly {events[0]['run_id']}: 2 recap(s): 2 published, 0 unchanged, 0 failed"
    )
    state = feed_state(out)
    assert not state.problems
    assert sorted(state.episode_ids) == ["2026-11-11-day-11", "2026-11-12-day-12"]
    assert inbox_state(inbox) == before  # never moved, deleted or touched

    # Second night: nothing changed, nothing rendered, nothing published changes.
    published = published_snapshot(out)
    summary, events = run_nightly(inbox, out, cache)
    assert summary.exit_code == EXIT_OK
    assert [o.status for o in summary.outcomes] == ["unchanged", "unchanged"]
    assert "render_start" not in [e["event"] for e in events]
    assert published_snapshot(out) == published

    # A correction to one recap: only it renders again, speaking only the changed sentence.
    (inbox / "recap-a.md").write_text(recap(11, "Energy led, while utilities slipped."))
    (inbox / "recap-a.md").touch()
    summary, _ = run_nightly(inbox, out, cache)
    a, b = summary.outcomes
    assert (a.status, b.status) == ("published", "unchanged")
    assert a.cache_hits == a.segments - 1
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        record = catalog.get("2026-11-11-day-11")
    assert record is not None
    assert record.content_hash == pipeline.content_hash(inbox / "recap-a.md")
    assert sorted(feed_state(out).episode_ids) == ["2026-11-11-day-11", "2026-11-12-day-12"]

    # A quotes file that arrives for a recap changes it too.
    (inbox / "recap-b.quotes.csv").write_text(
        "symbol,name,kind,close,change_pct,volume\nSPY,S&P 500 ETF,index,579.81,0.21,71234500\n"
    )
    summary, events = run_nightly(inbox, out, cache)
    assert [o.status for o in summary.outcomes] == ["unchanged", "published"]
    assert next(e for e in events if e["event"] == "render_start")["quotes"] is True
    assert not feed_state(out).problems


def test_one_failure_does_not_stop_the_others_and_is_tried_again_next_night(
    tmp_path: Path,
) -> None:
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a-empty.txt").write_bytes(b"")
    (inbox / "b-good.md").write_text(recap(13))
    summary, events = run_nightly(inbox, out, cache)
    assert summary.exit_code == EXIT_PARTIAL
    bad, good = summary.outcomes
    assert bad.status == "failed" and bad.exit_code == EXIT_INPUT and "is empty" in bad.error
    assert good.status == "published"
    failed = next(e for e in events if e["event"] == "failed")
    assert failed["source"] == "a-empty.txt" and failed["exit_code"] == EXIT_INPUT

    summary, _ = run_nightly(inbox, out, cache)
    assert [o.status for o in summary.outcomes] == ["failed", "unchanged"]
    assert summary.outcomes[0].failures == 2
    assert summary.exit_code == EXIT_INPUT  # the only recap it tried was bad input
    assert "[failing 2 runs in a row]" in summary.text()

    (inbox / "a-empty.txt").write_text(
        "Day 14: Stocks Edge Higher\nNovember 14, 2026\n\n" + SHORT_BODY
    )
    summary, _ = run_nightly(inbox, out, cache)
    assert [o.status for o in summary.outcomes] == ["published", "unchanged"]
    assert summary.exit_code == EXIT_OK
    assert len(feed_state(out).episode_ids) == 2


SHORT_BODY = """Key Takeaways

- Stocks edged higher in light trading: SPY +0.21%, QQQ +0.35%, IWM -0.12%.
- The 10-year Treasury yield held near 4.30%.

Market snapshot

The S&P 500 rose 0.21% in the quietest session of the month. Technology led, while small caps \
slipped.

Bottom line

A calm day before a busy week. Traders are waiting for the Fed.
"""


def test_exit_code_rules() -> None:
    def o(status: str, code: int = 0) -> nightly.Outcome:
        return nightly.Outcome("x", status, exit_code=code)

    assert nightly.exit_code_for([]) == EXIT_OK
    assert nightly.exit_code_for([o("published"), o("unchanged")]) == EXIT_OK
    assert nightly.exit_code_for([o("published"), o("failed", EXIT_INPUT)]) == EXIT_PARTIAL
    assert nightly.exit_code_for([o("unchanged"), o("failed", EXIT_INPUT)]) == EXIT_INPUT
    assert nightly.exit_code_for([o("failed", EXIT_QA)]) == EXIT_QA
    assert nightly.exit_code_for([o("failed", EXIT_INTERNAL)]) == EXIT_INTERNAL
    mixed = [o("failed", EXIT_QA), o("failed", EXIT_INPUT)]
    assert nightly.exit_code_for(mixed) == EXIT_PARTIAL
    assert nightly.exit_code_for([o("published"), o("failed", 6), o("not_attempted")]) == 6


# -- what a person sees ------------------------------------------------------------------------


def test_a_terminal_gets_a_progress_bar_not_json(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.md").write_bytes(b"")
    (inbox / "b.txt").write_bytes(b"   \n")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out", str(out),
         "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, text=True,
    )  # fmt: skip
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    stdout, _ = proc.communicate(timeout=60)
    screen = b"".join(chunks).decode()
    assert proc.returncode == EXIT_INPUT
    assert "[" + "." * 24 + "] 0/2 a.md" in screen
    assert "[" + "#" * 24 + "] 2/2 done" in screen
    assert "FAILED     a.md: recap" in screen and "is empty" in screen
    assert not any(line.lstrip("\r\x1b[K").startswith("{") for line in screen.splitlines())
    assert "0 published, 0 unchanged, 2 failed (exit 2," in stdout.splitlines()[0]


def test_the_summary_keeps_one_line_per_recap_whatever_the_names(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "evil\nname\x1b[2J.txt").write_bytes(b"")
    (inbox / "ok.md").write_bytes(b"")
    summary, events = run_nightly(inbox, out, tmp_path / "cache")
    text = summary.text()
    assert len(text.splitlines()) == 1 + len(summary.outcomes)
    assert "\x1b" not in text and "evil\\x0aname\\x1b[2J.txt" in text
    assert all("\x1b" not in json.dumps(e) for e in events)  # JSON escapes it


def test_the_demo_render_command_still_works_beside_the_nightly(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = cli(
        "render", str(SHORT), "--out", str(out), "--show", str(FAKE_SHOW), "--cache-dir",
        str(cache), "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SHORT, inbox / "short-recap.md")
    published = published_snapshot(out)
    summary, _ = run_nightly(inbox, out, cache)
    (outcome,) = summary.outcomes
    # Not yet in the nightly's ledger: rendered once more from the cache, same bytes published.
    assert outcome.status == "published" and outcome.cache_hits == outcome.segments
    assert published_snapshot(out) == published


@pytest.fixture(autouse=True)
def _no_stray_work_dirs(tmp_path: Path):
    yield
    assert not list(tmp_path.glob("*/.work-*"))
    assert not list(tmp_path.glob("*.state/work/*"))
