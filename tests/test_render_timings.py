"""`podcast render --json` reports each stage's wall time in "timings_s" (the episode benchmark
reads it), and no timing reaches a published file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from podcast.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
STAGES = ["ingest", "script", "speech", "mix", "mastering", "encode", "qa", "publish"]


def test_render_json_has_stage_timings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["render", str(SHORT), "--show", str(FAKE_SHOW), "--out", str(out),
            "--cache-dir", str(tmp_path / "cache"), "--json"]  # fmt: skip
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    timings = summary["timings_s"]
    assert list(timings) == [*STAGES, "other", "total"]
    assert all(isinstance(v, float) and v >= 0 for v in timings.values())
    assert timings["speech"] > 0 and timings["encode"] > 0 and timings["qa"] > 0
    staged = sum(v for k, v in timings.items() if k != "total")
    assert staged == pytest.approx(timings["total"], abs=0.01)  # every second counted once
    for path in [p for p in out.rglob("*") if p.is_file()]:
        assert b"timings" not in path.read_bytes(), path
