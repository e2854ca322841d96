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
