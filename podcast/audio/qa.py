"""The QA gate: one ffmpeg pass over the final MP3 gives loudness, true peak, length and silence
(the decoded PCM is read in chunks, so memory does not grow with the episode)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from mutagen import MutagenError
from mutagen.mp3 import MP3

from podcast.audio.ebur128 import parse_summary
from podcast.errors import QAError, SubprocessError
from podcast.util.subproc import pipe

SILENCE_DB = -50.0  # a 50 ms window whose RMS is below this (dBFS) is silent
WINDOW_S = 0.05  # silence is judged on windows this long ...
HOP_S = 0.01  # ... that start this far apart (the resolution of the silence's length)
MIN_SEGMENT_S = 0.05  # a rendered segment shorter than this is empty


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
    lufs: float
    true_peak_db: float
    duration_s: float
    longest_silence_s: float

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


def inspect(
    mp3: Path,
    *,
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
    """Measure the final `mp3` in one decode and check it. Failed checks go in the report (see
    `gate`); only a missing or undecodable file raises QAError here."""
    m = _measure(mp3)
    checks = (
        _duration(m.duration_s, min_duration_s, max_duration_s),
        _loudness(m.lufs, target_lufs, lufs_tolerance),
        _true_peak(m.true_peak_db, max_true_peak_db),
        _silence(m.longest_silence_s, m.silence_at_s, max_silence_s),
        _segments(expected_segments, rendered_segments, segment_durations_s),
        _decode(m.decode_errors),
    )
    return QAReport(
        checks=checks,
        lufs=m.lufs,
        true_peak_db=m.true_peak_db,
        duration_s=m.duration_s,
        longest_silence_s=m.longest_silence_s,
    )


def gate(report: QAReport) -> None:
    """Raise QAError naming every failed check (measured, limit, by how much) on one line."""
    if not report.ok:
        raise QAError("QA gate refused the episode: " + "; ".join(c.detail for c in report.failed))


@dataclass(frozen=True)
class _Measured:
    lufs: float
    true_peak_db: float
    duration_s: float
    longest_silence_s: float
    silence_at_s: float
    decode_errors: int


def _measure(mp3: Path) -> _Measured:
    """Decode once: ebur128 reads loudness and true peak, and passes 16-bit mono PCM on to us in
    chunks (the silence check keeps one energy per 10 ms hop, never the decoded episode)."""
    if not mp3.is_file():
        raise QAError(f"episode audio {mp3} does not exist; the export step did not write it")
    sample_rate = _sample_rate(mp3)
    silence = _SilenceScan(sample_rate)
    chain = "ebur128=peak=true:framelog=verbose,aformat=sample_fmts=s16:channel_layouts=mono"
    try:
        stderr = pipe(
            ["ffmpeg", "-hide_banner", "-nostats", "-i", str(mp3), "-map", "0:a:0", "-vn",
             "-af", chain, "-f", "s16le", "pipe:1"],
            sink=silence.feed,
            timeout=600,
        )  # fmt: skip
    except SubprocessError as exc:
        raise QAError(f"cannot decode {mp3} for QA: {exc}") from None
    log = stderr.decode("utf-8", "replace")
    loudness = parse_summary(log)
    rate = re.search(r"Output #0.*?Audio: pcm_s16le, (\d+) Hz", log, re.DOTALL)
    if loudness is None or rate is None:
        raise QAError(f"could not read the loudness of {mp3}; is it an audio file?")
    if int(rate.group(1)) != sample_rate:
        raise QAError(f"{mp3} decoded at {rate.group(1)} Hz, not the {sample_rate} Hz it declares")
    longest, at = silence.longest()
    return _Measured(
        lufs=loudness.lufs,
        true_peak_db=loudness.true_peak_db,
        duration_s=silence.samples / sample_rate,
        longest_silence_s=longest,
        silence_at_s=at,
        decode_errors=len(re.findall(r"Error while decoding|Decoding error", log)),
    )


def _sample_rate(mp3: Path) -> int:
    """The MP3's sample rate from its first frame header (what ffmpeg will decode it at)."""
    try:
        info = MP3(mp3).info
        rate = int(info.sample_rate) if info is not None else 0
    except (MutagenError, OSError, ValueError) as exc:
        raise QAError(f"could not read the audio of {mp3}; is it an MP3 file? ({exc})") from None
    if rate <= 0:
        raise QAError(f"could not read the loudness of {mp3}; is it an audio file?")
    return rate


class _SilenceScan:
    """Energy per 10 ms hop of 16-bit PCM fed in byte chunks of any size."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
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
        return _silence_runs(energy, self.hop, self.sample_rate)


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


def _silence_runs(energy: np.ndarray, hop: int, sample_rate: int) -> tuple[float, float]:
    """The longest run of 50 ms windows (10 ms hops, energies given) below SILENCE_DB."""
    per = max(1, round(WINDOW_S / HOP_S))
    n_hops = len(energy)
    if n_hops < per:
        return 0.0, 0.0
    c = np.concatenate(([0.0], np.cumsum(energy, dtype=np.float64)))
    mean_square = (c[per:] - c[:-per]) / (per * hop * 32768.0**2)
    silent = np.concatenate(([False], mean_square < 10.0 ** (SILENCE_DB / 10.0), [False]))
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


def _decode(errors: int) -> Check:
    measured = f"{errors} decode errors"
    if errors == 0:
        return Check("decode", True, measured, "0 decode errors")
    detail = f"decode: ffmpeg reported {errors} corrupt frames (limit 0); re-export the MP3"
    return Check("decode", False, measured, "0 decode errors", detail)


def _amount(x: float) -> str:
    """A positive difference with one decimal, or two when one would round it to 0.0."""
    return f"{x:.1f}" if x >= 0.05 or not math.isfinite(x) else f"{x:.2f}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds, 1), 60.0)
    return f"{int(minutes)}:{secs:04.1f}"
