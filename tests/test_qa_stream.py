"""QA measures the episode as it streams into the encoder and reads only the written file's
headers: a render runs ffmpeg once (the encoder) and never decodes its MP3; what QA reports agrees
with a full decode (done here, in the test); the true-peak allowance for the encoder holds."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from podcast import pipeline
from podcast.audio import export, master, music, qa
from podcast.config import load_show
from podcast.tts.cache import SegmentCache
from podcast.util.subproc import run
from tests.audio_probe import measure_file, probe_duration

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
SR = 44100
Rendered = tuple[pipeline.RenderResult, list[list[str]], qa.QAReport]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The short recap rendered with the fake show, every program it started recorded, and the
    QA report the gate passed."""
    base = tmp_path_factory.mktemp("qastream")
    started: list[list[str]] = []
    reports: list[qa.QAReport] = []
    real, real_gate = subprocess.Popen, qa.gate

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *a: Any, **kw: Any) -> None:
            started.append([str(x) for x in args])
            super().__init__(args, *a, **kw)

    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(subprocess, "Popen", Recording)
        mp.setattr(qa, "gate", lambda report: (reports.append(report), real_gate(report)))
        result = pipeline.render(SHORT, base / "out", show, cache=SegmentCache(base / "cache"))
    (report,) = reports
    return result, started, report


def test_render_runs_only_the_encoders(rendered: Rendered) -> None:
    """The MP3's encoder and the Opus rendition's, both fed the PCM on stdin: no ffprobe, and no
    ffmpeg decoding the MP3."""
    _, started, _ = rendered
    media = [argv for argv in started if Path(argv[0]).name in {"ffmpeg", "ffprobe"}]
    assert len(media) == 2, started
    assert all(argv[argv.index("-i") + 1] == "pipe:0" for argv in media)
    assert all(argv.count("-i") == 1 for argv in media)
    assert sorted(argv[argv.index("-c:a") + 1] for argv in media) == ["libmp3lame", "libopus"]


def test_stream_measures_agree_with_a_decode(rendered: Rendered) -> None:
    result, _, report = rendered
    ep, mp3 = result.episode, result.published.mp3
    assert (ep.lufs, ep.true_peak_db, ep.duration_s) == (
        report.lufs,
        report.true_peak_db,
        report.duration_s,
    )
    assert ep.lufs is not None and ep.true_peak_db is not None
    decoded = measure_file(mp3)  # ffmpeg ebur128=peak=true on the published MP3
    assert ep.lufs == pytest.approx(decoded.lufs, abs=0.3)
    assert decoded.true_peak_db <= ep.true_peak_db + 0.05  # QA's figure bounds the real one
    assert ep.duration_s == pytest.approx(probe_duration(mp3), abs=1e-6)
    pcm = run(["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-"]).stdout
    samples = np.frombuffer(pcm, dtype="<i2")
    assert len(samples) == round(ep.duration_s * SR)  # the header's length, to the sample
    scan = qa.EncoderTap(SR)  # the same silence scan, on the decoded audio
    scan.feed(pcm)
    decoded_longest, _ = scan.scan.longest()
    assert report.longest_silence_s == pytest.approx(decoded_longest, abs=0.02)
    assert report.longest_silence_s > 0.2  # the pauses between segments are measured


def _loud_signals() -> dict[str, np.ndarray]:
    """Programme material mastered to its ceiling: music, speech-like bursts, clicks, noise."""
    rng = np.random.default_rng(3)
    t = np.arange(12 * SR) / SR
    syllables = np.maximum(0, np.sin(2 * np.pi * 3.1 * t)) ** 2 * (np.sin(2 * np.pi * 0.4 * t) > 0)
    voiced = sum(np.sin(2 * np.pi * f * t + rng.random() * 6) / k for k, f in enumerate(
        (140, 280, 420, 700, 1150, 2400), 1))  # fmt: skip
    return {
        "music": np.concatenate([music.intro_sting(SR), music.outro_bed(SR)]),
        "speech-like": (0.2 * syllables * voiced).astype(np.float32),
        "clicks": (0.05 * np.sin(2 * np.pi * 200 * t) + (rng.random(len(t)) < 2 / SR) * 0.9),
        "noise bursts": rng.standard_normal(len(t)) * 0.1 * (np.sin(2 * np.pi * 0.5 * t) > 0),
    }


@pytest.mark.parametrize("kbps", [64, 96, 128, 192])
def test_encoder_overshoot_stays_within_the_allowance(tmp_path: Path, kbps: int) -> None:
    """What QA adds to the pre-encode true peak bounds what a decode of the MP3 measures."""
    for name, x in _loud_signals().items():
        m = master.master(np.asarray(x, dtype=np.float32), SR)
        mp3 = tmp_path / f"{kbps}.mp3"
        tags = export.Tags("t", "a", "b", dt.date(2026, 1, 2))
        export.export_mp3(m.samples, SR, mp3, bitrate_kbps=kbps, tags=tags)
        bound = m.true_peak_db + qa.mp3_peak_allowance_db(kbps)
        decoded = measure_file(mp3).true_peak_db  # printed to 0.1 dB
        assert decoded <= bound + 0.05, (name, kbps, decoded, bound)


def test_mastering_leaves_room_for_the_encoder() -> None:
    """An episode mastered to its ceiling passes QA's true-peak check at the show's bitrate."""
    for kbps in (96, 128, 192, 256):
        assert -1.0 - master.ENCODER_MARGIN_DB + qa.mp3_peak_allowance_db(kbps) <= -1.0
    assert math.isclose(qa.mp3_peak_allowance_db(96), 0.46 + 1.2)
