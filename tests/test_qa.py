"""The QA gate on small episodes streamed through the encoder as the pipeline streams them (QA's
tap on the PCM, mastering's loudness meter): a good file passes; silence, loudness, length, true
peak and missing segments each fail with what was measured, the limit and by how much; the cheap
check of the written file catches a cut-off, corrupted, mis-encoded or untagged MP3."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from podcast.audio import export, master, mp3file, qa
from podcast.audio.stream import ArraySource, chunks
from podcast.errors import EXIT_QA, QAError

SR = 44100
# A 997 Hz tone of peak A dBFS reads A - 3.05 LUFS; speech-like 0.6 s gaps every 3 s take ~0.45 LU
# off.
# (At -12.1 dBFS the MP3 decoded at -16.0 LUFS when ffmpeg encoded it plainly: LAME's 0.4 dB level
# loss, which export makes up for, so the samples streamed into the encoder are measured here.)
GOOD_PEAK_DB = -12.5  # → -16.0 LUFS with the gaps
TITLE = "QA test"

Episode = tuple[Path, qa.StreamMeasures]


def _amp(db: float) -> float:
    return 10.0 ** (db / 20.0)


def _tone(db: float, seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (_amp(db) * np.sin(2 * np.pi * 997 * t)).astype(np.float32)


def _speech(db: float, seconds: float) -> np.ndarray:
    """The tone, on for 2.4 s of every 3 s."""
    t = np.arange(round(seconds * SR)) / SR
    return np.where(np.mod(t, 3) < 2.4, _tone(db, seconds), 0).astype(np.float32)


def _mp3(path: Path, x: np.ndarray, *, bitrate_kbps: int = 96) -> Episode:
    """`x` as the mastered episode: measured by mastering's meter, streamed into the encoder
    with QA's tap on the PCM, written as the pipeline writes it."""
    lufs, peak = master.measure_stream(ArraySource(x), SR)
    tap = qa.EncoderTap(SR, level_db=export.lame_level_loss_db(bitrate_kbps))
    tags = export.Tags(TITLE, "A", "B", dt.date(2026, 1, 2), duration_s=len(x) / SR)
    export.encode_mp3(
        chunks(ArraySource(x)), SR, path, bitrate_kbps=bitrate_kbps, tags=tags, listen=tap.feed
    )
    return path, tap.measures(lufs=lufs, true_peak_db=20 * math.log10(peak))


def _inspect(episode: Episode, **kw: object) -> qa.QAReport:
    mp3, measured = episode
    args: dict[str, object] = {
        "bitrate_kbps": 96,
        "title": TITLE,
        "expected_segments": 3,
        "rendered_segments": 3,
        "segment_durations_s": [2.4, 2.4, 2.4],
        "min_duration_s": 15.0,
        "max_duration_s": 30.0,
    }
    args.update(kw)
    return qa.inspect(mp3, measured, **args)  # type: ignore[arg-type]


def _refusal(report: qa.QAReport) -> str:
    with pytest.raises(QAError) as info:
        qa.gate(report)
    assert info.value.exit_code == EXIT_QA
    message = str(info.value)
    assert "\n" not in message and message.startswith("QA gate refused the episode: ")
    return message


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    folder = tmp_path_factory.mktemp("qa")
    return _mp3(folder / "good.mp3", _speech(GOOD_PEAK_DB, 20))


def test_good_file_passes(good: Episode) -> None:
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
    tone = _tone(GOOD_PEAK_DB - 0.45, 21)  # -16.0 LUFS without the hole
    tone[8 * SR : 13 * SR + 1] = 0
    mp3 = _mp3(tmp_path / "hole.mp3", tone)
    report = _inspect(mp3)
    assert [c.name for c in report.failed] == ["silence"]
    assert 4.9 <= report.longest_silence_s <= 5.1
    message = _refusal(report)
    assert "silence" in message and "5.0 s" in message
    assert "at 0:08.0" in message and "over by 2.0 s" in message


def test_quiet_file_fails_loudness(good: Episode, tmp_path: Path) -> None:
    mp3 = _mp3(tmp_path / "quiet.mp3", _speech(GOOD_PEAK_DB - 7.0, 20))
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
    mp3 = _mp3(tmp_path / "short.mp3", _speech(GOOD_PEAK_DB, 5))
    report = _inspect(mp3)
    assert [c.name for c in report.failed] == ["duration"]
    message = _refusal(report)
    assert "duration 5.0 s is outside 15.0–30.0 s (10.0 s short)" in message


def test_missing_and_empty_segments_fail(good: Episode) -> None:
    missing = _inspect(good, expected_segments=4)
    assert [c.name for c in missing.failed] == ["segments"]
    assert "segments: 3 of 4 rendered (1 missing)" in _refusal(missing)

    empty = _inspect(good, segment_durations_s=[2.4, 0.01, 2.4])
    assert [c.name for c in empty.failed] == ["segments"]
    assert "#2 0.01 s" in _refusal(empty)


def test_every_failure_is_listed_on_one_line(tmp_path: Path) -> None:
    mp3 = _mp3(tmp_path / "hot.mp3", _tone(-0.2, 4))
    report = _inspect(mp3, rendered_segments=2)
    assert {c.name for c in report.failed} == {"duration", "loudness", "true peak", "segments"}
    message = _refusal(report)
    assert message.count(";") == 3
    assert re.search(r"true peak -?[\d.]+ dBTP is above -1\.0 dBTP \(over by [\d.]+ dB\)", message)


def test_unreadable_file_is_refused(good: Episode, tmp_path: Path) -> None:
    with pytest.raises(QAError, match="does not exist"):
        _inspect((tmp_path / "nowhere.mp3", good[1]))
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 100)
    with pytest.raises(QAError):
        _inspect((junk, good[1]))


def test_trailing_silence_counts() -> None:
    rate = 8000
    t = np.arange(3 * rate) / rate
    tone = (3000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    pcm = np.concatenate([tone, np.zeros(4 * rate, dtype=np.int16)])
    length, at = qa._longest_silence(pcm, rate)
    assert length == pytest.approx(4.0, abs=0.02)
    assert at == pytest.approx(3.0, abs=0.02)
    assert qa._longest_silence(tone, rate) == (0.0, 0.0)


# --- the cheap check of the written file (its headers; no audio decoded) ----------------------


def _copy(good: Episode, folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(good[0].read_bytes())
    return path


def _failed_file(report: qa.QAReport) -> str:
    """The refusal's message, checking the written file's checks are what failed."""
    assert {c.name for c in report.failed} <= {"decode", "file"} and report.failed
    return _refusal(report)


def test_cut_off_file_is_caught(good: Episode, tmp_path: Path) -> None:
    cut = _copy(good, tmp_path, "cut.mp3")
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3 + 100])  # the write stopped in mid-frame
    report = _inspect((cut, good[1]))
    assert [c.name for c in report.failed] == ["duration", "decode", "file"]  # 13.3 s < 15 s
    message = _refusal(report)
    assert "decode: the frame scan found 1 corrupt frames" in message
    assert re.search(r"file cut\.mp3: plays 0:13\.\d \(\d+ samples\) but 0:20\.0", message)


def test_corrupted_stretch_is_caught(good: Episode, tmp_path: Path) -> None:
    bad = _copy(good, tmp_path, "bad.mp3")
    data = bytearray(bad.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = b"\x00" * 4000  # a hole of zeros over ~13 frames
    bad.write_bytes(bytes(data))
    report = _inspect((bad, good[1]))
    assert [c.name for c in report.failed] == ["decode", "file"]
    message = _failed_file(report)
    assert "decode: the frame scan found 1 corrupt frames (limit 0); re-export the MP3" in message
    assert "frames but its Info header declares" in message


def test_a_changed_byte_inside_a_frame_fails_the_checksum(good: Episode, tmp_path: Path) -> None:
    flipped = _copy(good, tmp_path, "flipped.mp3")
    data = bytearray(flipped.read_bytes())
    at = data.find(b"\xff\xfb", len(data) // 2) + 40  # inside a frame's audio, past its header
    data[at] ^= 0x5A
    flipped.write_bytes(bytes(data))
    report = _inspect((flipped, good[1]))
    assert [c.name for c in report.failed] == ["file"]  # every frame header is still sound
    assert re.search(
        r"audio fails the LAME tag's checksum \(CRC 0x[0-9a-f]{4}, written", _refusal(report)
    )


def test_junk_after_the_audio_is_caught(good: Episode, tmp_path: Path) -> None:
    tail = _copy(good, tmp_path, "tail.mp3")
    tail.write_bytes(tail.read_bytes() + b"junk" * 50)
    report = _inspect((tail, good[1]))
    assert [c.name for c in report.failed] == ["decode", "file"]
    assert "bytes, not the" in _failed_file(report)


def test_wrong_format_or_length_or_tag_is_caught(good: Episode, tmp_path: Path) -> None:
    mp3, measured = good
    other_rate = _inspect(good, bitrate_kbps=128)  # the show asked for 128 kb/s
    assert [c.name for c in other_rate.failed] == ["file"]
    assert "96 kb/s, not a constant 128 kb/s" in _refusal(other_rate)

    longer = qa.StreamMeasures(**{**measured.__dict__, "samples": measured.samples + 3 * 1152})
    report = _inspect((mp3, longer))  # three frames more were streamed than the file plays
    assert [c.name for c in report.failed] == ["file"]
    assert re.search(r"plays 0:20\.0 \(882000 samples\) but 0:20\.1 \(885456\)", _refusal(report))

    assert _inspect(good).ok
    retitled = _inspect(good, title="Another episode")
    assert "ID3 title 'QA test', not 'Another episode'" in _refusal(retitled)
    bare = _copy(good, tmp_path, "bare.mp3")
    ID3(bare).delete()
    report = _inspect((bare, measured))
    assert [c.name for c in report.failed] == ["file"]
    assert "no ID3 tag" in _refusal(report)


def test_mp3_facts_match_ffprobe(good: Episode) -> None:
    from tests.audio_probe import probe_duration

    facts = mp3file.read_mp3(good[0])
    assert facts is not None
    assert (facts.sample_rate, facts.channels, facts.bitrates_kbps) == (44100, 1, {96})
    assert facts.playable_samples == good[1].samples == 20 * SR
    assert facts.duration_s == pytest.approx(probe_duration(good[0]), abs=1e-6)
    assert facts.corrupt == 0 and facts.info_frames == facts.frames
    assert facts.music_crc is not None and facts.audio_crc == facts.music_crc
