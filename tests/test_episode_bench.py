"""The episode benchmark's pure parts: medians, ratios and verdicts, the table, the sentence
editor; and the stage stopwatch behind `render --json`'s timings_s (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.episode_bench import GOALS, edited_copy, published, section, table
from benchmarks.episode_table import (
    Goal,
    Measure,
    edit_sentence,
    judged,
    markdown,
    ratio,
    rows,
    sentences,
    stage_rows,
    verdict,
)
from benchmarks.rss import run_sampled, tree_rss_mb
from podcast.util import stopwatch

SEED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "recap-tech-led-rally.txt"


def test_median_ratio_and_verdict() -> None:
    cold = Measure("cold_s", "cold", "s", (50.0, 40.0, 60.0))
    warm = Measure("warm_s", "warm", "s", (2.0, 3.0, 1.0))
    assert cold.median == 50.0 and warm.median == 2.0
    assert ratio(warm, cold) == pytest.approx(0.04)
    assert ratio(warm, None) is None
    assert ratio(warm, Measure("z", "z", "s", ())) is None  # no runs: no ratio
    by_key = {m.key: m for m in (cold, warm)}
    assert judged(Goal("warm_s", 0.05, over="cold_s"), by_key) == pytest.approx(0.04)
    assert judged(Goal("cold_s", 45.0), by_key) == 50.0
    assert verdict(0.04, 0.05) == "PASS"
    assert verdict(0.05, 0.05) == "PASS"  # the limit itself is met
    assert verdict(0.051, 0.05) == "FAIL"
    assert verdict(None, 0.05) == "FAIL"  # not measured is not passed


def test_rows_show_runs_ratio_target_and_busy() -> None:
    ms = [
        Measure("bare_s", "bare", "s", (40.0, 42.0, 41.0), (0.02, 0.5, None)),
        Measure("cold_s", "cold", "s", (30.0, 31.0, 29.0), note="3 runs"),
        Measure("rss", "rss MB", "MB", (612.4,)),
        Measure("info", "info", "s", (1.0,)),
    ]
    goals = [Goal("cold_s", 0.7, over="bare_s", name="cold/bare"), Goal("rss", 600.0)]
    got = rows(ms, goals)
    assert got[0] == ("bare", "41.0 s", "40.0 42.0 41.0", "—", "—", "—", "50%")
    label, median, runs, ratio_cell, target, result, busy = got[1]
    assert label == "cold [3 runs]" and median == "30.0 s" and runs == "30.0 31.0 29.0"
    assert ratio_cell == "cold/bare 0.732" and target == "≤ 0.7 (cold/bare)" and result == "FAIL"
    assert busy == "—"
    assert got[2][1] == "612 MB" and got[2][4] == "≤ 600 MB" and got[2][5] == "FAIL"
    assert got[3][4:6] == ("—", "—")  # no goal: no verdict


def test_markdown_and_stage_rows() -> None:
    lines = markdown(("a", "b"), [("x|y", "1")])
    assert lines == ["| a | b |", "| --- | --- |", "| x\\|y | 1 |"]
    timings = {
        "cold": [{"speech": 40.0, "mix": 2.0}, {"speech": 44.0, "mix": 4.0}, {"speech": 42.0}],
        "unchanged": [{"speech": 0.5}],
    }
    assert stage_rows(timings, ("speech", "mix", "qa")) == [
        ("speech", "42.0", "0.500"),
        ("mix", "3.000", "—"),
        ("qa", "—", "—"),
    ]


def test_table_and_section_from_raw_results() -> None:
    measures = {
        "cold_s": {
            "label": "cold render s",
            "unit": "s",
            "runs": [30.0],
            "busy": [0.3],
            "note": "",
        },
        "bare_s": {"label": "bare s", "unit": "s", "runs": [50.0], "busy": [None], "note": ""},
    }
    raw = {
        "measures": measures,
        "timings_s": {"cold": [{"speech": 20.0, "total": 30.0}]},
        "when": "2026-12-02T17:00:00+00:00",
        "loadavg": ["1.00 1.00 1.00", "2.00 1.50 1.00"],
        "seed": "/x/recap-tech-led-rally.txt",
        "runs": 3,
    }
    main_rows, stage = table(raw)
    assert main_rows[2].startswith("| cold render s | 30.0 s | 30.0 | cold/bare 0.600 |")
    assert "| PASS | 30% |" in main_rows[2]
    assert stage[2] == "| ingest | — |" and "| total | 30.0 |" in stage
    text = section(raw, main_rows, stage)
    assert text.startswith("## Episode: time and memory (issue 13)\n")
    assert "2.00 1.50 1.00" in text and "recap-tech-led-rally.txt" in text
    assert {g.key for g in GOALS} >= {"cold_s", "unchanged_s", "change_s", "cold_rss"}


RECAP = """---
title: Stocks Slip
---

# Stocks slip as yields climb

## Market Snapshot

The S&P 500 fell 0.4% to 5,812.10 while the Nasdaq lost 0.9% on the day. Short one.

## Why it moved

Treasury yields rose to 4.45% after a hot inflation print rattled bond traders early.
Energy shares were the lone bright spot as crude climbed for a third day in a row!

| a | b |
| --- | --- |
| Table rows are never picked as a sentence here. | 1 |
"""


def test_sentences_skip_headings_short_ones_and_tables() -> None:
    found = [RECAP[a:b] for a, b in sentences(RECAP)]
    assert set(found) == {
        "The S&P 500 fell 0.4% to 5,812.10 while the Nasdaq lost 0.9% on the day.",
        "Treasury yields rose to 4.45% after a hot inflation print rattled bond traders early.",
        "Energy shares were the lone bright spot as crude climbed for a third day in a row!",
    }
    middle = len(RECAP) / 2
    centres = [abs((a + b) / 2 - middle) for a, b in sentences(RECAP)]
    assert centres == sorted(centres)  # nearest the body's middle first


def test_edit_changes_one_sentence_only() -> None:
    for span in sentences(RECAP):
        edited = edit_sentence(RECAP, span)
        old_lines, new_lines = RECAP.splitlines(), edited.splitlines()
        assert len(old_lines) == len(new_lines)
        changed = [(o, n) for o, n in zip(old_lines, new_lines, strict=True) if o != n]
        assert len(changed) == 1
        old, new = changed[0]
        sentence = RECAP[span[0] : span[1]]
        assert new == old.replace(sentence, sentence[:-1] + ", the desk noted" + sentence[-1])
    with pytest.raises(ValueError):
        edit_sentence(RECAP, (0, 3))  # "---" is no sentence


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/samples")
def test_seed_has_sentences_to_edit() -> None:
    assert len(list(sentences(SEED.read_text(encoding="utf-8")))) >= 10


def test_stopwatch_counts_nested_stages_once() -> None:
    now = [0.0]
    watch = stopwatch.Stopwatch(clock=lambda: now[0])
    watch.enter("encode")
    now[0] = 1.0
    watch.enter("mastering")  # encode pauses
    now[0] = 3.0
    watch.leave()
    now[0] = 3.5
    watch.leave()
    now[0] = 4.0
    watch.stop()
    assert watch.seconds() == {"encode": 1.5, "mastering": 2.0, "other": 0.5, "total": 4.0}


def test_stopwatch_is_a_no_op_outside_recording() -> None:
    @stopwatch.timed("qa")
    def double(x: int) -> int:
        return 2 * x

    with stopwatch.stage("speech"):
        assert double(2) == 4
    assert list(stopwatch.timed_iter("mix", [1, 2])) == [1, 2]
    with stopwatch.recording() as clock:
        assert double(3) == 6
        with stopwatch.stage("encode"):
            assert list(stopwatch.timed_iter("mastering", iter([1, 2, 3]))) == [1, 2, 3]
    got = clock.seconds()
    assert list(got) == ["qa", "encode", "mastering", "other", "total"]
    assert got["total"] >= got["qa"] + got["encode"] + got["mastering"] - 1e-3


def test_tree_rss_counts_children(tmp_path: Path) -> None:
    import os
    import sys

    own, count = tree_rss_mb(os.getpid())
    assert own > 5 and count >= 1
    child = (
        "import subprocess, sys; "
        "subprocess.run([sys.executable, '-c', 'import time; time.sleep(0.6)'])"
    )
    run = run_sampled([sys.executable, "-c", child], interval_s=0.02)
    assert run.returncode == 0 and run.processes == 2 and run.peak_rss_mb > 5


def test_published_hashes_every_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.mp3").write_bytes(b"1")
    (tmp_path / "feed.xml").write_bytes(b"2")
    got = published(tmp_path)
    assert sorted(got) == ["a/x.mp3", "feed.xml"]
    (tmp_path / "feed.xml").write_bytes(b"3")
    assert published(tmp_path) != got


def test_edited_copy_keeps_name_and_mtime_and_changes_one_segment(tmp_path: Path) -> None:
    seed = tmp_path / "recap.md"
    seed.write_text(RECAP, encoding="utf-8")

    def paragraphs(path: Path) -> list[str]:  # a stand-in planner: one segment per paragraph
        return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]

    copy = edited_copy(seed, tmp_path / "edited", paragraphs)
    assert copy.name == seed.name and copy.parent != seed.parent
    assert copy.stat().st_mtime == seed.stat().st_mtime
    before, after = paragraphs(seed), paragraphs(copy)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    assert ", the desk noted" in copy.read_text(encoding="utf-8")

    with pytest.raises(RuntimeError, match="changes exactly one"):
        edited_copy(seed, tmp_path / "none", lambda path: ["same"])  # no edit is ever spoken
