"""Original show music synthesised in numpy (pads, bass, plucks, bells): no recordings, no
randomness beyond a fixed seed, so the same sample rate always gives the same samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from podcast.config import ShowConfig
from podcast.errors import ConfigError
from podcast.util import subproc

PEAK_DBFS = -6.0
TEMPO_BPM = 112.0
_BEAT_S = 60.0 / TEMPO_BPM
_SEED = 20240611

# Chords as semitone offsets from A4 (440 Hz); key of D major.
_D = (-7, -3, 0)  # D4 F#4 A4
_BM = (-10, -7, -3)  # B3 D4 F#4
_G = (-14, -10, -7)  # G3 B3 D4 (voiced low for warmth)
_A = (-12, -8, -5)  # A3 C#4 E4
_ROOTS = {_D: -31, _BM: -34, _G: -26, _A: -24}  # bass notes: D2, B1, G2, A2


def intro_sting(sample_rate: int) -> np.ndarray:
    """About 8.6 s: D–Bm–G–A–D with pads, bass and a plucked arpeggio, fading over ~2.6 s."""
    bar = 4 * _BEAT_S
    chords = [(_D, 0.0, bar), (_BM, bar, bar), (_G, 2 * bar, bar * 0.5), (_A, 2.5 * bar, bar * 0.5)]
    total = 3 * bar + 2.2
    out = _silence(total, sample_rate)
    for chord, start, dur in chords:
        _add(out, _pad(chord, dur + 0.35, sample_rate), start, sample_rate)
        _add(out, _bass(_ROOTS[chord], dur + 0.2, sample_rate), start, sample_rate)
    final_start = 3 * bar
    _add(out, _pad(_D, total - final_start, sample_rate), final_start, sample_rate)
    _add(out, _bass(_ROOTS[_D], total - final_start, sample_rate), final_start, sample_rate)
    pattern = (0, 1, 2, 1, 3, 2, 1, 2)
    for chord, start, dur in chords:
        steps = round(dur / (_BEAT_S / 2))
        for i in range(steps):
            note = _arp_note(chord, pattern[i % len(pattern)])
            _add(out, _pluck(note, 0.9, sample_rate), start + i * _BEAT_S / 2, sample_rate)
    for k, semis in enumerate((5, 9, 12)):  # closing bell: D5 F#5 A5 rolled
        _add(out, _bell(semis, 2.0, sample_rate) * 0.8, final_start + 0.06 * k, sample_rate)
    return _finish(out, sample_rate, fade_in_s=0.01, fade_out_s=2.6)


def outro_bed(sample_rate: int) -> np.ndarray:
    """About 6 s: G – A – D under the sign-off with a sparse motif, ringing out over ~2.4 s."""
    bar = 4 * _BEAT_S
    total = 1.5 * bar + 2.8
    out = _silence(total, sample_rate)
    chords = [(_G, 0.0, bar * 0.75), (_A, bar * 0.75, bar * 0.75)]
    for chord, start, dur in chords:
        _add(out, _pad(chord, dur + 0.35, sample_rate), start, sample_rate)
        _add(out, _bass(_ROOTS[chord], dur + 0.2, sample_rate), start, sample_rate)
        for i, idx in enumerate((0, 2, 1)):
            note = _arp_note(chord, idx)
            _add(out, _pluck(note, 0.9, sample_rate) * 0.8, start + i * _BEAT_S, sample_rate)
    end_start = 1.5 * bar
    _add(out, _pad(_D, total - end_start, sample_rate), end_start, sample_rate)
    _add(out, _bass(_ROOTS[_D], total - end_start, sample_rate), end_start, sample_rate)
    for k, semis in enumerate((0, 5, 9)):
        _add(out, _bell(semis, 2.5, sample_rate) * 0.7, end_start + 0.08 * k, sample_rate)
    return _finish(out, sample_rate, fade_in_s=0.4, fade_out_s=2.4)


def transition(sample_rate: int) -> np.ndarray:
    """About 1.1 s: a two-note bell chime (a rising fifth) for section changes."""
    out = _silence(1.1, sample_rate)
    _add(out, _bell(5, 1.0, sample_rate), 0.0, sample_rate)
    _add(out, _bell(12, 0.9, sample_rate), 0.14, sample_rate)
    return _finish(out, sample_rate, fade_in_s=0.002, fade_out_s=0.35)


def _freq(semitones_from_a4: float) -> float:
    return float(440.0 * 2.0 ** (semitones_from_a4 / 12.0))


def _arp_note(chord: tuple[int, int, int], index: int) -> int:
    """Chord tones an octave up; index 3 is the root two octaves up."""
    tones = sorted(chord)
    return tones[index] + 12 if index < 3 else tones[0] + 24


def _silence(seconds: float, sample_rate: int) -> np.ndarray:
    return np.zeros(round(seconds * sample_rate), dtype=np.float64)


def _add(out: np.ndarray, sound: np.ndarray, start_s: float, sample_rate: int) -> None:
    i = round(start_s * sample_rate)
    if i >= len(out):
        return
    n = min(len(sound), len(out) - i)
    out[i : i + n] += sound[:n]


def _time(seconds: float, sample_rate: int) -> np.ndarray:
    return np.arange(round(seconds * sample_rate), dtype=np.float64) / sample_rate


def _pad(chord: tuple[int, ...], seconds: float, sample_rate: int) -> np.ndarray:
    """Soft pad: each note as three detuned sines plus a faint octave, slow attack and release."""
    t = _time(seconds, sample_rate)
    wave = np.zeros_like(t)
    for n, semis in enumerate(chord):
        f = _freq(semis)
        for d, cents in enumerate((-7.0, 0.0, 6.0)):
            fd = f * 2.0 ** (cents / 1200.0)
            phase = 0.7 * n + 1.3 * d
            wave += np.sin(2 * np.pi * fd * t + phase)
        wave += 0.18 * np.sin(2 * np.pi * 2 * f * t + 0.4 * n)
    tremolo = 1.0 + 0.06 * np.sin(2 * np.pi * 0.9 * t)
    return 0.045 * wave * tremolo * _envelope(len(t), sample_rate, attack_s=0.45, release_s=0.4)


def _bass(semis: int, seconds: float, sample_rate: int) -> np.ndarray:
    """Round bass: a sine with a touch of second and third harmonic, plucked then sustained."""
    t = _time(seconds, sample_rate)
    f = _freq(semis)
    wave = (
        np.sin(2 * np.pi * f * t)
        + 0.25 * np.sin(4 * np.pi * f * t)
        + 0.08 * np.sin(6 * np.pi * f * t)
    )
    body = 0.55 + 0.45 * np.exp(-t * 2.5)
    return 0.22 * wave * body * _envelope(len(t), sample_rate, attack_s=0.015, release_s=0.25)


def _pluck(semis: int, seconds: float, sample_rate: int) -> np.ndarray:
    """Plucked string: harmonics whose exponential decay is faster the higher they are."""
    t = _time(seconds, sample_rate)
    f = _freq(semis)
    wave = np.zeros_like(t)
    for k in range(1, 7):
        if k * f > sample_rate / 2.2:
            break
        wave += (1.0 / k**1.6) * np.sin(2 * np.pi * k * f * t) * np.exp(-t * (3.5 + 2.2 * k))
    return 0.16 * wave * _envelope(len(t), sample_rate, attack_s=0.003, release_s=0.05)


def _bell(semis: int, seconds: float, sample_rate: int) -> np.ndarray:
    """Soft bell: a few inharmonic partials with long, staggered decays."""
    t = _time(seconds, sample_rate)
    f = _freq(semis)
    wave = np.zeros_like(t)
    partials = ((1.0, 1.0, 2.2), (2.0, 0.35, 3.5), (2.76, 0.18, 5.0), (5.4, 0.06, 8.0))
    for ratio, amp, decay in partials:
        if ratio * f < sample_rate / 2.2:
            wave += amp * np.sin(2 * np.pi * ratio * f * t) * np.exp(-t * decay)
    return 0.12 * wave * _envelope(len(t), sample_rate, attack_s=0.004, release_s=0.08)


def _envelope(n: int, sample_rate: int, *, attack_s: float, release_s: float) -> np.ndarray:
    """Raised-cosine attack and release over `n` samples."""
    env = np.ones(n, dtype=np.float64)
    a = min(n // 2, max(1, round(attack_s * sample_rate)))
    r = min(n - a, max(1, round(release_s * sample_rate)))
    env[:a] = 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    if r > 0:
        env[n - r :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, r + 1) / r)
    return env


def _room(x: np.ndarray, sample_rate: int) -> np.ndarray:
    """A small, seeded room: exponentially decaying, low-passed noise as an impulse response."""
    from scipy.signal import fftconvolve, lfilter  # slow to import: only when music is made

    rng = np.random.default_rng(_SEED)
    t = _time(1.1, sample_rate)
    ir = rng.standard_normal(len(t)) * np.exp(-t * 5.0)
    pole = float(np.exp(-2 * np.pi * 3500.0 / sample_rate))
    ir = lfilter([1.0 - pole], [1.0, -pole], ir)
    ir[: round(0.012 * sample_rate)] = 0.0  # pre-delay
    wet = fftconvolve(x, ir)[: len(x)]
    wet *= np.sqrt(np.sum(x**2) / max(np.sum(wet**2), 1e-20))
    return np.asarray(0.82 * x + 0.3 * wet)


def _finish(x: np.ndarray, sample_rate: int, *, fade_in_s: float, fade_out_s: float) -> np.ndarray:
    """Add the room, fade the ends, and scale the peak to PEAK_DBFS; mono float32."""
    x = _room(x, sample_rate)
    n = len(x)
    fi = max(1, round(fade_in_s * sample_rate))
    fo = max(1, round(fade_out_s * sample_rate))
    x[:fi] *= np.sin(0.5 * np.pi * np.arange(fi) / fi) ** 2
    x[n - fo :] *= np.cos(0.5 * np.pi * np.arange(1, fo + 1) / fo) ** 2
    peak = float(np.max(np.abs(x)))
    if peak > 0:
        x *= 10.0 ** (PEAK_DBFS / 20.0) / peak
    return x.astype(np.float32)


def load_music(path: Path, sample_rate: int, *, max_s: float = 30.0) -> np.ndarray:
    """A show's own music file (any format ffmpeg reads) as mono float32 at `sample_rate`."""
    if not path.is_file():
        raise ConfigError(f"music file {path} does not exist; fix [audio] in the show file")
    proc = subproc.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-nostdin",
            "-i",
            str(path),
            "-t",
            str(max_s),
            "-ac",
            "1",
            "-ar",
            str(sample_rate),
            "-f",
            "f32le",
            "-",
        ],
        timeout=60,
    )
    samples = np.frombuffer(proc.stdout, dtype="<f4").astype(np.float32)
    if samples.size < sample_rate:
        raise ConfigError(f"music file {path} is shorter than a second or not audio")
    peak = float(np.max(np.abs(samples)))
    return samples * (10 ** (PEAK_DBFS / 20) / peak) if peak > 0 else samples


def intro(show: ShowConfig, sample_rate: int) -> np.ndarray:
    """The show's intro file when configured, else the generated sting."""
    if show.intro_music is not None:
        return load_music(show.intro_music, sample_rate)
    return intro_sting(sample_rate)


def outro(show: ShowConfig, sample_rate: int) -> np.ndarray:
    """The show's outro file when configured, else the generated bed."""
    if show.outro_music is not None:
        return load_music(show.outro_music, sample_rate)
    return outro_bed(sample_rate)
