"""The QA gate in the real pipeline: a refused episode publishes nothing and changes no file."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from podcast import pipeline
from podcast.config import load_show
from podcast.errors import EXIT_QA, QAError
from podcast.models import VoiceProfile
from podcast.publish.statedir import default_state_dir, live_work_folders
from podcast.tts import base
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_gate_refuses_a_hole_and_leaves_the_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, samples: Path
) -> None:
    monkeypatch.setitem(base.REGISTRY, "hole", "tests.faulty_engine:HoleEngine")
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    out, cache = tmp_path / "out", SegmentCache(tmp_path / "cache")
    pipeline.render(SHORT, out, show, cache=cache)
    before = snapshot(out)
    assert "feed.xml" in before

    holey = dataclasses.replace(show, voices={**show.voices, "fake": VoiceProfile("fake", "hole")})
    article = tmp_path / "recap-2026-11-11.md"
    article.write_text(
        SHORT.read_text()
        .replace("2026-11-10", "2026-11-11")
        .replace("quiet-close", "holey-day")
        .replace("Technology led", "Kerplunk, technology led")
    )
    with pytest.raises(QAError, match=r"silence 5\.\d s .*longer than 3\.0 s") as info:
        pipeline.render(article, out, holey, cache=cache)
    assert info.value.exit_code == EXIT_QA
    assert snapshot(out) == before
    assert live_work_folders(default_state_dir(out)) == []  # its work folder went with it
