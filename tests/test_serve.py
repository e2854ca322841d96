"""`podcast serve`: what podcast apps and browsers need to seek: HEAD and byte ranges."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
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
