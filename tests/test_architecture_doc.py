"""docs/ARCHITECTURE.md matches the code: every file it names exists, every package is on it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGE = ROOT / "podcast"


def _named_files(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/.])((?:[a-z_]+/)+[a-z_0-9]+\.(?:py|toml))", text))


def _exists(name: str) -> bool:
    return any((base / name).is_file() for base in (ROOT, PACKAGE))


def test_every_file_the_page_names_exists() -> None:
    named = _named_files(DOC.read_text())
    assert len(named) >= 15, named
    missing = sorted(n for n in named if not _exists(n))
    assert missing == [], f"docs/ARCHITECTURE.md names files that do not exist: {missing}"


def test_every_package_and_neutral_module_is_on_the_page() -> None:
    text = DOC.read_text()
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    neutral = [p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"]
    absent = [n for n in [*packages, *neutral] if n not in text]
    assert absent == [], f"docs/ARCHITECTURE.md does not mention: {absent}"


def test_the_checker_sees_a_missing_file() -> None:
    assert _named_files("see `publish/feed.py` and tts/nowhere.py") == {
        "publish/feed.py",
        "tts/nowhere.py",
    }
    assert not _exists("tts/nowhere.py") and _exists("publish/feed.py")
