"""The streaming audio path against the whole-array one: the mix made block by block, mastering in
passes (K-weighted energies, true peaks, BS.1770 loudness), PCM piped to the encoder, QA reading
the decode in chunks; chunk boundaries in awkward places change nothing."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import math
import sys
import time
import weakref
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import sosfilt

from podcast import pipeline
from podcast.audio import master, mix, music, qa, stream
from podcast.audio.export import Tags, encode_mp3, export_mp3
from podcast.audio.limiter import GAIN_BLOCK
from podcast.audio.loudness import KWeighting, LoudnessMeter, RunSums
from podcast.audio.peaks import gain_block_peaks
from podcast.config import load_show
from podcast.errors import AudioError, SubprocessError
from podcast.models import RenderedSegment, Segment
from podcast.tts.cache import SegmentCache
from podcast.util.subproc import pipe
from tests import audio_reference as ref
from tests.audio_reference import block_max, max_true_peak, true_peak
from tests.test_audio import write_tone

SR = 44100
ROOT = Path(__file__).resolve().parents[1]
# Lengths around the block sizes: 0.4 s (shortest measurable), not multiples of 32, 256 or 4410.
LENGTHS = [17641, 44100 + 31, 3 * 44100 + 2205, 7 * 44100 + 257, 20 * 44100 + 4409]


def signal(kind: str, n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / SR
    if kind == "noise":
        x = rng.standard_normal(n) * 0.1 * (1.2 + np.sin(2 * np.pi * 0.7 * t))
    elif kind == "tone":
        x = 0.3 * np.sin(2 * np.pi * 997 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    elif kind == "clicks":
        x = 0.05 * np.sin(2 * np.pi * 200 * t) + (rng.random(n) < 2 / SR) * 0.9
    else:  # speech-like: formant-ish tones, syllable envelope, random level, pauses
        x = np.sin(2 * np.pi * 180 * t) + 0.3 * np.sin(2 * np.pi * 2300 * t)
        x *= (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t)) ** 2 * (rng.random(n) * 0.2 + 0.2)
        x *= np.sin(2 * np.pi * 0.25 * t) > -0.6
    return x.astype(np.float32)


def random_chunks(x: np.ndarray, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out, i = [], 0
    while i < len(x):
        k = int(rng.choice([1, 31, 33, 255, 257, 4409, 4411, 30000]))
        out.append(x[i : i + k])
        i += k
    return out


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    """Passes read 7 limiter blocks at a time, so every signal crosses many chunk boundaries."""
    monkeypatch.setattr(stream, "CHUNK", 7 * 256)
    return 7 * 256


# --- block helpers -----------------------------------------------------------------------------


def test_rechunk_and_spool_round_trip(tmp_path: Path) -> None:
    x = signal("noise", 100_003)
    blocks = list(stream.rechunk(random_chunks(x, 3), 4096))
    assert all(len(b) == 4096 for b in blocks[:-1]) and 0 < len(blocks[-1]) <= 4096
    assert np.array_equal(np.concatenate(blocks), x)
    spool = stream.Spool.write(tmp_path / "x.f32", random_chunks(x, 4))
    assert len(spool) == len(x) and (tmp_path / "x.f32").stat().st_size == 4 * len(x)
    assert np.array_equal(np.concatenate(list(stream.chunks(spool, 9999))), x)
    assert np.array_equal(spool.read(-5, 7), np.concatenate([np.zeros(5, np.float32), x[:7]]))
    tail = spool.read(len(x) - 3, len(x) + 4)
    assert np.array_equal(tail, np.concatenate([x[-3:], np.zeros(4, np.float32)]))
    spool.remove()
    assert not (tmp_path / "x.f32").exists()


# --- loudness and peaks, streamed vs whole -----------------------------------------------------


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("kind", ["noise", "tone", "speech"])
def test_loudness_meter_matches_pyloudnorm(kind: str, n: int) -> None:
    x = signal(kind, n)
    whole = pyloudnorm.Meter(SR).integrated_loudness(x.astype(np.float64))
    meter = LoudnessMeter(SR)
    for chunk in random_chunks(x, n):
        meter.feed(chunk)
    assert meter.integrated() == pytest.approx(whole, abs=1e-6)


def test_k_weighted_block_energies_match_one_filter_call() -> None:
    x = signal("speech", 5 * SR + 77)
    k = KWeighting(SR)
    whole = sosfilt(k.sos, x) * k.gain
    padded = np.zeros(-(-len(x) // GAIN_BLOCK) * GAIN_BLOCK)
    padded[: len(x)] = np.square(whole)
    want = padded.reshape(-1, GAIN_BLOCK).sum(axis=1)
    sums = RunSums(GAIN_BLOCK)
    for chunk in random_chunks(x, 5):
        w = k(chunk)
        sums.feed(np.square(w))
    got = sums.sums()
    assert len(got) == len(want)
    assert np.allclose(got, want, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("n", LENGTHS)
def test_gain_block_peaks_match_whole_array(n: int, small_chunks: int) -> None:
    x = signal("clicks" if n % 2 else "speech", n)
    mag = np.zeros(-(-n // GAIN_BLOCK) * GAIN_BLOCK, dtype=np.float32)
    mag[:n] = np.abs(x)
    amax = mag.reshape(-1, GAIN_BLOCK).max(axis=1)
    for floor in (0.0, 0.05, 0.3, 2.0):
        want = block_max(true_peak(x, floor=floor), GAIN_BLOCK)
        got = gain_block_peaks(stream.ArraySource(x), amax, floor)
        assert np.array_equal(got, want), floor


@pytest.mark.parametrize("n", LENGTHS)
@pytest.mark.parametrize("kind", ["clicks", "tone", "speech"])
def test_measure_stream_matches_whole_array(kind: str, n: int, small_chunks: int) -> None:
    x = signal(kind, n) * np.float32(2.5)  # inter-sample peaks over full scale too
    lufs, peak = master.measure_stream(stream.ArraySource(x), SR)
    assert peak == max_true_peak(x)
    assert lufs == pytest.approx(
        pyloudnorm.Meter(SR).integrated_loudness(x.astype(np.float64)), abs=1e-6
    )


# --- mastering: streamed passes vs the whole-array implementation ------------------------------


@pytest.mark.parametrize(
    ("kind", "seconds"),
    [("clicks", 20.0), ("tone", 7.3), ("speech", 61.7), ("noise", 0.5), ("speech", 12.01)],
)
@pytest.mark.parametrize("chunk", [7 * 256, stream.CHUNK])
def test_streamed_master_matches_whole_array_master(
    kind: str, seconds: float, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CHUNK", chunk)
    x = signal(kind, round(seconds * SR))
    want = ref.master(x, SR)
    got = master.master_stream(stream.ArraySource(x), SR)
    assert got.lufs == pytest.approx(want.lufs, abs=0.05)
    assert got.true_peak_db == pytest.approx(want.true_peak_db, abs=0.05)
    y = got.read(0, len(x))
    assert np.max(np.abs(y - want.samples)) < 1e-6
    assert 20 * math.log10(max_true_peak(y)) <= -2.2 + 0.01
    # Any range reads the same samples as the whole (the encoder and the meters read in chunks).
    assert np.array_equal(np.concatenate(list(stream.chunks(got, 12_345))), y)


def test_streamed_master_refuses_silence_and_too_short() -> None:
    with pytest.raises(AudioError, match="silent"):
        master.master_stream(stream.ArraySource(np.zeros(5 * SR, np.float32)), SR)
    with pytest.raises(AudioError, match=r"shorter than 0\.4 s"):
        master.master_stream(stream.ArraySource(np.ones(SR // 4, np.float32)), SR)


# --- the mix as a stream -----------------------------------------------------------------------


def _segments(folder: Path, count: int) -> list[RenderedSegment]:
    folder.mkdir(parents=True, exist_ok=True)
    sections = ["intro", "snapshot", "snapshot", "macro", "movers", "outro"]
    out = []
    for i in range(count):
        section = sections[min(i, 4)] if i < count - 1 else "outro"
        rate = 24000 if i % 2 else 22050
        seconds = 1.3 + 0.37 * (i % 5) if i != 2 else 0.6  # one too short to measure
        wav = write_tone(folder / f"s{i}.wav", seconds, rate, 180.0 + 23 * i, 0.1 + 0.05 * (i % 3))
        seg = Segment(f"s{i}", section, "announcer" if i == 0 else "host", "x", 150 + 90 * (i % 4))
        out.append(RenderedSegment(seg, "fake", wav, seconds, rate, cached=True))
    return out


def test_mix_stream_matches_the_concatenated_mix(tmp_path: Path) -> None:
    segs = _segments(tmp_path, 9)
    kw = {
        "sample_rate": SR,
        "intro": music.intro_sting(SR),
        "outro": music.outro_bed(SR),
        "transition": music.transition(SR),
    }
    want = ref.assemble(segs, **kw)
    plan = mix.layout(segs, mix.MixSpec(**kw))
    assert plan.segment_starts_s == want.segment_starts_s
    assert plan.duration_s == want.duration_s and len(plan) == len(want.samples)
    for size in (1000, 4410, mix.BLOCK, 10 * SR):
        blocks = list(plan.blocks(size))
        assert all(len(b) == size for b in blocks[:-1])
        got = np.concatenate(blocks)
        assert got.dtype == np.float32 and len(got) == len(want.samples)
        assert np.max(np.abs(got - want.samples)) < 1e-6
    unlevelled = mix.layout(segs, mix.MixSpec(speech_lufs=None, **kw))
    want_raw = ref.assemble(segs, speech_lufs=None, **kw)
    assert np.max(np.abs(np.concatenate(list(unlevelled.blocks())) - want_raw.samples)) < 1e-6


def test_mix_blocks_hold_only_the_segments_they_overlap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    segs = _segments(tmp_path, 12)
    plan = mix.layout(segs, mix.MixSpec(sample_rate=SR, intro=music.intro_sting(SR)))
    alive: set[int] = set()
    reads: list[int] = []
    real = mix.MixPlan._voice

    def tracked(self: mix.MixPlan, v: object, faded: np.ndarray | None = None) -> np.ndarray:
        x = real(self, v, faded)  # type: ignore[arg-type]
        key = len(reads)
        reads.append(key)
        alive.add(key)
        weakref.finalize(x, alive.discard, key)
        return x

    monkeypatch.setattr(mix.MixPlan, "_voice", tracked)
    size = SR // 2
    for i, _block in enumerate(plan.blocks(size)):
        gc.collect()
        b0, b1 = i * size, (i + 1) * size
        overlapping = sum(1 for v in plan.voices if v.start < b1 and v.start + v.length > b0)
        assert len(alive) <= overlapping + 1  # the block's segments (and the next one's read)
    assert len(reads) == len(segs)  # each segment read once per pass
    assert plan.preloaded == {}  # what the level analysis kept was handed over and let go


def test_the_level_analysis_keeps_a_bounded_leading_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    segs = _segments(tmp_path, 10)
    monkeypatch.setattr(mix, "PRELOAD_BYTES", 4 * 2 * SR * 4)  # about four segments' worth
    plan = mix.layout(segs, mix.MixSpec(sample_rate=SR))
    kept = sorted(plan.preloaded)
    assert kept == list(range(len(kept))) and 2 <= len(kept) < len(segs)
    assert sum(x.nbytes for x in plan.preloaded.values()) <= mix.PRELOAD_BYTES
    want = ref.assemble(segs, sample_rate=SR).samples
    assert np.max(np.abs(np.concatenate(list(plan.blocks(777))) - want)) < 1e-6
    assert plan.preloaded == {}
    again = np.concatenate(list(plan.blocks()))  # a second pass reads every segment again
    assert np.max(np.abs(again - want)) < 1e-6


# --- export, QA and determinism ----------------------------------------------------------------


def test_encode_from_blocks_is_byte_identical_whatever_the_blocks(tmp_path: Path) -> None:
    x = master.master(signal("speech", 9 * SR + 123), SR).samples
    tags = Tags("T", "A", "B", dt.date(2026, 1, 2), duration_s=len(x) / SR)
    export_mp3(x, SR, tmp_path / "a.mp3", tags=tags)
    encode_mp3(random_chunks(x, 9), SR, tmp_path / "b.mp3", tags=tags)
    encode_mp3(stream.rechunk([x], 1 << 16), SR, tmp_path / "c.mp3", tags=tags)
    digests = {hashlib.sha256((tmp_path / f"{n}.mp3").read_bytes()).digest() for n in "abc"}
    assert len(digests) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp3", "b.mp3", "c.mp3"]


def test_encode_error_in_a_block_kills_ffmpeg_and_leaves_nothing(tmp_path: Path) -> None:
    def blocks():  # type: ignore[no-untyped-def]
        yield np.zeros(SR, np.float32)
        yield np.full(SR, np.nan, np.float32)

    started = time.monotonic()
    with pytest.raises(AudioError, match="NaN"):
        encode_mp3(blocks(), SR, tmp_path / "x.mp3", tags=Tags("T", "A", "B", dt.date(2026, 1, 2)))
    assert time.monotonic() - started < 10
    assert list(tmp_path.iterdir()) == []


def test_silence_scan_in_chunks_matches_the_whole_buffer() -> None:
    rng = np.random.default_rng(5)
    rate = 44100
    loud = (3000 * np.sin(2 * np.pi * 440 * np.arange(rate) / rate)).astype("<i2")
    pcm = np.concatenate([loud, np.zeros(2 * rate + 123, "<i2"), loud, np.zeros(rate // 3, "<i2")])
    data = pcm.tobytes()
    scan = qa._SilenceScan(rate)
    i = 0
    while i < len(data):
        k = int(rng.integers(1, 5000))  # odd byte counts split samples
        scan.feed(data[i : i + k])
        i += k
    assert scan.longest() == qa._longest_silence(pcm, rate)
    assert scan.samples == len(pcm)


def test_render_twice_gives_the_same_mp3_bytes(tmp_path: Path) -> None:
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    article = ROOT / "tests" / "data" / "short-recap.md"
    digests = []
    for name in ("a", "b"):
        result = pipeline.render(
            article, tmp_path / name, show, cache=SegmentCache(tmp_path / f"cache-{name}")
        )
        digests.append(hashlib.sha256(result.published.mp3.read_bytes()).hexdigest())
        assert not list((tmp_path / name).glob(".work-*"))
    assert digests[0] == digests[1]


# --- the streaming subprocess helper -----------------------------------------------------------


def _py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_pipe_feeds_stdin_and_drains_stdout_in_chunks(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    blocks = [bytes([i]) * 100_000 for i in range(50)]
    copy = f"import sys,shutil; shutil.copyfileobj(sys.stdin.buffer, open({str(target)!r}, 'wb'))"
    pipe(_py(copy), source=iter(blocks), timeout=30)
    assert target.read_bytes() == b"".join(blocks)
    # 20 MB out while 5 MB of stderr is written: neither pipe may stall the other.
    chatty = (
        "import sys\n"
        "for i in range(200):\n"
        "    sys.stderr.write('e' * 25000 + '\\n')\n"
        "    sys.stdout.buffer.write(bytes([i % 256]) * 100000)\n"
    )
    got: list[int] = []
    sizes: list[int] = []

    def sink(data: bytes) -> None:
        got.append(hashlib.sha256(data).digest()[0])
        sizes.append(len(data))

    err = pipe(_py(chatty), sink=sink, timeout=60, chunk_size=1 << 16)
    assert sum(sizes) == 200 * 100_000 and max(sizes) <= 1 << 16
    assert len(err) == 200 * 25001


def test_pipe_failures_carry_the_command_and_stderr(tmp_path: Path) -> None:
    with pytest.raises(SubprocessError, match=r"exited with 3: .*boom"):
        pipe(_py("import sys; sys.stderr.write('boom\\n'); sys.exit(3)"), sink=lambda _d: None)
    with pytest.raises(SubprocessError, match="stopped reading its input"):
        pipe(_py("import sys; sys.stdin.buffer.read(10)"), source=iter([b"x" * (1 << 20)] * 20))

    def broken():  # type: ignore[no-untyped-def]
        yield b"x" * 1000
        raise AudioError("the source failed")

    with pytest.raises(AudioError, match="the source failed"):
        pipe(_py("import sys; sys.stdin.buffer.read()"), source=broken(), timeout=30)


def test_pipe_timeout_kills_the_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    code = (
        "import subprocess, time\n"
        f"p = subprocess.Popen(['sleep', '60']); open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()
    with pytest.raises(SubprocessError, match="timed out after 2 s"):
        pipe(_py(code), sink=lambda _d: None, timeout=2)
    assert time.monotonic() - started < 10
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the grandchild outlived the timeout"


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False
