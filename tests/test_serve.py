"""`podcast serve`: what podcast apps and browsers need to seek: HEAD and byte ranges."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from podcast import pipeline
from podcast.config import load_show
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("serve")
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    result = pipeline.render(
        ROOT / "tests" / "data" / "short-recap.md",
        base / "out",
        show,
        cache=SegmentCache(base / "cache"),
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "podcast.cli", "serve", "--out", str(base / "out"), "--port",
         str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url, result
    proc.terminate()
    proc.wait(10)


def test_range_request_returns_206_with_the_right_bytes(served) -> None:
    url, result = served
    mp3 = result.published.mp3
    rel = mp3.relative_to(result.published.feed.parent).as_posix()
    data = mp3.read_bytes()
    middle = len(data) // 2
    req = urllib.request.Request(url + rel, headers={"Range": f"bytes={middle}-{middle + 4095}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 206
        assert resp.headers["Content-Range"] == f"bytes {middle}-{middle + 4095}/{len(data)}"
        assert resp.read() == data[middle : middle + 4096]


def test_head_and_types(served) -> None:
    url, result = served
    rel = result.published.mp3.relative_to(result.published.feed.parent).as_posix()
    with urllib.request.urlopen(urllib.request.Request(url + rel, method="HEAD"), timeout=5) as r:
        assert r.status == 200 and r.read() == b""
        assert int(r.headers["Content-Length"]) == result.published.mp3.stat().st_size
        assert r.headers["Accept-Ranges"] == "bytes"
        assert r.headers["Content-Type"] == "audio/mpeg"
    with urllib.request.urlopen(url + "feed.xml", timeout=5) as r:
        assert r.headers["Content-Type"].startswith("application/rss+xml")
    with urllib.request.urlopen(url, timeout=5) as r:  # the folder serves index.html
        assert b"<html" in r.read()


def test_serve_refuses_an_empty_folder(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "podcast.cli", "serve", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr.startswith("error: ")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_dotfiles_dot_folders_and_anything_outside_out_are_404(served) -> None:
    url, result = served
    out = result.published.feed.parent
    episode = result.published.episode_dir.relative_to(out).as_posix()
    secret = b"private: /home/someone/inbox"
    planted = [
        out / ".nightly-state.json",  # what an old version kept in OUT
        out / ".git" / "config",
        out / "catalog.sqlite",  # an old layout's, not yet migrated
        out / "episodes" / ".hidden" / "notes.txt",
        out / "static" / ".player.js.x1.tmp",
        result.published.episode_dir / ".episode.mp3.4242.tmp",
    ]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secret)
    outside = out.parent / "outside.txt"
    outside.write_bytes(secret)
    (out / "leak.txt").symlink_to(outside)
    (out / "episodes" / "leak").symlink_to(out.parent)
    state = out.parent / "out.state"
    assert (state / "catalog.sqlite").is_file()  # the real catalog is beside OUT, not in it
    refused = [
        ".nightly-state.json", ".git/config", ".git/", "episodes/.hidden/notes.txt",
        "static/.player.js.x1.tmp", f"{episode}/.episode.mp3.4242.tmp", "leak.txt",
        "episodes/leak/outside.txt", "episodes/leak/out.state/catalog.sqlite",
        "../out.state/catalog.sqlite", "%2e%2e/out.state/catalog.sqlite",
        "episodes/%2e%2e/%2e%2e/out.state/catalog.sqlite", "%2enightly-state.json",
        "catalog.sqlite", "out.state/catalog.sqlite",
    ]  # fmt: skip
    for rel in refused:
        assert status(url + rel) == 404, rel
    assert status(url + "feed.xml") == 200  # the public files are still served
    assert status(url + f"{episode}/transcript.vtt") == 200
