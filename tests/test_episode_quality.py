"""The full-length episode with the default show and real voices, measured like a listener would:
length, loudness, the intro music and ducking, chapters, the timed transcript, determinism."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from podcast import pipeline
from podcast.audio import mix, music
from podcast.config import load_show
from podcast.tts.cache import SegmentCache
from podcast.util.sentences import split_written
from podcast.util.wav import read_wav, write_wav
from tests.audio_probe import measure_file

pytestmark = [pytest.mark.voice, pytest.mark.slow]


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory):
    samples = Path(__file__).resolve().parents[2] / "shared" / "samples"
    base = tmp_path_factory.mktemp("episode")
    show = load_show()
    article = samples / "recap-tech-led-rally.txt"
    first = pipeline.render(article, base / "a", show, cache=SegmentCache(base / "ca"))
    second = pipeline.render(article, base / "b", show, cache=SegmentCache(base / "cb"))
    return show, first, second


def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64))) + 1e-12)


def test_length_and_loudness(episode) -> None:
    _, first, _ = episode
    mp3 = first.published.mp3
    assert 510 <= first.episode.duration_s <= 600, first.episode.duration_s
    loud = measure_file(mp3)  # ffmpeg ebur128=peak=true on the MP3
    assert abs(loud.lufs - -16.0) <= 0.5
    assert loud.true_peak_db <= -1.0


def test_two_renders_from_scratch_are_identical(episode) -> None:
    _, first, second = episode
    digest = [hashlib.sha256(r.published.mp3.read_bytes()).hexdigest() for r in (first, second)]
    assert digest[0] == digest[1]
    assert first.published.guid == second.published.guid


def test_intro_music_and_ducking(episode) -> None:
    show, first, _ = episode
    sr = show.sample_rate
    segments = list(first.episode.segments)
    cues = first.episode.cues
    assert cues[0].start_s <= 12.0  # speech starts within 12 s
    sting = music.intro_sting(sr)
    full = mix.assemble(
        segments, mix.MixSpec(sample_rate=sr, intro=sting, outro=music.outro_bed(sr))
    )
    assert rms_db(full.samples[: 5 * sr]) > -40  # the first 5 s hold music, not silence
    silent_dir = first.published.episode_dir.parent.parent / "silent"
    silent_dir.mkdir(exist_ok=True)
    silent = []
    for seg in segments:  # the same timeline with the voices muted: the music alone
        samples, rate = read_wav(seg.wav)
        path = silent_dir / seg.wav.name
        write_wav(path, np.zeros_like(samples), rate)
        silent.append(dataclasses.replace(seg, wav=path))
    music_only = mix.assemble(silent, mix.MixSpec(sample_rate=sr, intro=sting, outro=None))
    voice_only = mix.assemble(segments, mix.MixSpec(sample_rate=sr, intro=None, outro=None))
    start, end = full.segment_starts_s[0], full.segment_ends_s[0]
    window = slice(int((start + 1.0) * sr), int(min(end, start + 4.0) * sr))
    offset = int((full.segment_starts_s[0] - voice_only.segment_starts_s[0]) * sr)
    voice_window = slice(window.start - offset, window.stop - offset)
    gap = rms_db(voice_only.samples[voice_window]) - rms_db(music_only.samples[window])
    assert gap >= 12.0, gap


def test_chapters_agree_with_id3(episode) -> None:
    _, first, _ = episode
    folder = first.published.episode_dir
    chapters = json.loads((folder / "chapters.json").read_text())
    assert chapters["version"] == "1.2.0"
    tags = ID3(first.published.mp3)
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert len(chaps) == len(chapters["chapters"]) >= 5
    for chap, entry in zip(chaps, chapters["chapters"], strict=True):
        assert abs(chap.start_time / 1000 - entry["startTime"]) <= 0.05
        assert chap.sub_frames["TIT2"].text[0] == entry["title"]
    assert tags.getall("CTOC") and tags.getall("APIC")


def test_transcript_is_timed_sentence_by_sentence(episode) -> None:
    _, first, _ = episode
    vtt = (first.published.episode_dir / "transcript.vtt").read_text()
    cues = re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n<v ([^>]+)>(.*)", vtt)
    assert len(cues) > 50

    def secs(t: str) -> float:
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    # each cue is a sentence as the recap wrote it (issue 15), or a whole segment's caption
    sentences = {s for seg in first.script.segments for s in split_written(seg.caption)}
    sentences |= {seg.caption for seg in first.script.segments}
    assert all(seg.display for seg in first.script.segments)
    last_end = 0.0
    for start, end, speaker, text in cues:
        assert secs(start) >= last_end - 1e-6 and secs(end) > secs(start)
        last_end = secs(end)
        assert html.unescape(text) in sentences  # the VTT escapes "&", "<" and ">"
        assert speaker in {"Ava", "Joe"}
    assert first.episode.speech_end_s is not None
    speech_end = first.episode.speech_end_s
    assert abs(last_end - speech_end) <= 1.0
    assert (first.published.episode_dir / "transcript.srt").read_text().count("-->") == len(cues)
