"""Shared fixtures: where the samples are, a fast show that uses the fake engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"samples folder {SAMPLES} is missing (../shared/samples beside the project)")
    return SAMPLES


@pytest.fixture(autouse=True, scope="session")
def _inbox_files_count_as_settled() -> Iterator[None]:
    """Tests write inbox files just before a nightly run: no settle age and no pause between the
    two looks (subprocesses inherit it; session-wide so module fixtures see it too). The settle
    tests delete both to run on the defaults."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PODCAST_INBOX_MIN_AGE_S", "0")
        mp.setenv("PODCAST_INBOX_SETTLE_S", "0")
        yield
