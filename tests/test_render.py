"""End-to-end renders: the fake engine for speed, the real hibari voice for one short recap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"


def render(article: Path, out: Path, cache: Path, *extra: str) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "podcast.cli",
            "render",
            str(article),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            "--json",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ffprobe_duration(path: Path) -> float:
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(proc.stdout)["format"]["duration"])


def decodes(path: Path) -> bool:
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    return proc.returncode == 0 and not proc.stderr.strip()


def check_feed(feed_path: Path, out: Path, base_url: str, items: int) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(feed_path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == items
    for entry in parsed.entries:
        (enc,) = entry.enclosures
        local = out / enc.href.removeprefix(base_url)
        assert local.is_file(), enc.href
        assert int(enc.length) == local.stat().st_size
        assert enc.type == "audio/mpeg"
    return parsed


def test_fake_engine_render_contract(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = render(SHORT, out, tmp_path / "cache", "--show", str(FAKE_SHOW))
    for key in ("episode_dir", "mp3", "feed", "embed"):
        assert Path(summary[key]).is_absolute() and Path(summary[key]).exists(), key
    assert summary["episode_dir"].endswith("episodes/2026-11-10-quiet-close")
    for key in ("duration_s", "guid", "title", "lufs", "true_peak_db", "segments", "cache_hits"):
        assert key in summary
    seg = summary["segments"][0]
    assert set(seg) >= {"id", "section", "role", "voice", "text", "duration_s", "cached"}
    assert decodes(Path(summary["mp3"]))
    assert abs(ffprobe_duration(Path(summary["mp3"])) - summary["duration_s"]) < 0.1
    episode_dir = Path(summary["episode_dir"])
    script = json.loads((episode_dir / "script.json").read_text())
    assert [s["id"] for s in script["segments"]] == [s["id"] for s in summary["segments"]]
    check_feed(Path(summary["feed"]), out, "https://podcast.example.com/shows/test/", 1)
    embed = Path(summary["embed"]).read_text()
    assert "<audio" in embed and Path(summary["mp3"]).name in embed
    assert (episode_dir / "episode.mp3").read_bytes() == Path(summary["mp3"]).read_bytes()
    # The same render again: every segment from the cache, and the same guid.
    again = render(SHORT, out, tmp_path / "cache", "--show", str(FAKE_SHOW))
    assert again["cache_hits"] == len(again["segments"])
    assert again["guid"] == summary["guid"]


@pytest.mark.voice
def test_real_hibari_render_short_recap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = render(SHORT, out, tmp_path / "cache")
    mp3 = Path(summary["mp3"])
    assert decodes(mp3)
    duration = ffprobe_duration(mp3)
    estimate = summary["estimated_duration_s"]
    assert abs(duration - estimate) <= 0.25 * estimate, (duration, estimate)
    voices = {(s["role"], s["voice"]) for s in summary["segments"]}
    assert {("host", "heart"), ("analyst", "joe"), ("announcer", "heart")} <= voices
    check_feed(Path(summary["feed"]), out, "https://podcast.stockalpha.example/", 1)


def test_rerender_speaks_only_what_changed(tmp_path: Path) -> None:
    article = tmp_path / "recap-2026-11-10.md"
    original = SHORT.read_text()
    article.write_text(original)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = render(article, out, cache, "--show", str(FAKE_SHOW))
    assert first["cache_hits"] == 0
    unchanged = render(article, out, cache, "--show", str(FAKE_SHOW))
    assert unchanged["cache_hits"] == len(unchanged["segments"])
    article.write_text(original.replace("Technology led, while", "Energy led, while"))
    changed = render(article, out, cache, "--show", str(FAKE_SHOW))
    misses = [s["id"] for s in changed["segments"] if not s["cached"]]
    assert len(misses) == 1 and misses[0].startswith("02-snapshot")
    assert "Energy led" in next(s["text"] for s in changed["segments"] if s["id"] == misses[0])
    assert changed["cache_hits"] == len(changed["segments"]) - 1


@pytest.mark.voice
@pytest.mark.slow
def test_sigkill_mid_render_then_rerun(tmp_path: Path, samples: Path) -> None:
    import os
    import signal
    import time
    import wave

    out, cache = tmp_path / "out", tmp_path / "cache"
    args = [
        sys.executable,
        "-m",
        "podcast.cli",
        "render",
        str(samples / "recap-2026-11-19.md"),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--json",
    ]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.rglob("*.wav"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "feed.xml").exists()

    def workers_left() -> list[str]:
        found = []
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (proc_dir / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if str(cache) in cmdline:
                found.append(proc_dir.name)
        return found

    deadline = time.monotonic() + 30
    while workers_left() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not workers_left(), "pool workers outlived their killed parent"
    entries = list(cache.rglob("*.wav"))
    assert entries
    for entry in entries:  # whatever is in the cache under an entry's name is whole
        with wave.open(str(entry)) as w:
            assert w.getnframes() > 0
            assert entry.stat().st_size == 44 + w.getnframes() * 2
    summary = render(samples / "recap-2026-11-19.md", out, cache)
    assert summary["cache_hits"] >= 5
    assert decodes(Path(summary["mp3"]))
    check_feed(Path(summary["feed"]), out, "https://podcast.stockalpha.example/", 1)
