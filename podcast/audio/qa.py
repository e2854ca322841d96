"""The QA gate, without decoding the MP3 again: loudness and true peak as mastering measured the
samples it streams to the encoder, length and silences from the PCM the encoder is fed (a tap on
its pipe), and a cheap check of the written file from its headers (audio/mp3file.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from mutagen import MutagenError
from mutagen.id3 import ID3, ID3NoHeaderError

from podcast.audio.export import MP3_SAMPLE_RATE, encoder_overshoot_db, lame_level_loss_db
from podcast.audio.mp3file import Mp3Facts, read_mp3
from podcast.errors import QAError

SILENCE_DB = -50.0  # a 50 ms window whose RMS is below this (dBFS) is silent
WINDOW_S = 0.05  # silence is judged on windows this long ...
HOP_S = 0.01  # ... that start this far apart (the resolution of the silence's length)
MIN_SEGMENT_S = 0.05  # a rendered segment shorter than this is empty
LENGTH_SLACK_FRAMES = 2  # the file may play this many MP3 frames more or less than was streamed
SIZE_SLACK = 0.01  # the audio's bytes may differ this much (relative) from bitrate × length


@dataclass(frozen=True)
class Check:
    """One measured property against its limit; `detail` says what failed and by how much."""

    name: str
    ok: bool
    measured: str
    limit: str
    detail: str = ""


@dataclass(frozen=True)
class QAReport:
    """Every check of one episode, with the measurements they were made from."""

    checks: tuple[Check, ...]
    lufs: float  # integrated loudness of the samples streamed to the encoder, at the MP3's level
    true_peak_db: float  # the MP3's true peak at most: measured before encoding + the allowance
    duration_s: float  # what the MP3 plays, from its LAME tag and frame count
    longest_silence_s: float

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


@dataclass(frozen=True)
class StreamMeasures:
    """What was measured of the mastered samples on their way into the encoder."""

    sample_rate: int
    samples: int  # samples streamed to the encoder
    lufs: float  # integrated loudness (LUFS), at the level the MP3 plays at
    true_peak_db: float  # true peak (dBTP) of the samples before the encoder's level makeup
    longest_silence_s: float
    silence_at_s: float

    @property
    def duration_s(self) -> float:
        return self.samples / self.sample_rate


def inspect(
    mp3: Path,
    stream: StreamMeasures,
    *,
    bitrate_kbps: int,
    title: str | None = None,
    expected_segments: int,
    rendered_segments: int,
    segment_durations_s: Sequence[float],
    min_duration_s: float,
    max_duration_s: float,
    target_lufs: float = -16.0,
    lufs_tolerance: float = 0.5,
    max_true_peak_db: float = -1.0,
    max_silence_s: float = 3.0,
) -> QAReport:
    """Check the episode: `stream` as measured on its way into the encoder, `mp3` from its
    headers (no audio decoded). Failed checks go in the report (see `gate`); only a missing file,
    or one with no MP3 frame where its audio should start, raises QAError here.

    The MP3's true peak is the measured pre-encode true peak plus what the encoder adds: LAME's
    level makeup (export) and its inter-sample overshoot (a measured allowance per bitrate)."""
    facts = _read(mp3)
    duration_s = facts.duration_s  # what a gapless player plays, to the sample
    true_peak_db = stream.true_peak_db + mp3_peak_allowance_db(bitrate_kbps)
    checks = (
        _duration(duration_s, min_duration_s, max_duration_s),
        _loudness(stream.lufs, target_lufs, lufs_tolerance),
        _true_peak(true_peak_db, max_true_peak_db),
        _silence(stream.longest_silence_s, stream.silence_at_s, max_silence_s),
        _segments(expected_segments, rendered_segments, segment_durations_s),
        _decode(facts.corrupt),
        _file(mp3, facts, stream, bitrate_kbps, title),
    )
    return QAReport(
        checks=checks,
        lufs=stream.lufs,
        true_peak_db=true_peak_db,
        duration_s=duration_s,
        longest_silence_s=stream.longest_silence_s,
    )


def gate(report: QAReport) -> None:
    """Raise QAError naming every failed check (measured, limit, by how much) on one line."""
    if not report.ok:
        raise QAError("QA gate refused the episode: " + "; ".join(c.detail for c in report.failed))


def mp3_peak_allowance_db(bitrate_kbps: int) -> float:
    """dB between the mastered samples' true peak and the MP3's: the level makeup export adds
    before LAME, and LAME's inter-sample overshoot at `bitrate_kbps`."""
    return lame_level_loss_db(bitrate_kbps) + encoder_overshoot_db(bitrate_kbps)


def _read(mp3: Path) -> Mp3Facts:
    """The written file's frame layout; QAError if it is missing or holds no MP3 audio."""
    if not mp3.is_file():
        raise QAError(f"episode audio {mp3} does not exist; the export step did not write it")
    try:
        facts = read_mp3(mp3)
    except OSError as exc:
        raise QAError(f"could not read the audio of {mp3}: {exc.strerror or exc}") from None
    if facts is None:
        raise QAError(f"could not read the audio of {mp3}; is it an MP3 file?")
    return facts


class EncoderTap:
    """The 16-bit PCM on its way into the encoder (export.encode_mp3's `listen`), fed in byte
    chunks of any size: counts the samples and finds the longest silence. `level_db` is how much
    louder that PCM is than the MP3 will play (LAME's level makeup), so silence is judged at the
    listener's level."""

    def __init__(self, sample_rate: int, level_db: float = 0.0) -> None:
        self.scan = _SilenceScan(sample_rate, level_db)

    def feed(self, data: bytes) -> None:
        self.scan.feed(data)

    def measures(self, *, lufs: float, true_peak_db: float) -> StreamMeasures:
        """What QA needs, with mastering's loudness and true peak of these same samples."""
        longest, at = self.scan.longest()
        return StreamMeasures(
            sample_rate=self.scan.sample_rate,
            samples=self.scan.samples,
            lufs=lufs,
            true_peak_db=true_peak_db,
            longest_silence_s=longest,
            silence_at_s=at,
        )


class _SilenceScan:
    """Energy per 10 ms hop of 16-bit PCM fed in byte chunks of any size."""

    def __init__(self, sample_rate: int, level_db: float = 0.0) -> None:
        self.sample_rate = sample_rate
        self.level_db = level_db
        self.hop = max(1, round(HOP_S * sample_rate))
        self.held = b""
        self.energy: list[np.ndarray] = []
        self.bytes = 0

    @property
    def samples(self) -> int:
        return self.bytes // 2

    def feed(self, data: bytes) -> None:
        self.bytes += len(data)
        data = self.held + data
        usable = len(data) // (2 * self.hop) * (2 * self.hop)
        self.held = data[usable:]
        if usable:
            pcm = np.frombuffer(data[:usable], dtype="<i2")
            self.energy.append(_hop_energy(pcm, self.hop))

    def longest(self) -> tuple[float, float]:
        """Length and start (s) of the longest silence (a last partial hop does not count)."""
        energy = np.concatenate(self.energy) if self.energy else np.zeros(0)
        return _silence_runs(energy, self.hop, self.sample_rate, self.level_db)


def _hop_energy(pcm: np.ndarray, hop: int) -> np.ndarray:
    """Sum of squares of each whole `hop` of `pcm` (float64)."""
    n_hops = len(pcm) // hop
    frames = pcm[: n_hops * hop].reshape(n_hops, hop)
    energy = np.empty(n_hops, dtype=np.float64)
    for i in range(0, n_hops, 4096):  # in chunks: a float copy of a long buffer is large
        chunk = frames[i : i + 4096].astype(np.float32)
        energy[i : i + 4096] = np.einsum("ij,ij->i", chunk, chunk)
    return energy


def _longest_silence(pcm: np.ndarray, sample_rate: int) -> tuple[float, float]:
    """Length and start (s) of the longest run of 50 ms windows (10 ms apart) below SILENCE_DB."""
    hop = max(1, round(HOP_S * sample_rate))
    return _silence_runs(_hop_energy(pcm, hop), hop, sample_rate)


def _silence_runs(
    energy: np.ndarray, hop: int, sample_rate: int, level_db: float = 0.0
) -> tuple[float, float]:
    """The longest run of 50 ms windows (10 ms hops, energies given) below SILENCE_DB (raised by
    `level_db` when the PCM is that much louder than it will play)."""
    per = max(1, round(WINDOW_S / HOP_S))
    n_hops = len(energy)
    if n_hops < per:
        return 0.0, 0.0
    c = np.concatenate(([0.0], np.cumsum(energy, dtype=np.float64)))
    mean_square = (c[per:] - c[:-per]) / (per * hop * 32768.0**2)
    quiet = mean_square < 10.0 ** ((SILENCE_DB + level_db) / 10.0)
    silent = np.concatenate(([False], quiet, [False]))
    edges = np.flatnonzero(np.diff(silent.astype(np.int8)))
    if len(edges) == 0:
        return 0.0, 0.0
    starts, stops = edges[::2], edges[1::2]  # windows [start, stop) are silent
    i = int(np.argmax(stops - starts))
    length = (int(stops[i] - starts[i]) + per - 1) * hop / sample_rate
    return length, int(starts[i]) * hop / sample_rate


def _duration(value: float, lo: float, hi: float) -> Check:
    measured, limit = f"{value:.1f} s", f"{lo:.1f}–{hi:.1f} s"
    if lo <= value <= hi:
        return Check("duration", True, measured, limit)
    by = f"{_amount(lo - value)} s short" if value < lo else f"{_amount(value - hi)} s too long"
    return Check(
        "duration", False, measured, limit, f"duration {measured} is outside {limit} ({by})"
    )


def _loudness(lufs: float, target: float, tolerance: float) -> Check:
    measured, limit = f"{lufs:.1f} LUFS", f"{target:.1f} ± {tolerance:.1f} LUFS"
    off = abs(lufs - target) - tolerance
    if off <= 1e-9:
        return Check("loudness", True, measured, limit)
    detail = f"loudness {measured} is outside {limit} (off by {_amount(off)} LU)"
    return Check("loudness", False, measured, limit, detail)


def _true_peak(peak_db: float, ceiling_db: float) -> Check:
    measured, limit = f"{peak_db:.1f} dBTP", f"≤ {ceiling_db:.1f} dBTP"
    if peak_db <= ceiling_db + 1e-9:
        return Check("true peak", True, measured, limit)
    over = _amount(peak_db - ceiling_db)
    detail = f"true peak {measured} is above {ceiling_db:.1f} dBTP (over by {over} dB)"
    return Check("true peak", False, measured, limit, detail)


def _silence(length: float, at: float, max_s: float) -> Check:
    measured, limit = f"{length:.1f} s", f"≤ {max_s:.1f} s"
    if length <= max_s:
        return Check("silence", True, measured, limit)
    detail = (
        f"longest silence {measured} (at {_clock(at)}) is longer than {max_s:.1f} s "
        f"(over by {_amount(length - max_s)} s)"
    )
    return Check("silence", False, f"{measured} at {_clock(at)}", limit, detail)


def _segments(expected: int, rendered: int, durations: Sequence[float]) -> Check:
    measured = f"{rendered} of {expected} rendered"
    limit = f"{expected} rendered, each longer than {MIN_SEGMENT_S} s"
    short = [(i, d) for i, d in enumerate(durations, 1) if not d > MIN_SEGMENT_S]
    problems: list[str] = []
    if rendered != expected:
        diff = expected - rendered
        problems.append(
            f"{rendered} of {expected} rendered ({diff} missing)"
            if diff > 0
            else f"{rendered} rendered but the script has {expected} ({-diff} extra)"
        )
    if short:
        listed = ", ".join(f"#{i} {d:.2f} s" for i, d in short[:5])
        more = f" and {len(short) - 5} more" if len(short) > 5 else ""
        problems.append(f"{len(short)} shorter than {MIN_SEGMENT_S} s ({listed}{more})")
    if not problems:
        return Check("segments", True, measured, limit)
    return Check("segments", False, measured, limit, "segments: " + ", ".join(problems))


def _decode(corrupt: int) -> Check:
    """Frames a player could not decode: stretches with no valid frame header, a cut-off end."""
    measured = f"{corrupt} corrupt frames"
    if corrupt == 0:
        return Check("decode", True, measured, "0 corrupt frames")
    detail = f"decode: the frame scan found {corrupt} corrupt frames (limit 0); re-export the MP3"
    return Check("decode", False, measured, "0 corrupt frames", detail)


def _file(
    mp3: Path, f: Mp3Facts, stream: StreamMeasures, bitrate_kbps: int, title: str | None
) -> Check:
    """The written file against what was streamed into the encoder: format, length, size, tag."""
    expected = round(stream.samples * MP3_SAMPLE_RATE / stream.sample_rate)
    slack = LENGTH_SLACK_FRAMES * f.samples_per_frame
    problems: list[str] = []
    if (f.sample_rate, f.channels) != (MP3_SAMPLE_RATE, 1):
        problems.append(f"{f.sample_rate} Hz with {f.channels} channels, not 44100 Hz mono")
    if f.bitrates_kbps != {bitrate_kbps}:
        seen = "/".join(str(b) for b in sorted(f.bitrates_kbps))
        problems.append(f"{seen} kb/s, not a constant {bitrate_kbps} kb/s")
    if abs(f.playable_samples - expected) > slack:
        problems.append(
            f"plays {_clock(f.duration_s)} ({f.playable_samples} samples) but "
            f"{_clock(expected / MP3_SAMPLE_RATE)} ({expected}) were encoded"
        )
    if f.info_frames is not None and f.info_frames != f.frames:
        problems.append(f"{f.frames} frames but its Info header declares {f.info_frames}")
    if f.music_crc is None:
        problems.append("no LAME tag (encoder delay, padding and checksum)")
    elif f.audio_crc != f.music_crc:
        problems.append(
            f"its audio fails the LAME tag's checksum (CRC {f.audio_crc or 0:#06x}, "
            f"written {f.music_crc:#06x})"
        )
    nominal = bitrate_kbps * 125 * (f.frames + 1) * f.samples_per_frame / f.sample_rate
    if f.size != f.id3_size + f.audio_bytes or abs(f.audio_bytes - nominal) > SIZE_SLACK * nominal:
        problems.append(
            f"{f.size} bytes, not the {f.id3_size} of its tag and {round(nominal)} of audio"
        )
    problems += _tag_problems(mp3, title)
    measured = f"{_clock(f.duration_s)}, {f.size} bytes"
    limit = f"{bitrate_kbps} kb/s 44100 Hz mono, tagged, {_clock(expected / MP3_SAMPLE_RATE)}"
    if not problems:
        return Check("file", True, measured, limit)
    return Check("file", False, measured, limit, f"file {mp3.name}: " + ", ".join(problems))


def _tag_problems(mp3: Path, title: str | None) -> list[str]:
    """What is wrong with the ID3 tag: none at all, or a title other than `title`."""
    try:
        found = ID3(mp3).getall("TIT2")
    except ID3NoHeaderError:
        return ["no ID3 tag"]
    except (MutagenError, OSError) as exc:
        return [f"an unreadable ID3 tag ({exc})"]
    text = str(found[0].text[0]) if found and found[0].text else ""
    if not text:
        return ["no title in its ID3 tag"]
    if title is not None and text != title:
        return [f"ID3 title {text!r}, not {title!r}"]
    return []


def _amount(x: float) -> str:
    """A positive difference with one decimal, or two when one would round it to 0.0."""
    return f"{x:.1f}" if x >= 0.05 or not math.isfinite(x) else f"{x:.2f}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds, 1), 60.0)
    return f"{int(minutes)}:{secs:04.1f}"
