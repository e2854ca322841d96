"""Shared fixtures: where the samples are, a fast show that uses the fake engine."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"samples folder {SAMPLES} is missing (../shared/samples beside the project)")
    return SAMPLES


@pytest.fixture(autouse=True)
def _inbox_files_count_as_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write inbox files just before a nightly run: no settle age and no pause between the
    two looks (subprocesses inherit it). The settle tests delete both to run on the defaults."""
    monkeypatch.setenv("PODCAST_INBOX_MIN_AGE_S", "0")
    monkeypatch.setenv("PODCAST_INBOX_SETTLE_S", "0")
