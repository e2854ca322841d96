"""The pyttsx3 engine: many files in one run, none missing or swapped; text is never an option."""

from __future__ import annotations

import random
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import spearmanr

from podcast.errors import ConfigError, DependencyError, TTSError
from podcast.models import VoiceProfile
from podcast.tts import pyttsx3_engine
from podcast.tts.pyttsx3_engine import Pyttsx3Engine

# Trimmed seconds per word at the default 200 wpm for VOCAB sentences; measured 0.39-0.47.
BAND = (0.30, 0.55)
VOCAB_TEXT = (
    "stocks bonds yields rallied slipped traders investors earnings guidance banks energy "
    "technology shares index futures dollar euro yen crude oil gold copper inflation payrolls "
    "Treasury curve steepened flattened volume breadth sector rotation defensive cyclical "
    "utilities retailers semiconductors margins outlook forecast quarter session closed opened"
)
VOCAB = VOCAB_TEXT.split()


def profile(**kw: object) -> VoiceProfile:
    fields: dict = {"name": "espeak", "engine": "pyttsx3", "voice": "en-us", **kw}
    return VoiceProfile(**fields)


@pytest.fixture(scope="module")
def engine() -> Pyttsx3Engine:
    return Pyttsx3Engine(profile())


def sentences(n: int, seed: int) -> str:
    rnd = random.Random(seed)
    return " ".join(
        " ".join(rnd.choice(VOCAB) for _ in range(7)).capitalize() + "." for _ in range(n)
    )


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with cwd and the temp dir both in `tmp_path`, so stray files are easy to spot."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.mark.voice
def test_thirty_segments_in_one_run_none_missing_or_swapped(engine: Pyttsx3Engine) -> None:
    counts = list(range(1, 31))
    random.Random(7).shuffle(counts)
    texts = [sentences(n, seed=100 + n) for n in counts]
    assert len(set(texts)) == len(texts)
    words, durations = [], []
    for text in texts:
        speech = engine.synthesize(text)
        assert speech.sample_rate == 22050
        assert speech.samples.dtype == np.float32 and speech.samples.ndim == 1
        assert speech.samples.size > 0 and float(np.abs(speech.samples).max()) <= 1.0
        n = len(text.split())
        assert BAND[0] <= speech.duration_s / n <= BAND[1], (n, speech.duration_s)
        words.append(n)
        durations.append(speech.duration_s)
    rho = spearmanr(words, durations).statistic
    assert rho >= 0.99, rho


@pytest.mark.voice
@pytest.mark.parametrize(
    "text",
    [
        "--version of the market closed higher today.",
        "-w pwned.wav the market closed higher today.",
        "Stocks fell; $(touch pwned.wav) | cat `id` > pwned.wav && echo done.",
    ],
)
def test_option_and_shell_lookalikes_are_spoken(
    engine: Pyttsx3Engine, in_tmp: Path, text: str
) -> None:
    speech = engine.synthesize(text)
    assert speech.samples.size > 0
    assert speech.duration_s >= 0.15 * len(text.split())
    assert not list(in_tmp.rglob("pwned*")), list(in_tmp.rglob("*"))
    assert not (Path(tempfile.gettempdir()) / "pwned.wav").exists()


@pytest.mark.voice
def test_speed_changes_the_audio_and_gain_is_the_mixers() -> None:
    text = sentences(4, seed=1)
    base = Pyttsx3Engine(profile(speed=1.0)).synthesize(text)
    fast = Pyttsx3Engine(profile(speed=1.5)).synthesize(text)
    quiet = Pyttsx3Engine(profile(speed=1.0, gain_db=-12.0)).synthesize(text)
    assert fast.duration_s < 0.8 * base.duration_s
    # gain_db is applied by the mixer after levelling, so the engine's audio ignores it
    assert np.array_equal(quiet.samples, base.samples)


def test_describe_is_stable_and_follows_speed_and_voice() -> None:
    ident = Pyttsx3Engine.describe(profile())
    assert ident == Pyttsx3Engine.describe(profile())
    assert ident.startswith("pyttsx3/2.99/espeak-ng/")
    assert "/en-us/rate=200/" in ident
    assert "/rate=175/" in Pyttsx3Engine.describe(profile(speed=1.0))
    others = {
        Pyttsx3Engine.describe(profile(speed=1.2)),
        Pyttsx3Engine.describe(profile(voice="en-gb")),
    }
    assert ident not in others and len(others) == 2
    assert Pyttsx3Engine.describe(profile(gain_db=-3.0)) == ident  # gain does not change speech
    assert Pyttsx3Engine(profile()).identity() == ident


def test_voice_matches_by_id_tail_name_or_language() -> None:
    for voice in ("en-us", "gmw/en-us", "English (America)", "EN-US"):
        assert Pyttsx3Engine(profile(voice=voice))._voice_id == "gmw/en-us"


def test_unknown_voice_is_a_one_line_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        Pyttsx3Engine(profile(voice="klingon-x"))
    msg = str(err.value)
    assert "\n" not in msg and "klingon-x" in msg and "en-us" in msg


def test_missing_pyttsx3_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyttsx3", None)
    with pytest.raises(DependencyError, match="pip install pyttsx3"):
        Pyttsx3Engine(profile())


def _tone_wav(path: Path, seconds: float) -> None:
    n = int(seconds * 22050)
    pcm = (0.5 * np.sin(np.arange(n) * 0.05) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(pcm.tobytes())


def test_text_goes_on_stdin_and_a_bad_file_is_a_transient_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[str], bytes | None]] = []

    def fake_run(args: list[str], *, timeout: float, input_bytes: bytes | None = None) -> None:
        calls.append((list(args), input_bytes))
        if len(calls) == 2:  # the first child "forgets" its file, the next try writes it
            _tone_wav(Path(args[3]), 1.5)

    monkeypatch.setattr(pyttsx3_engine.subproc, "run", fake_run)
    text = "-w pwned.wav five words here"
    engine = Pyttsx3Engine(profile())
    with pytest.raises(TTSError, match="no file written") as err:
        engine.synthesize(text)  # one attempt: the TTS pool is the layer that retries
    assert err.value.transient and len(calls) == 1
    speech = engine.synthesize(text)  # the pool's next try
    assert speech.duration_s == pytest.approx(1.5, abs=0.2)
    assert len(calls) == 2 and calls[0][0][3] != calls[1][0][3]  # a fresh file per attempt
    for args, stdin in calls:
        assert stdin == text.encode()
        assert not any("pwned" in a for a in args)


def test_implausible_audio_is_a_tts_error_after_one_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def fake_run(args: list[str], *, timeout: float, input_bytes: bytes | None = None) -> None:
        calls.append(1)
        _tone_wav(Path(args[3]), 0.3)  # far too short for forty words: a swapped file

    monkeypatch.setattr(pyttsx3_engine.subproc, "run", fake_run)
    with pytest.raises(TTSError, match="implausible"):
        Pyttsx3Engine(profile()).synthesize(" ".join(["word"] * 40))
    assert calls == [1]


@pytest.mark.voice
@pytest.mark.parametrize("rate", [175, 260])
def test_child_writes_every_buffer_same_as_espeak_ng_itself(tmp_path: Path, rate: int) -> None:
    """pyttsx3's asynchronous save dropped the last buffers now and then under load; the child's
    synchronous run must give exactly what the espeak-ng program writes for the same settings."""
    import subprocess

    text = sentences(3, seed=rate)
    ours, theirs = tmp_path / "child.wav", tmp_path / "cli.wav"
    child = [sys.executable, "-m", "podcast.tts.pyttsx3_child", str(ours), "", str(rate)]
    subprocess.run(child, input=text.encode(), check=True, timeout=60)
    cli = ["espeak-ng", "-s", str(rate), "-w", str(theirs), "--stdin"]
    subprocess.run(cli, input=text.encode(), check=True, timeout=60)
    with wave.open(str(ours), "rb") as a, wave.open(str(theirs), "rb") as b:
        assert a.getparams()[:3] == b.getparams()[:3] == (1, 2, 22050)
        assert a.getnframes() > 22050
        assert a.readframes(a.getnframes()) == b.readframes(b.getnframes())
