"""The batch progress display: JSON lines off a terminal (paced "spoken" lines), one tqdm bar per
episode on a terminal, nothing with mode "none"; thread-safe, and no title or error text can
send a control sequence to the terminal. Bars are checked on the screen they would leave: the
output is replayed through a small terminal model (carriage return, newline, cursor up)."""

from __future__ import annotations

import io
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator

import pytest

from podcast import progress
from podcast.progress import STAGES, Progress, progress_for
from tests.test_lazy_imports import run_python

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
HOSTILE = "Stocks \x1b[2J rally\rFAKE: \x1b]0;pwned\x07 {n} done"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class TtyIO(io.StringIO):
    """A StringIO that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


class SlowIO(io.StringIO):
    """Writes one character at a time and yields the GIL in between, so two unsynchronised
    writers would interleave inside each other's lines."""

    def write(self, s: str) -> int:
        for char in s:
            super().write(char)
            time.sleep(0)
        return len(s)


def screen(raw: str) -> list[str]:
    """The lines a terminal shows after `raw`: \\r to column 0, \\n to the next line, ESC[A one
    line up; any other control character or escape sequence fails the test."""
    rows: list[list[str]] = [[]]
    row = col = 0
    i = 0
    while i < len(raw):
        char = raw[i]
        if raw.startswith("\x1b[A", i):
            row = max(row - 1, 0)
            i += 3
            continue
        if char == "\r":
            col = 0
        elif char == "\n":
            row, col = row + 1, 0
        elif not char.isprintable():
            raise AssertionError(f"control character {char!r} at {i}: {raw[i - 20 : i + 20]!r}")
        else:
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend(" " * (col + 1 - len(line)))
            line[col] = char
            col += 1
        i += 1
    lines = ["".join(r).rstrip() for r in rows]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def events(raw: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in raw.splitlines()]


def run_episode(p: Progress, episode_id: str, segments: int, cached: int) -> None:
    """Everything the executor reports for one episode that renders and publishes."""
    p.episode(episode_id, f"Title of {episode_id}", segments, cached)
    for _ in range(segments - cached):
        p.spoken(episode_id)
    for stage in STAGES:
        p.stage(episode_id, stage)
    p.done(episode_id, ok=True)


# -- JSON ---------------------------------------------------------------------------------------


def test_json_lines_carry_the_event_fields() -> None:
    out, clock = io.StringIO(), FakeClock()
    p = progress_for(out, mode="json", clock=clock)
    p.episode("2026-11-19-markets", "Markets rally", 4, 1)
    for _ in range(3):
        clock.now += 1
        p.spoken("2026-11-19-markets")
    for stage in STAGES:
        p.stage("2026-11-19-markets", stage)
    p.done("2026-11-19-markets", ok=True)
    p.episode("2026-11-20-bonds", "Bonds", 2, 0)
    p.done("2026-11-20-bonds", ok=False, detail="error: voice 'x' is not installed")
    p.close()

    lines = events(out.getvalue())
    assert all(TS.match(str(e["ts"])) for e in lines)
    assert {e["episode"] for e in lines} == {"2026-11-19-markets", "2026-11-20-bonds"}
    stripped = [{k: v for k, v in e.items() if k not in ("ts", "episode")} for e in lines]
    assert stripped == [
        {"event": "episode", "title": "Markets rally", "segments": 4, "cached": 1},
        {"event": "spoken", "spoken": 2, "of": 4},
        {"event": "spoken", "spoken": 3, "of": 4},
        {"event": "spoken", "spoken": 4, "of": 4},
        *({"event": "stage", "stage": stage} for stage in STAGES),
        {"event": "done", "ok": True, "detail": ""},
        {"event": "episode", "title": "Bonds", "segments": 2, "cached": 0},
        {"event": "done", "ok": False, "detail": "error: voice 'x' is not installed"},
    ]


def test_json_spoken_lines_are_paced_and_the_last_is_always_written() -> None:
    """46 segments spoken 0.1 s apart: a line at most every 0.5 s per episode, plus 46/46."""
    out, clock = io.StringIO(), FakeClock()
    p = progress_for(out, mode="json", clock=clock)
    p.episode("a", "A", 46, 0)
    p.episode("b", "B", 46, 40)
    times: dict[str, list[float]] = {"a": [], "b": []}  # when each "spoken" line appeared
    seen = 2
    for k in range(46):
        clock.now += 0.1
        p.spoken("a")
        if k < 6:
            p.spoken("b")
        new = events(out.getvalue())[seen:]
        seen += len(new)
        for e in new:
            assert e["event"] == "spoken"
            times[str(e["episode"])].append(clock.now)

    spoken = [e for e in events(out.getvalue()) if e["event"] == "spoken"]
    a = [e for e in spoken if e["episode"] == "a"]
    assert 9 <= len(a) <= 11  # 4.6 s at one line per 0.5 s, plus the last
    assert a[-1]["spoken"] == a[-1]["of"] == 46
    assert [e["spoken"] for e in a] == sorted({int(str(e["spoken"])) for e in a})
    gaps = [t1 - t0 for t0, t1 in itertools.pairwise(times["a"][:-1])]
    assert gaps and all(gap >= 0.5 - 1e-9 for gap in gaps)
    assert times["a"][0] == pytest.approx(100.1)  # the first count is written at once
    # b started from 40 cached: its own pace (the first line at once), and 46/46 at the end
    b = [e for e in spoken if e["episode"] == "b"]
    assert [e["spoken"] for e in b] == [41, 46] and b[-1]["of"] == 46


def test_json_a_frozen_clock_writes_the_first_and_the_last_count_only() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="json", clock=lambda: 5.0)
    p.episode("e", "E", 46, 0)
    for _ in range(46):
        p.spoken("e")
    spoken = [e["spoken"] for e in events(out.getvalue()) if e["event"] == "spoken"]
    assert spoken == [1, 46]


def test_json_counts_never_pass_the_script_and_a_retry_starts_over() -> None:
    out, clock = io.StringIO(), FakeClock()
    p = progress_for(out, mode="json", clock=clock)
    p.episode("e", "E", 3, 2)
    clock.now += 1
    p.spoken("e", 5)
    p.episode("e", "E", 3, 1)  # a lost worker: the episode joins again
    clock.now += 1
    p.spoken("e")
    spoken = [(e["spoken"], e["of"]) for e in events(out.getvalue()) if e["event"] == "spoken"]
    assert spoken == [(3, 3), (2, 3)]


def test_after_close_nothing_is_written() -> None:
    for mode in ("json", "bar"):
        out = io.StringIO()
        p = progress_for(out, mode=mode)
        p.episode("e", "E", 2, 0)
        p.close()
        before = out.getvalue()
        p.spoken("e")
        p.stage("e", "mix")
        p.done("e", ok=True)
        p.episode("f", "F", 1, 0)
        p.close()
        assert out.getvalue() == before, mode


def test_unknown_stage_episode_or_mode_is_an_error() -> None:
    for mode in ("json", "bar", "none"):
        p = progress_for(io.StringIO(), mode=mode)
        p.episode("e", "E", 2, 0)
        with pytest.raises(ValueError, match="unknown stage 'mixing'"):
            p.stage("e", "mixing")
        if mode != "none":
            with pytest.raises(ValueError, match="never announced"):
                p.spoken("nope")
        p.close()
    with pytest.raises(ValueError, match="unknown progress mode 'fancy'"):
        progress_for(io.StringIO(), mode="fancy")


# -- bars ---------------------------------------------------------------------------------------


def test_bars_one_per_episode_with_each_phase_and_n_of_n_at_the_end() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="bar")
    p.episode("2026-11-17-tech", "Tech leads the Nasdaq", 46, 12)
    p.episode("2026-11-18-oil", "Oil slips", 20, 0)
    p.episode("2026-11-19-rates", "Rates hold", 8, 8)
    raw_after_join = out.getvalue()
    for _ in range(34):
        p.spoken("2026-11-17-tech")
    for _ in range(5):
        p.spoken("2026-11-18-oil")
    p.done("2026-11-18-oil", ok=False, detail="error: engine crashed\non segment 6")
    for stage in STAGES:
        p.stage("2026-11-19-rates", stage)
        p.stage("2026-11-17-tech", stage)
    p.done("2026-11-19-rates", ok=True, detail="unchanged")
    p.done("2026-11-17-tech", ok=True)
    p.close()
    raw = out.getvalue()

    assert "speech 12/46" in raw_after_join and "speech 0/20" in raw_after_join
    assert "speech 8/8" in raw_after_join
    assert "speech 46/46" in raw  # the last count is always drawn
    for label in ("Tech leads the Nasdaq", "Rates hold"):
        for stage in STAGES:
            assert re.search(rf"{label} +{stage} +\|", raw), (label, stage)
    lines = screen(raw)
    assert len(lines) == 3
    tech, oil, rates = lines
    assert tech.startswith("Tech leads the Nasdaq") and re.search(r"published +\|", tech)
    assert "| 51/51 [" in tech  # 46 segments + 5 stages
    assert oil.startswith("Oil slips") and "failed: error: engine crashed on segment 6" in oil
    assert "| 5/25 [" in oil
    assert rates.startswith("Rates hold") and re.search(r"unchanged +\|", rates)
    assert "| 13/13 [" in rates


def test_many_bars_all_end_on_screen_in_order() -> None:
    """More episodes than a screen has rows: each still leaves its line when the batch ends."""
    out = io.StringIO()
    p = progress_for(out, mode="bar")
    for i in range(25):
        p.episode(f"ep-{i:02d}", f"Episode {i:02d}", 3, 0)
    for i in reversed(range(25)):
        run_episode(p, f"ep-{i:02d}", 3, 1)
    p.close()
    lines = screen(out.getvalue())
    assert len(lines) == 25
    for i, line in enumerate(lines):
        assert line.startswith(f"Episode {i:02d} ") and "| 8/8 [" in line, line


def test_a_retry_restarts_the_episode_s_bar() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="bar")
    p.episode("e", "Retried", 10, 0)
    for _ in range(10):
        p.spoken("e")
    p.stage("e", "mix")
    p.episode("e", "Retried", 10, 7)  # lost worker: the segments it cached still count
    mark = len(out.getvalue())
    p.spoken("e", 3)
    for stage in STAGES:
        p.stage("e", stage)
    p.done("e", ok=True)
    p.close()
    assert "speech 10/10" in out.getvalue()[mark:]
    assert re.search(r"\| 15/15 \[\d\d:\d\d\]$", screen(out.getvalue())[-1])
    assert len(screen(out.getvalue())) == 1


def test_long_titles_are_shortened_and_an_empty_one_shows_the_id() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="bar")
    p.episode("long", "A very long title about the markets, rates, oil and much more", 1, 1)
    p.episode("2026-11-19-empty", "  ", 1, 1)
    p.close()
    long_line, empty_line = screen(out.getvalue())
    assert long_line.startswith("A very long title about the...")
    assert "rates, oil" not in out.getvalue()
    assert empty_line.startswith("2026-11-19-empty ")


# -- terminal safety ----------------------------------------------------------------------------


def test_a_hostile_title_and_error_never_reach_the_terminal_raw() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="bar")
    p.episode("e", HOSTILE, 2, 0)
    p.spoken("e", 2)
    p.done("e", ok=False, detail="error: \x1b[31mred\x1b[0m\rforged line")
    p.close()
    raw = out.getvalue()
    for bad in ("\x1b[2J", "\x1b]", "\x07", "rally\rFAKE", "\x1b[31m", "red\x1b", "\rforged"):
        assert bad not in raw, bad
    (line,) = screen(raw)  # fails on any escape sequence besides tqdm's own cursor moves
    assert line.startswith("Stocks \\x1b[2J rally FAKE:")
    assert "failed: error: \\x1b[31mred\\x1b[0m forged line" in line


def test_json_escapes_a_hostile_title_and_keeps_it_whole() -> None:
    out = io.StringIO()
    p = progress_for(out, mode="json")
    p.episode("e", HOSTILE, 2, 0)
    p.done("e", ok=False, detail="bad\x1b[2J\nsecond line")
    raw = out.getvalue()
    assert not any(c in raw for c in "\x1b\r\x07")
    assert raw.count("\n") == 2
    first, last = events(raw)
    assert first["title"] == HOSTILE and last["detail"] == "bad\x1b[2J\nsecond line"


# -- threads ------------------------------------------------------------------------------------


def _in_threads(*jobs: tuple[Progress, str, int]) -> None:
    barrier = threading.Barrier(len(jobs))

    def run(p: Progress, episode_id: str, segments: int) -> None:
        barrier.wait()
        run_episode(p, episode_id, segments, 0)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)


def test_json_from_two_threads_keeps_every_line_whole() -> None:
    out = SlowIO()
    ticks: Iterator[int] = itertools.count()
    p = progress_for(out, mode="json", clock=lambda: float(next(ticks)))  # every line is due
    p.episode("warm", "W", 1, 1)  # so both threads find the stream already in use
    _in_threads((p, "a", 60), (p, "b", 60))
    p.close()
    lines = events(out.getvalue())  # a torn line would not parse
    for name in ("a", "b"):
        counts = [e["spoken"] for e in lines if e["episode"] == name and e["event"] == "spoken"]
        assert counts == list(range(1, 61))
        assert [e["event"] for e in lines if e["episode"] == name][-1] == "done"


def test_bars_from_two_threads_end_whole() -> None:
    out = SlowIO()
    p = progress_for(out, mode="bar")
    p.episode("a", "Title of a", 40, 0)
    p.episode("b", "Title of b", 30, 0)
    _in_threads((p, "a", 40), (p, "b", 30))
    p.close()
    a, b = screen(out.getvalue())
    assert a.startswith("Title of a") and "published" in a and "| 45/45 [" in a
    assert b.startswith("Title of b") and "published" in b and "| 35/35 [" in b


# -- modes --------------------------------------------------------------------------------------


def test_auto_writes_json_off_a_terminal_and_bars_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    plain, tty = io.StringIO(), TtyIO()
    for stream in (plain, tty):
        p = progress_for(stream)
        run_episode(p, "e", 2, 0)
        p.close()
    expected = ["episode", "spoken", "spoken", *["stage"] * len(STAGES), "done"]
    assert [e["event"] for e in events(plain.getvalue())] == expected
    assert "{" not in tty.getvalue() and screen(tty.getvalue())[0].startswith("Title of e")

    monkeypatch.setenv("TERM", "dumb")  # cannot move the cursor: JSON lines instead
    dumb = TtyIO()
    p = progress_for(dumb)
    run_episode(p, "e", 2, 0)
    assert events(dumb.getvalue())[-1]["event"] == "done"


def test_auto_defaults_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    p = progress_for()
    run_episode(p, "e", 1, 0)
    p.close()
    captured = capsys.readouterr()
    assert captured.out == "" and events(captured.err)[-1]["event"] == "done"


def test_none_writes_nothing() -> None:
    out = TtyIO()
    p = progress_for(out, mode="none")
    run_episode(p, "e", 3, 1)
    p.done("e", ok=False, detail="x")
    p.close()
    assert out.getvalue() == ""


def test_importing_the_module_loads_neither_tqdm_nor_the_jobs() -> None:
    """tqdm is imported when the first bar is made, the nightly's event helpers when a JSON
    display is: `import podcast.progress` (and so `podcast --help`) stays light. A bar starts no
    thread (tqdm's monitor would redraw from its own)."""
    code = (
        "import io, json, sys\n"
        "import podcast.progress as p\n"
        "bare = sorted(sys.modules)\n"
        "p.progress_for(io.StringIO(), mode='json')\n"
        "after_json = sorted(sys.modules)\n"
        "p.progress_for(io.StringIO(), mode='bar').episode('e', 'E', 1, 0)\n"
        "import threading\n"
        "threads = [type(t).__name__ for t in threading.enumerate()]\n"
        "print(json.dumps([bare, after_json, sorted(sys.modules), threads]))\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    bare, after_json, after_bar, threads = (set(m) for m in json.loads(proc.stdout))
    assert "podcast.progress" in bare
    assert {"tqdm", "podcast.jobs", "podcast.jobs.events"} & bare == set()
    assert "podcast.jobs.events" in after_json and "tqdm" not in after_json
    assert "tqdm" in after_bar  # the probe sees the import when it happens
    assert threads == {"_MainThread"}  # no tqdm monitor thread writing to the terminal


def test_the_json_timestamp_is_the_nightly_log_s() -> None:
    from podcast.jobs import events as nightly_events

    out = io.StringIO()
    p = progress.JsonProgress(out)
    assert p._timestamp is nightly_events._timestamp


def test_streamed_stages_that_interleave_are_reported_once_each_in_order() -> None:
    """The mix, mastering and encode run as one stream: the stopwatch reports
    mix, mastering, mix, mastering, ... A bar never moves back, and JSON says each stage once."""
    interleaved = ["mix", "mastering", "mix", "mastering", "mastering", "encode", "mix", "qa"]
    out = io.StringIO()
    p = progress_for(out, mode="json")
    p.episode("e1", "One", 2, 2)
    for stage in interleaved:
        p.stage("e1", stage)
    p.episode("e1", "One", 2, 2)  # a retry starts its stages over
    p.stage("e1", "mix")
    p.close()
    stages = [e["stage"] for e in events(out.getvalue()) if e["event"] == "stage"]
    assert stages == ["mix", "mastering", "encode", "qa", "mix"]

    tty = TtyIO()
    bars = progress_for(tty, mode="bar")
    bars.episode("e1", "One", 2, 2)
    seen = []
    for stage in interleaved:
        bars.stage("e1", stage)
        seen.append(screen(tty.getvalue())[-1])
    bars.close()
    assert re.search(r"qa +\|.*\| 5/7 \[", seen[-1]), seen[-1]  # 2 segments + 3 stages done
    assert all(re.search(r"mastering +\|", line) for line in seen[1:5]), seen  # never back to mix
