"""The QA gate on small MP3s made with ffmpeg: a good file passes; silence, loudness, length, true
peak and missing segments each fail with what was measured, the limit and by how much."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from podcast.audio import qa
from podcast.errors import EXIT_QA, QAError

# A 997 Hz tone of peak A dBFS reads A - 3 LUFS; speech-like 0.6 s gaps every 3 s take ~0.9 LU off.
SPEECH = "if(lt(mod(t\\,3)\\,2.4)\\,{amp}*sin(2*PI*997*t)\\,0)"
GOOD_PEAK_DB = -12.1  # → -16.0 LUFS with the gaps


def _amp(db: float) -> str:
    return f"{10.0 ** (db / 20.0):.6f}"


def _mp3(path: Path, expr: str, seconds: float) -> Path:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"aevalsrc={expr}:s=44100:d={seconds}",
         "-ac", "1", "-c:a", "libmp3lame", "-b:a", "96k", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _inspect(mp3: Path, **kw: object) -> qa.QAReport:
    args: dict[str, object] = {
        "expected_segments": 3,
        "rendered_segments": 3,
        "segment_durations_s": [2.4, 2.4, 2.4],
        "min_duration_s": 15.0,
        "max_duration_s": 30.0,
    }
    args.update(kw)
    return qa.inspect(mp3, **args)  # type: ignore[arg-type]


def _refusal(report: qa.QAReport) -> str:
    with pytest.raises(QAError) as info:
        qa.gate(report)
    assert info.value.exit_code == EXIT_QA
    message = str(info.value)
    assert "\n" not in message and message.startswith("QA gate refused the episode: ")
    return message


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qa")
    return _mp3(folder / "good.mp3", SPEECH.format(amp=_amp(GOOD_PEAK_DB)), 20)


def test_good_file_passes(good: Path) -> None:
    report = _inspect(good)
    assert report.ok, [c.detail for c in report.failed]
    assert abs(report.lufs + 16.0) <= 0.3
    assert report.true_peak_db <= -1.0
    assert abs(report.duration_s - 20.0) < 0.03
    assert 0.55 <= report.longest_silence_s <= 0.65  # the 0.6 s gaps, and nothing longer
    assert {c.name for c in report.checks} >= {
        "duration",
        "loudness",
        "true peak",
        "silence",
        "segments",
    }
    qa.gate(report)  # does not raise


def test_silence_hole_fails(tmp_path: Path) -> None:
    tone = f"{_amp(GOOD_PEAK_DB - 0.9)}*sin(2*PI*997*t)"
    mp3 = _mp3(tmp_path / "hole.mp3", f"if(between(t\\,8\\,13)\\,0\\,{tone})", 21)
    report = _inspect(mp3)
    assert [c.name for c in report.failed] == ["silence"]
    assert 4.9 <= report.longest_silence_s <= 5.1
    message = _refusal(report)
    assert "silence" in message and "5.0 s" in message
    assert "at 0:08.0" in message and "over by 2.0 s" in message


def test_quiet_file_fails_loudness(good: Path, tmp_path: Path) -> None:
    mp3 = _mp3(tmp_path / "quiet.mp3", SPEECH.format(amp=_amp(GOOD_PEAK_DB - 7.0)), 20)
    report = _inspect(mp3)
    assert [c.name for c in report.failed] == ["loudness"]
    message = _refusal(report)
    found = re.search(
        r"loudness (-[\d.]+) LUFS is outside -16\.0 ± 0\.5 LUFS \(off by ([\d.]+) LU\)", message
    )
    assert found, message
    assert abs(float(found.group(1)) + 23.0) <= 0.3
    assert float(found.group(2)) == pytest.approx(-16.5 - float(found.group(1)), abs=0.051)


def test_short_file_fails_duration(tmp_path: Path) -> None:
    mp3 = _mp3(tmp_path / "short.mp3", SPEECH.format(amp=_amp(GOOD_PEAK_DB)), 5)
    report = _inspect(mp3)
    assert [c.name for c in report.failed] == ["duration"]
    message = _refusal(report)
    assert "duration 5.0 s is outside 15.0–30.0 s (10.0 s short)" in message


def test_missing_and_empty_segments_fail(good: Path) -> None:
    missing = _inspect(good, expected_segments=4)
    assert [c.name for c in missing.failed] == ["segments"]
    assert "segments: 3 of 4 rendered (1 missing)" in _refusal(missing)

    empty = _inspect(good, segment_durations_s=[2.4, 0.01, 2.4])
    assert [c.name for c in empty.failed] == ["segments"]
    assert "#2 0.01 s" in _refusal(empty)


def test_every_failure_is_listed_on_one_line(tmp_path: Path) -> None:
    mp3 = _mp3(tmp_path / "hot.mp3", f"{_amp(-0.2)}*sin(2*PI*997*t)", 4)
    report = _inspect(mp3, rendered_segments=2)
    assert {c.name for c in report.failed} == {"duration", "loudness", "true peak", "segments"}
    message = _refusal(report)
    assert message.count(";") == 3
    assert re.search(r"true peak -?[\d.]+ dBTP is above -1\.0 dBTP \(over by [\d.]+ dB\)", message)


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QAError, match="does not exist"):
        _inspect(tmp_path / "nowhere.mp3")
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 100)
    with pytest.raises(QAError):
        _inspect(junk)


def test_trailing_silence_counts() -> None:
    rate = 8000
    t = np.arange(3 * rate) / rate
    tone = (3000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    pcm = np.concatenate([tone, np.zeros(4 * rate, dtype=np.int16)])
    length, at = qa._longest_silence(pcm, rate)
    assert length == pytest.approx(4.0, abs=0.02)
    assert at == pytest.approx(3.0, abs=0.02)
    assert qa._longest_silence(tone, rate) == (0.0, 0.0)
