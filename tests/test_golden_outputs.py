"""Golden outputs for the refactor of issue 12: the same recap and settings must publish the same
bytes (MP3, feed, pages, transcripts, chapters, script) before and after. Regenerate only for a
deliberate change of output: `.venv/bin/python -m tests.test_golden_outputs --write`."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from podcast import pipeline
from podcast.config import load_show
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden-outputs.json"
SAMPLES = ROOT.parent / "shared" / "samples"
# (recap, quotes): the suite's own recap and a sample with its quotes, two episodes in one feed
# (the .txt sample is dated from its file's mtime, so its bytes change with the week it was copied).
RECAPS: tuple[tuple[Path, Path | None], ...] = (
    (ROOT / "tests" / "data" / "short-recap.md", None),
    (SAMPLES / "recap-2026-11-19.md", SAMPLES / "recap-2026-11-19.quotes.csv"),
)


def published_hashes(base: Path) -> dict[str, str]:
    """SHA-256 of every file published into OUT for each recap, by path relative to OUT."""
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    out = base / "out"
    for recap, quotes in RECAPS:
        pipeline.render(recap, out, show, quotes=quotes, cache=SegmentCache(base / "c"))
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_published_bytes_match_the_golden_outputs(tmp_path: Path) -> None:
    expected = json.loads(GOLDEN.read_text())
    got = published_hashes(tmp_path)
    assert sorted(got) == sorted(expected)
    changed = [name for name in expected if got[name] != expected[name]]
    assert not changed, f"published bytes changed: {changed}"


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_golden_outputs --write")
    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN.write_text(json.dumps(published_hashes(Path(tmp)), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
