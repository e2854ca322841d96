"""The scale benchmark's pure parts: its generated recaps (the same words every run, each day its
own, every one a recap the planner reads in full), the medians, speed-ups and verdicts, and the
table (no timing is asserted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.scale_bench import Run, markdown, recap, summarise, targets, write_recaps
from podcast.config import load_show
from podcast.scripting import build_script

ROOT = Path(__file__).resolve().parents[1]


def test_the_recaps_are_deterministic_distinct_and_full(tmp_path: Path) -> None:
    paths = write_recaps(tmp_path, 8)
    assert len({p.name for p in paths}) == 8
    days = [dt.date.fromisoformat(p.stem.removeprefix("recap-")) for p in paths]
    assert all(d.weekday() < 5 for d in days) and days == sorted(days, reverse=True)
    assert recap(days[0]) == paths[0].read_text() and recap(days[0]) != recap(days[1])
    show = load_show(ROOT / "podcast.toml")
    for path in paths[:3]:
        got, script = build_script(path, show)
        assert got.date.isoformat() in path.name
        sections = {s.section for s in script.segments}
        assert {"key_takeaways", "sectors", "outlook"} <= sections, sections
        assert 60 <= script.estimated_duration_s <= 180, script.estimated_duration_s


def _runs(one: float, pool: float, dask: float, *, digest: str = "x") -> list[Run]:
    return [
        Run("one process", one, 700, 700, [], 0.01, digest, one * 1.2),
        Run("local pool", pool, 1100, 240, [510, 490], 0.02, digest, pool * 1.9),
        Run("dask", dask, 110, 110, [700, 690], 0.0, digest, dask * 1.9),
    ]


def test_speed_ups_and_verdicts() -> None:
    fast = summarise(_runs(120, 64, 66) + _runs(130, 66, 70) + _runs(125, 65, 68), 8)
    assert fast["one process"]["wall_s"] == 125 and fast["local pool"]["wall_s"] == 65
    assert fast["local pool"]["episodes_per_min"] == 8 / (65 / 60)
    assert fast["local pool"]["worker_peak_mb"] == 510 and fast["local pool"]["workers"] == 2
    rows = targets(fast, True)
    assert [r[2] for r in rows] == ["PASS", "PASS", "PASS", "PASS"]
    assert rows[0][1] == f"{125 / 65:.2f}x"
    slow = summarise(_runs(100, 60, 80), 8)
    verdicts = {name: v for name, _, v in targets(slow, False)}
    assert list(verdicts.values()) == ["FAIL", "FAIL", "FAIL", "FAIL"]  # 1.67x, 1.25x, 0.75x


def test_the_table_lists_each_way_and_target() -> None:
    modes = summarise(_runs(120, 64, 66), 8)
    raw = {"modes": modes, "runs": 1, "targets": targets(modes, True), "cpus": 2}
    lines = markdown(raw)
    assert lines[2].startswith(
        "| one process | 120.0 | 120.0 | 4.00 | 1.00x | 144.0 | 1.20 | 700 | 700 | - |"
    )
    assert lines[-1].startswith("The most any way could gain") and "= 1.67x" in lines[-1]
    assert "| local pool | 64.0 |" in lines[3] and "510 (x2)" in lines[3]
    assert "| dask | 66.0 |" in lines[4] and "700 (x2)" in lines[4]
    assert any("| local pool (2) / one process >= 1.8 | 1.88x | PASS |" in x for x in lines)
