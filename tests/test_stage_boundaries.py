"""The chain is one way: each stage (ingest, script, tts, audio, assets, publish) imports only
itself and the neutral modules (models, config, errors, timing, util); only pipeline.py (and the
jobs and CLI) join them. The audio stage hands publish one typed FinishedEpisode whose number the
publisher assigns under its lock."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from podcast import models

PACKAGE = Path(__file__).resolve().parents[1] / "podcast"
STAGES = ("ingest", "script", "tts", "audio", "assets", "publish")
NEUTRAL = {"models", "config", "errors", "timing", "util"}


def _imported(path: Path, stage: str) -> set[str]:
    """The first part below `podcast.` of every module `path` imports (relative ones resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # inside podcast/<stage>/...: one dot is the stage, two is podcast
                base = [stage] if node.level == 1 else []
                parts = [*base, *(node.module or "").split(".")]
                names = [".".join(["podcast", *[p for p in parts if p]])]
            else:
                names = [node.module or ""]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("podcast.") and n.count(".")}
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_itself_and_neutral_modules(stage: str) -> None:
    wrong = {
        f"{path.relative_to(PACKAGE)} imports podcast.{name}"
        for path in sorted((PACKAGE / stage).rglob("*.py"))
        for name in _imported(path, stage)
        if name != stage and name not in NEUTRAL
    }
    assert wrong == set()


def test_the_import_reader_sees_a_stage_reaching_into_another(tmp_path: Path) -> None:
    bad = tmp_path / "planner.py"
    bad.write_text("from podcast.audio.mix import INTRO_LEAD_S\nfrom ..tts import pool\n")
    assert _imported(bad, "script") == {"audio", "tts"}


def test_the_hand_offs_are_typed() -> None:
    """No untyped bag between stages: the episode carries no `extra` dict, and the finished
    episode has no number (the publisher assigns it)."""
    fields = {f.name for f in dataclasses.fields(models.Episode)}
    assert "extra" not in fields and "speech_end_s" in fields
    finished = {f.name for f in dataclasses.fields(models.FinishedEpisode)}
    assert finished == {"episode", "assets", "content_hash", "number_mp3"}
    assets = {f.name: f.type for f in dataclasses.fields(models.EpisodeAssets)}
    assert not any("dict" in str(t) for t in assets.values())
    assert "index_moves" in {f.name for f in dataclasses.fields(models.Recap)}
