"""The command line: one-line errors with documented exit codes, and the script command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from podcast.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podcast.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int) -> None:
    assert proc.returncode == code, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t\n", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
    ids=["empty", "whitespace", "binary", "png"],
)
def test_bad_article_is_one_line_error(tmp_path: Path, content: bytes) -> None:
    article = tmp_path / "recap.txt"
    article.write_bytes(content)
    out = tmp_path / "out"
    proc = run_cli(
        "render", str(article), "--out", str(out), "--show", str(ROOT / "tests/data/fake-show.toml")
    )
    assert_one_line_error(proc, 2)
    assert not (out / "feed.xml").exists()


def test_missing_article_is_one_line_error(tmp_path: Path) -> None:
    proc = run_cli("render", str(tmp_path / "nope.md"), "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, 2)
    assert "nope.md" in proc.stderr


def test_bad_date_argument(tmp_path: Path) -> None:
    proc = run_cli("script", str(SHORT), "--date", "2026-13-01")
    assert_one_line_error(proc, 2)
    assert "2026-13-01" in proc.stderr


def test_unknown_command_is_usage_error() -> None:
    proc = run_cli("frobnicate")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_script_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", str(SHORT), "--json"]) == 0
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["title"].startswith("Quiet Close")
    assert data["date"] == "2026-11-10"
    assert data["estimated_duration_s"] > 20
    roles = {s["role"] for s in data["segments"]}
    assert {"announcer", "host"} <= roles
    assert data["segments"][0]["section"] == "intro"
    assert data["segments"][-1]["section"] == "outro"
    assert all(set(s) == {"id", "section", "role", "text", "display"} for s in data["segments"])


def test_script_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", str(SHORT)]) == 0
    out = capsys.readouterr().out
    assert "estimated duration:" in out
    assert "Welcome to" in out


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("latin1.txt", "Stocks rose. Caf\xe9 prices fell.\n".encode("latin-1") * 5, "UTF-8"),
        ("big.txt", b"Stocks rose on the day.\n" * 100_000, "2 MB"),
        (
            "chrome.html",
            b"<html><body><nav>Home</nav><footer>Share this article</footer></body></html>",
            "no article",
        ),
        ("recap.xml", b"<?xml version='1.0'?><recap/>", "supported"),
    ],
)
def test_more_bad_input_exit_2(tmp_path: Path, name: str, content: bytes, expect: str) -> None:
    article = tmp_path / name
    article.write_bytes(content)
    proc = run_cli("script", str(article))
    assert_one_line_error(proc, 2)
    assert expect.lower() in proc.stderr.lower(), proc.stderr


def test_recap_without_any_date_needs_date_argument(tmp_path: Path) -> None:
    article = tmp_path / "undated.md"
    article.write_text("# Stocks Rise\n\n## Bottom line\n\nStocks rose as yields fell.\n")
    proc = run_cli("script", str(article))
    assert_one_line_error(proc, 2)
    assert "--date" in proc.stderr
    assert run_cli("script", str(article), "--date", "2026-11-20").returncode == 0


def test_voices_lists_profiles_and_roles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    heart = next(line for line in out.splitlines() if line.startswith("heart"))
    assert "hibari" in heart and "yes" in heart and "24000 Hz" in heart and "host" in heart
    joe = next(line for line in out.splitlines() if line.startswith("joe"))
    assert "piper" in joe and "22050 Hz" in joe and "analyst" in joe


def test_say_writes_a_wav_and_cache_commands(tmp_path: Path) -> None:
    import wave

    target = tmp_path / "line.wav"
    proc = run_cli("say", "--voice", "fake", "-o", str(target), "--", "--version; $(echo hi)")
    assert proc.returncode == 0, proc.stderr
    with wave.open(str(target)) as w:
        assert w.getnframes() > 0
    bad = run_cli("say", "--voice", "nobody", "-o", str(target), "hello")
    assert_one_line_error(bad, 2)
    cache = tmp_path / "cache"
    (cache / "tts" / "ab").mkdir(parents=True)
    (cache / "tts" / "ab" / "abc.wav").write_bytes(b"RIFF")
    (cache / "tts" / "ab" / "abc.json").write_text("{}")
    stats = run_cli("cache", "stats", "--cache-dir", str(cache))
    assert "1 segments" in stats.stdout
    cleared = run_cli("cache", "clear", "--cache-dir", str(cache))
    assert "removed 1" in cleared.stdout and not list((cache / "tts").rglob("*.*"))
