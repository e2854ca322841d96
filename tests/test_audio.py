"""The audio stage read back: music, timeline, ducking, loudness, MP3 format, ID3 tags, chapters."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import os
import struct
import subprocess
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from podcast.audio import music
from podcast.audio.export import Tags, export_mp3
from podcast.audio.master import Mastered, master
from podcast.audio.mix import Mixdown, MixSpec, assemble, read_segment
from podcast.errors import AudioError
from podcast.models import Chapter, RenderedSegment, Segment
from tests.audio_probe import measure_file, probe_duration
from tests.audio_reference import max_true_peak

SR = 44100
# (id, section, role, seconds, rate, pause_ms, tone Hz): announcer intro first and outro last.
PLAN = [
    ("s0", "intro", "announcer", 6.0, 24000, 600, 220.0),
    ("s1", "snapshot", "host", 5.0, 22050, 400, 330.0),
    ("s2", "snapshot", "analyst", 4.5, 24000, 500, 262.0),
    ("s3", "outro", "announcer", 5.0, 22050, 300, 196.0),
]


def write_tone(
    path: Path, seconds: float, rate: int, freq: float, amp: float = 0.3, channels: int = 1
) -> Path:
    """A 16-bit WAV of an exact number of samples: a tone with a slow syllable-like wobble."""
    n = round(seconds * rate)
    t = np.arange(n) / rate
    x = amp * np.sin(2 * np.pi * freq * t) * (0.75 + 0.25 * np.sin(2 * np.pi * 3.0 * t))
    pcm = np.round(x * 32767).astype("<i2")
    if channels == 2:
        pcm = np.repeat(pcm, 2)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def segments(folder: Path, *, amp: float = 0.3) -> list[RenderedSegment]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for sid, section, role, seconds, rate, pause, freq in PLAN:
        wav = write_tone(folder / f"{sid}.wav", seconds, rate, freq, amp)
        seg = Segment(sid, section, role, f"text of {sid}", pause)
        out.append(RenderedSegment(seg, "fake", wav, seconds, rate, cached=False))
    return out


def rms_db(x: np.ndarray) -> float:
    return 10 * math.log10(float(np.mean(np.square(x, dtype=np.float64))) + 1e-30)


def window(x: np.ndarray, start_s: float, end_s: float) -> np.ndarray:
    return x[round(start_s * SR) : round(end_s * SR)]


def ffprobe_stream(path: Path) -> dict[str, str]:
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=codec_name,channels,sample_rate,bit_rate", "-of", "json", str(path)],
        capture_output=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout)["streams"][0]


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00"))
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Rendered:
    segs: list[RenderedSegment]
    mix: Mixdown
    mastered: Mastered
    tags: Tags
    mp3: Path
    tmp: Path


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """One episode, assembled with music, mastered and exported once for the read-back tests."""
    tmp = tmp_path_factory.mktemp("episode")
    segs = segments(tmp / "wav")
    mix = assemble(segs, MixSpec(intro=music.intro_sting(SR), outro=music.outro_bed(SR)))
    mastered = master(mix.samples, mix.sample_rate)
    chapters = [
        Chapter("Intro", 0.0, "intro"),
        Chapter("Market snapshot", mix.segment_starts_s[1], "snapshot"),
        Chapter("Sign-off", mix.segment_starts_s[3], "outro"),
    ]
    tags = Tags(
        title="Tech-led rally",
        artist="Recap Desk",
        album="Daily Market Recap",
        date=dt.date(2026, 11, 17),
        track=42,
        description="Stocks rose as chipmakers led.",
        cover=tiny_png(),
        cover_mime="image/png",
        chapters=chapters,
        duration_s=mix.duration_s,
    )
    mp3 = tmp / "out" / "episode.mp3"
    export_mp3(mastered.samples, SR, mp3, tags=tags)
    return Rendered(segs, mix, mastered, tags, mp3, tmp)


# --- music -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "lo", "hi"),
    [(music.intro_sting, 6.0, 12.0), (music.outro_bed, 4.0, 8.0), (music.transition, 0.7, 1.5)],
)
def test_music_lengths_level_and_determinism(make, lo: float, hi: float) -> None:
    for rate in (SR, 24000):
        a = make(rate)
        assert a.dtype == np.float32 and a.ndim == 1
        assert lo <= len(a) / rate <= hi
        assert abs(20 * math.log10(float(np.max(np.abs(a)))) - (-6.0)) < 0.1
        assert rms_db(a) > -30.0  # music, not a click
        assert abs(float(a[-1])) < 1e-3  # ends faded out
        assert np.array_equal(a, make(rate))


def test_music_is_tonal_in_key_not_a_single_test_tone() -> None:
    x = music.intro_sting(SR).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / SR)
    top = freqs[np.argsort(spectrum)[-40:]]
    # Several distinct notes, and D (73.4, 146.8, 293.7 Hz ...) among the strongest.
    notes = {round(12 * math.log2(f / 440.0)) % 12 for f in top if f > 50}
    assert len(notes) >= 3
    assert 5 in notes  # D is 5 semitones above A


# --- mix ---------------------------------------------------------------------------------------


def test_read_segment_resamples_and_downmixes(tmp_path: Path) -> None:
    mono = read_segment(write_tone(tmp_path / "a.wav", 2.0, 22050, 440.0), SR)
    assert len(mono) == 2 * SR and mono.dtype == np.float32
    stereo = read_segment(write_tone(tmp_path / "b.wav", 1.0, 24000, 440.0, channels=2), SR)
    assert len(stereo) == SR
    with pytest.raises(AudioError):
        read_segment(tmp_path / "missing.wav", SR)


def test_timeline_matches_durations_and_pauses(episode: Rendered) -> None:
    mix = episode.mix
    starts, ends = mix.segment_starts_s, mix.segment_ends_s
    assert 3.0 <= starts[0] <= 12.0  # speech starts inside the sting
    assert all(b > a for a, b in itertools.pairwise(starts))
    for i, (_sid, _sec, _role, seconds, _rate, pause, _f) in enumerate(PLAN):
        assert ends[i] - starts[i] == pytest.approx(seconds, abs=1e-3)
        if i + 1 < len(PLAN):
            assert starts[i + 1] == pytest.approx(ends[i] + pause / 1000, abs=1e-4)
    assert mix.speech_end_s == ends[-1]
    assert len(mix.samples) == round(mix.duration_s * SR)
    assert mix.speech_end_s + 1.5 <= mix.duration_s <= mix.speech_end_s + 4.0  # music rings out
    assert mix.samples.dtype == np.float32


def test_music_before_speech_and_ducked_under_it(tmp_path: Path) -> None:
    segs = segments(tmp_path)
    intro, outro = music.intro_sting(SR), music.outro_bed(SR)
    full = assemble(segs, MixSpec(intro=intro, outro=outro))
    voice = assemble(segs, MixSpec(intro=np.zeros_like(intro), outro=np.zeros_like(outro)))
    assert voice.segment_starts_s == full.segment_starts_s
    only_music = full.samples - voice.samples
    s0, e0 = full.segment_starts_s[0], full.segment_ends_s[0]
    assert rms_db(window(full.samples, 0.0, 5.0)) > -40.0  # the first 5 s are not silent
    assert rms_db(window(full.samples, 0.0, 3.0)) > -40.0  # music plays before the voice
    under = slice(round(s0 * SR), round(min(e0, len(intro) / SR - 2.5) * SR))
    music_db, voice_db = rms_db(only_music[under]), rms_db(voice.samples[under])
    assert voice_db - music_db >= 12.0
    before = rms_db(window(only_music, 1.0, s0 - 0.4))
    assert before - music_db >= 15.0  # ducked by ~18 dB against its own level before speech
    # The outro bed plays under the last segment (ducked) and rings on after the last word.
    s3, e3 = full.segment_starts_s[3], full.segment_ends_s[3]
    bed_under = rms_db(window(only_music, max(s3, e3 - 3.0), e3 - 0.4))
    assert rms_db(window(voice.samples, s3, e3)) - bed_under >= 12.0
    assert rms_db(window(only_music, e3 + 0.4, e3 + 1.2)) > bed_under + 8.0


def test_joins_are_faded_so_nothing_clicks(tmp_path: Path) -> None:
    mix = assemble(segments(tmp_path), MixSpec(intro=None, outro=None, fade_ms=10))
    x = mix.samples
    assert mix.segment_starts_s[0] == 0.0
    for s, e in zip(mix.segment_starts_s, mix.segment_ends_s, strict=True):
        i, j = round(s * SR), round(e * SR)
        assert abs(float(x[i])) < 0.01 and abs(float(x[j - 1])) < 0.01
        assert np.max(np.abs(np.diff(x[max(0, i - 50) : i + 50]))) < 0.05
        assert np.max(np.abs(np.diff(x[j - 50 : j + 50]))) < 0.05


def test_assemble_is_linear_in_segments(tmp_path: Path, monkeypatch) -> None:
    """Work, not wall time: each segment's audio is decoded a bounded number of times whatever
    the episode's length, so mixing N segments costs O(N) (a timed check flaked under load)."""
    from podcast.audio import mix as mix_module

    reads: list[Path] = []
    real_read = mix_module.read_segment

    def counting(path: Path, sample_rate: int):
        reads.append(path)
        return real_read(path, sample_rate)

    monkeypatch.setattr(mix_module, "read_segment", counting)
    per_segment: list[float] = []
    for n in (20, 200):
        wavs = [write_tone(tmp_path / f"t{n}-{i}.wav", 3.0, 24000, 300.0) for i in range(n)]
        many = [
            RenderedSegment(Segment(f"s{i}", "body", "host", "x", 400), "fake", w, 3.0, 24000, True)
            for i, w in enumerate(wavs)
        ]
        reads.clear()
        mix = assemble(many, MixSpec(intro=music.intro_sting(SR), outro=music.outro_bed(SR)))
        assert mix.duration_s > n * 3.4
        counts = {w: reads.count(w) for w in wavs}
        assert max(counts.values()) <= 2, "a segment was decoded more than twice"
        per_segment.append(len(reads) / n)
    assert all(p <= 2.0 for p in per_segment), per_segment  # a constant per segment: O(N)


def test_assemble_refuses_nothing() -> None:
    with pytest.raises(AudioError):
        assemble([], MixSpec(intro=None, outro=None))


# --- master ------------------------------------------------------------------------------------


def test_master_hits_target_and_ceiling(episode: Rendered) -> None:
    m = episode.mastered
    assert m.lufs == pytest.approx(-16.0, abs=0.1)
    assert m.true_peak_db <= -2.2 + 0.01
    assert 20 * math.log10(max_true_peak(m.samples)) <= -2.2 + 0.01
    assert float(np.max(np.abs(m.samples))) < 1.0


def test_master_limits_loud_peaky_input_without_clipping() -> None:
    rng = np.random.default_rng(7)
    t = np.arange(20 * SR) / SR
    x = 0.05 * np.sin(2 * np.pi * 200 * t) + (rng.random(len(t)) < 2 / SR) * 0.9  # 2 clicks/s
    m = master(x.astype(np.float32), SR, target_lufs=-16.0, max_true_peak_db=-1.0)
    assert m.lufs == pytest.approx(-16.0, abs=0.1)
    assert 20 * math.log10(max_true_peak(m.samples)) <= -2.2 + 0.01


def test_master_refuses_silence() -> None:
    with pytest.raises(AudioError):
        master(np.zeros(5 * SR, dtype=np.float32), SR)


def test_measure_file_reads_ebur128(tmp_path: Path) -> None:
    wav = write_tone(tmp_path / "k.wav", 5.0, SR, 1000.0, amp=0.1)
    # Remove the wobble: a plain 1 kHz sine at -20 dBFS peak reads -23.0 LUFS.
    n = 5 * SR
    pcm = np.round(0.1 * np.sin(2 * np.pi * 1000 * np.arange(n) / SR) * 32767).astype("<i2")
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())
    loud = measure_file(wav)
    assert loud.lufs == pytest.approx(-23.0, abs=0.2)
    assert loud.true_peak_db == pytest.approx(-20.0, abs=0.2)


# --- export ------------------------------------------------------------------------------------


def test_mp3_format_duration_and_loudness(episode: Rendered) -> None:
    mp3, mix = episode.mp3, episode.mix
    stream = ffprobe_stream(mp3)
    assert stream["codec_name"] == "mp3"
    assert int(stream["channels"]) == 1
    assert int(stream["sample_rate"]) == 44100
    assert abs(int(stream["bit_rate"]) - 96000) <= 2000
    assert probe_duration(mp3) == pytest.approx(mix.duration_s, abs=0.05)
    loud = measure_file(mp3)
    assert loud.lufs == pytest.approx(-16.0, abs=0.5)
    assert loud.true_peak_db <= -1.0


def test_id3_tags_and_chapters_read_back(episode: Rendered) -> None:
    tags = episode.tags
    id3 = ID3(episode.mp3)
    assert id3.version[:2] == (2, 4)
    assert str(id3["TIT2"]) == "Tech-led rally"
    assert str(id3["TPE1"]) == "Recap Desk"
    assert str(id3["TALB"]) == "Daily Market Recap"
    assert str(id3["TDRC"]) == "2026-11-17"
    assert str(id3["TRCK"]) == "42"
    assert id3.getall("COMM")[0].text == ["Stocks rose as chipmakers led."]
    apic = id3.getall("APIC")[0]
    assert apic.mime == "image/png" and apic.data == tiny_png() and apic.type == 3
    chaps = sorted(id3.getall("CHAP"), key=lambda c: c.element_id)
    assert [c.element_id for c in chaps] == ["chp0", "chp1", "chp2"]
    for chap, want in zip(chaps, tags.chapters, strict=True):
        assert abs(chap.start_time - want.start_s * 1000) <= 1
        assert str(chap.sub_frames["TIT2"]) == want.title
    assert chaps[0].end_time == chaps[1].start_time and chaps[1].end_time == chaps[2].start_time
    assert abs(chaps[2].end_time - tags.duration_s * 1000) <= 1
    (toc,) = id3.getall("CTOC")
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]
    assert toc.flags & 0x01 and toc.flags & 0x02  # ordered, top-level


def test_export_is_byte_identical_and_atomic(episode: Rendered) -> None:
    tmp = episode.tmp
    m = episode.mastered
    again = tmp / "again" / "episode.mp3"
    export_mp3(m.samples, SR, again, tags=episode.tags)
    first = hashlib.sha256(episode.mp3.read_bytes()).hexdigest()
    assert hashlib.sha256(again.read_bytes()).hexdigest() == first
    assert sorted(p.name for p in again.parent.iterdir()) == ["episode.mp3"]


def test_export_failure_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "bad" / "episode.mp3"
    bad = np.full(SR, np.nan, dtype=np.float32)
    tags = Tags("t", "a", "b", dt.date(2026, 1, 2))
    with pytest.raises(AudioError):
        export_mp3(bad, SR, target, tags=tags)
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_export_without_optional_tags(tmp_path: Path) -> None:
    x = (0.2 * np.sin(2 * np.pi * 440 * np.arange(3 * SR) / SR)).astype(np.float32)
    target = tmp_path / "plain.mp3"
    export_mp3(x, SR, target, tags=Tags("Plain", "A", "B", dt.date(2026, 1, 2)))
    id3 = ID3(target)
    assert str(id3["TIT2"]) == "Plain"
    assert not id3.getall("CHAP") and not id3.getall("CTOC") and not id3.getall("APIC")
    assert probe_duration(target) == pytest.approx(3.0, abs=0.05)


@pytest.mark.slow
def test_ten_minutes_master_and_export_are_fast(tmp_path: Path) -> None:
    t = np.arange(600 * SR, dtype=np.float64) / SR
    rng = np.random.default_rng(3)
    voice = np.sin(2 * np.pi * 180 * t) + 0.3 * np.sin(2 * np.pi * 2300 * t)
    voice *= (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t)) ** 2 * (rng.random(len(t)) * 0.2 + 0.2)
    x = voice.astype(np.float32)

    def cpu_s() -> float:  # this process and its finished children (ffmpeg): not the neighbours'
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    started = cpu_s()
    m = master(x, SR)
    mastered_s = cpu_s() - started
    export_mp3(m.samples, SR, tmp_path / "long.mp3", tags=Tags("L", "A", "B", dt.date(2026, 1, 2)))
    total_s = cpu_s() - started
    assert mastered_s < 8.0, f"master took {mastered_s:.1f} CPU-s"
    assert total_s < 20.0, f"master + export took {total_s:.1f} CPU-s"


def test_voices_are_levelled_to_one_loudness(tmp_path: Path) -> None:
    """The mix levels each segment to the spec's loudness plus its voice's offset; a segment too
    short to measure takes the others' median gain."""
    import pyloudnorm as pyln

    from podcast.util.wav import write_wav

    sr = 24000
    t = np.arange(3 * sr) / sr
    quiet = (0.02 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    loud = (0.5 * np.sin(2 * np.pi * 180 * t)).astype(np.float32)
    short = (0.5 * np.sin(2 * np.pi * 200 * t[: sr // 4])).astype(np.float32)

    def mixed(voices: list[tuple[str, np.ndarray]], offsets: dict[str, float]) -> list[np.ndarray]:
        segs = []
        for i, (voice, x) in enumerate(voices):
            path = tmp_path / f"{voice}{i}.wav"
            write_wav(path, x, sr)
            seg = Segment(f"s{i}", "body", "host", "x", 500)
            segs.append(RenderedSegment(seg, voice, path, len(x) / sr, sr, False))
        m = assemble(segs, MixSpec(sample_rate=sr, speech_lufs=-20.0, voice_gain_db=offsets))
        spans = zip(m.segment_starts_s, m.segment_ends_s, strict=True)
        return [m.samples[round(a * sr) : round(b * sr)] for a, b in spans]

    out = mixed([("a", quiet), ("a", loud), ("a", short)], {})
    meter = pyln.Meter(sr)
    levels = [meter.integrated_loudness(x.astype(np.float64)) for x in out[:2]]
    assert all(abs(v - -20.0) < 0.2 for v in levels)
    assert np.isfinite(out[2]).all() and 0 < np.abs(out[2]).max() < 1.0
    lifted = mixed([("b", loud)], {"b": 3.0})[0]
    assert meter.integrated_loudness(lifted.astype(np.float64)) == pytest.approx(-17.0, abs=0.2)


def test_transition_chime_between_body_sections(tmp_path: Path) -> None:
    from podcast.audio import music

    sr = 44100
    segs = []
    for sid, section in [("a", "intro"), ("b", "snapshot"), ("c", "macro"), ("d", "outro")]:
        wav = write_tone(tmp_path / f"{sid}.wav", 1.5, 24000, 220.0)
        segs.append(
            RenderedSegment(
                Segment(sid, section, "host", sid, 400), "fake", wav, 1.5, 24000, cached=False
            )
        )
    plain = assemble(segs, MixSpec(sample_rate=sr))
    chimed = assemble(segs, MixSpec(sample_rate=sr, transition=music.transition(sr)))
    # Only the snapshot -> macro boundary gets a chime, and room for it.
    assert chimed.segment_starts_s[1] == pytest.approx(plain.segment_starts_s[1])
    assert chimed.segment_starts_s[2] > plain.segment_starts_s[2] + 0.5
    gap_start = int(chimed.segment_ends_s[1] * sr) + 2000
    gap = chimed.samples[gap_start : int(chimed.segment_starts_s[2] * sr) - 2000]
    assert np.abs(gap).max() > 0.01


def test_show_music_files_replace_the_generated_ones(tmp_path: Path) -> None:
    import dataclasses
    import subprocess

    from podcast.audio import music
    from podcast.config import load_show
    from podcast.errors import ConfigError

    intro = tmp_path / "intro.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=7", str(intro)], check=True
    )
    show = dataclasses.replace(load_show(), intro_music=intro)
    x = music.intro(show, SR)
    assert abs(len(x) / SR - 7.0) < 0.1
    assert abs(20 * math.log10(np.abs(x).max()) - music.PEAK_DBFS) < 0.1
    assert len(music.outro(show, SR)) == len(music.outro_bed(SR))
    with pytest.raises(ConfigError, match="does not exist"):
        music.intro(dataclasses.replace(show, intro_music=tmp_path / "nope.mp3"), SR)


def test_show_spec_is_the_shows_mix(tmp_path: Path) -> None:
    """The pipeline mixes with `show_spec`: the show's music, sample rate, voice gains, chimes."""
    import dataclasses

    from podcast.audio.mix import show_spec
    from podcast.config import load_show

    show = load_show(Path(__file__).parent / "data" / "fake-show.toml")
    spec = show_spec(show)
    sr = show.sample_rate
    assert spec.sample_rate == sr
    assert spec.intro is not None and np.array_equal(spec.intro, music.intro(show, sr))
    assert spec.outro is not None and np.array_equal(spec.outro, music.outro(show, sr))
    assert spec.transition is None
    assert dict(spec.voice_gain_db) == {n: v.gain_db for n, v in show.voices.items()}
    chimed = show_spec(dataclasses.replace(show, transitions=True))
    assert chimed.transition is not None
    assert np.array_equal(chimed.transition, music.transition(sr))
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.duck_db = 0.0  # type: ignore[misc]
