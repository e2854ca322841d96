"""Issue 11 point 2: making script building fast changed no output. The references in
tests/data/variety/ were written by the code before the speed-up (`python -m tests.script_variety`
on commit 24a4869); the samples' own references are checked in test_bounded_script. Rewritten
once since, on purpose, for issue 15: clock times said as the part of the day ("in the morning,
Eastern", 121 phrases) and the voices' speaking rates measured on whole scripts (every
`estimated_duration_s`), then each segment's `display` added (captions as written); and once
for what `make bench-heard` found misheard ("AI" for "A I", "small cap stocks" for "small caps",
"Shevron", "mergers and acquisitions" for "M&A", two transitions reworded); nothing else changed
(checked by diffing the old and new files word by word). At stop 20 the chrome model's wider
reach changed three refused non-recaps only, each diff read: neg-makefile (its first line is now
the title; three shell command lines dropped), neg-readme (a usage line kept, "Run make test
..." dropped), neg-recipe ("2 cans (800 g) whole tomatoes" dropped)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from podcast.script.normalize import speak
from tests import script_variety

ROOT = Path(__file__).resolve().parents[1]


def _reference(name: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((script_variety.REFERENCE / name).read_text("utf-8"))
    return loaded


def test_speak_unchanged_on_generated_phrases() -> None:
    """1,500 generated phrases (figures, tickers, dates, shorthand, links, markup) read alike."""
    expected = _reference("speak.json")
    phrases = script_variety.phrases()
    assert len(expected) == len(set(phrases)) > 1000
    changed = {text: (want, speak(text)) for text, want in expected.items() if speak(text) != want}
    assert not changed, list(changed.items())[:5]


@pytest.mark.parametrize("seed", script_variety.RECAP_SEEDS)
def test_generated_recap_scripts_unchanged(seed: int) -> None:
    """Whole generated Markdown recaps give the same `podcast script --json` byte for byte."""
    expected = _reference("scripts.json")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"variety-{seed}.md"
        path.write_text(script_variety.recap(seed), encoding="utf-8")
        assert script_variety.script_json(path) == expected[path.name]


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "tests" / "data" / "recaps").iterdir())
)
def test_suite_recap_scripts_unchanged(name: str) -> None:
    """The test suite's own recaps (tests/data/recaps, the refused ones built with --force)."""
    expected = _reference("scripts.json")
    assert script_variety.script_json(ROOT / "tests" / "data" / "recaps" / name) == expected[name]
