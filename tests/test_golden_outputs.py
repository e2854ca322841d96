"""Golden outputs for the refactor of issue 12: the same recap and settings must publish the same
bytes (MP3, feed, pages, transcripts, chapters, script) before and after. Regenerate only for a
deliberate change of output: `.venv/bin/python -m tests.test_golden_outputs --write`.

The Opus rendition is the exception. On a new machine at stop 20 the same commit gave other
Opus bytes (the MP3, the script and every other file identical, and reproducible run to run);
libopus picks its code path by the CPU's vector unit, and Debian's ffmpeg may have moved on
(5.1.9 there), so its bytes are not the code's alone. Its golden is what the code decides about
it (duration, channels and tags, read back with mutagen), and the files that name it (feed,
embed page) are compared with its name, size, bitrate and SRI hash put in placeholders.
`test_alternate_audio` still checks its bytes are reproducible on one machine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

from mutagen.oggopus import OggOpus

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
    """SHA-256 of every file published into OUT for each recap, by path relative to OUT (the
    Opus rendition and what names it normalised: see the module's note)."""
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    out = base / "out"
    for recap, quotes in RECAPS:
        pipeline.render(recap, out, show, quotes=quotes, cache=SegmentCache(base / "c"))
    files = [p for p in sorted(out.rglob("*")) if p.is_file()]
    renditions = [p for p in files if p.suffix == ".opus"]
    hashes = {}
    for path in files:
        if path in renditions:
            name = path.relative_to(out).parent.as_posix() + f"/{OPUS_PLACEHOLDER}"
            hashes[name] = hashlib.sha256(_opus_decisions(path)).hexdigest()
        else:
            data = _without_opus_bytes(path.read_bytes(), renditions)
            hashes[path.relative_to(out).as_posix()] = hashlib.sha256(data).hexdigest()
    return hashes


OPUS_PLACEHOLDER = "episode-OPUS.opus"
_ALTERNATE_SIZE = re.compile(rb'(<podcast:alternateEnclosure[^>]*?)length="\d+" bitrate="\d+"')


def _opus_decisions(path: Path) -> bytes:
    """What the code decides about an Opus rendition, read back: length, channels, the rate it
    was made from, and its tags (not the encoder's bytes)."""
    opus = OggOpus(path)
    tags = sorted(
        (key, value)
        for key, values in (opus.tags or {}).items()
        for value in values
        if key.lower() != "encoder"  # ffmpeg's version, not the code's
    )
    info = [round(opus.info.length, 2), opus.info.channels, tags]
    return json.dumps(info, sort_keys=True).encode()


def _without_opus_bytes(data: bytes, renditions: list[Path]) -> bytes:
    """`data` with each rendition's name and SRI hash, and the feed's size and bitrate of it, in
    placeholders."""
    for path in renditions:
        raw = path.read_bytes()
        sri = "sha256-" + base64.b64encode(hashlib.sha256(raw).digest()).decode()
        data = data.replace(path.name.encode(), OPUS_PLACEHOLDER.encode())
        data = data.replace(sri.encode(), b"sha256-OPUS")
    return _ALTERNATE_SIZE.sub(rb'\1length="OPUS" bitrate="OPUS"', data)


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
