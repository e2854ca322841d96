"""Encode the mastered episode as a byte-reproducible CBR MP3 and tag it (ID3v2.4 with chapters)."""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TDRC,
    TIT2,
    TPE1,
    TRCK,
    CTOCFlags,
    ID3TimeStamp,
)

from podcast.audio.stream import ArraySource, chunks
from podcast.errors import AudioError, PodcastError, classify
from podcast.models import Chapter
from podcast.util import wav
from podcast.util.atomic import atomic_path
from podcast.util.subproc import pipe

MP3_SAMPLE_RATE = 44100
# LAME's CBR modes decode quieter than their input by a steady amount (measured here with ffmpeg's
# libmp3lame on speech, music and tones at several levels): kb/s -> dB added back before encoding,
# so the MP3 measures at the loudness it was mastered to.
LAME_LEVEL_LOSS_DB = {0: 0.46, 192: 0.28, 224: 0.2, 256: 0.02}
# How far the MP3's true peak can rise above its input's (kb/s -> dB): LAME's quantisation adds
# inter-sample overs. Measured here with ffmpeg's ebur128 on speech (the seed episode: 0.95 dB at
# 96 kb/s), music, noise bursts and clicks at 64-320 kb/s, with a little room above the largest;
# a full-scale square wave (a pathological case) can reach 1.4 dB at 64-96 kb/s. QA adds this to
# the measured pre-encode true peak (audio/qa.py); tests/test_qa_stream.py checks it holds.
ENCODER_OVERSHOOT_DB = {0: 1.2, 128: 0.8, 192: 0.5}
_NO_OFFSET = 0xFFFFFFFF  # CHAP: "byte offsets not given"
# The lighter rendition beside the MP3 (podcast:alternateEnclosure): Opus in Ogg, speech-tuned
# ("voip" favours intelligibility), constrained VBR so the size follows the bitrate. Measured on a
# 9:15 voiced episode (its PCM, from the MP3): 24 kb/s constrained gave 1.65 MB against the MP3's
# 6.72 MB (4.1x smaller); plain VBR at 24 kb/s overshot to 35 kb/s (2.7x, too near the 2.5x
# floor) and 20 kb/s narrows the band for little gain. Opus runs at 48 kHz; ffmpeg resamples.
OPUS_BITRATE_KBPS = 24
# Measured on the demo episode (9:00, 2 cores): libopus at its default complexity 10 and 48 kHz
# took 9.4 CPU-s, three times the MP3's 3.3 s; complexity 3 from 24 kHz input takes 3.6 s for a
# file 2 % smaller. At 24 kb/s the encoder keeps speech under 12 kHz either way (super-wideband),
# so the 48 kHz resampling bought nothing.
OPUS_INPUT_RATE = 24000
OPUS_COMPLEXITY = 3


@dataclass(frozen=True)
class Tags:
    """What goes into the MP3's ID3v2.4 tag."""

    title: str
    artist: str
    album: str
    date: dt.date
    track: int | None = None
    description: str = ""
    cover: bytes | None = None
    cover_mime: str = "image/jpeg"
    chapters: Sequence[Chapter] = ()
    duration_s: float = 0.0


def export_mp3(
    samples: np.ndarray,
    sample_rate: int,
    target: Path,
    *,
    bitrate_kbps: int = 96,
    tags: Tags,
) -> None:
    """`encode_mp3` of an array in memory (tests and short clips)."""
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"export expects mono samples, got shape {x.shape}")
    encode_mp3(chunks(ArraySource(x)), sample_rate, target, bitrate_kbps=bitrate_kbps, tags=tags)


def encode_mp3(
    blocks: Iterable[np.ndarray],
    sample_rate: int,
    target: Path,
    *,
    bitrate_kbps: int = 96,
    tags: Tags,
    listen: Callable[[bytes], None] | None = None,
    opus: Path | None = None,
) -> None:
    """Write `blocks` (mono float, in order) to `target` as a tagged 44.1 kHz mono CBR MP3,
    atomically, streaming 16-bit PCM into ffmpeg's stdin: no WAV file, no whole-episode array.
    `listen` is given each chunk of that PCM as it goes to the encoder (QA measures it there).
    With `opus`, the same PCM also goes to a second ffmpeg that writes the lighter Opus rendition
    there (`opus_args`, `SecondEncoder`): one read of the mastered stream feeds both encoders,
    which run side by side, and the MP3 is never decoded. The MP3's bytes do not depend on it.

    Same samples and tags give the same bytes: ffmpeg runs with bit-exact flags and no metadata
    of its own, and the tag is written with fixed padding. LAME's steady level loss is added back
    first (`lame_level_loss_db`), so keep ~0.5 dB more true-peak headroom than the MP3 needs.
    """
    gain = np.float32(10.0 ** (lame_level_loss_db(bitrate_kbps) / 20.0))
    count = 0
    timeout = max(120.0, tags.duration_s)
    tee: SecondEncoder | None = None

    def pcm() -> Iterator[bytes]:
        nonlocal count
        for block in blocks:
            data = to_pcm16(np.asarray(block, dtype=np.float32) * gain)
            count += len(data)
            raw = data.tobytes()
            if listen is not None:
                listen(raw)
            if tee is not None:
                tee.feed(raw)
            yield raw

    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(atomic_path(target))
        if opus is not None:
            args = opus_args(stack.enter_context(atomic_path(opus)), sample_rate, bitrate_kbps)
            tee = stack.enter_context(second_encoder(args, timeout))
        pipe(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
             "-fflags", "+bitexact", "-f", "s16le", "-ar", str(sample_rate), "-ac", "1",
             "-i", "pipe:0",
             "-map", "0:a:0", "-map_metadata", "-1", "-map_chapters", "-1",
             "-ac", "1", "-ar", str(MP3_SAMPLE_RATE),
             "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-abr", "0",
             "-flags:a", "+bitexact", "-fflags", "+bitexact",
             "-id3v2_version", "0", "-write_id3v1", "0",
             "-f", "mp3", str(tmp)],
            source=pcm(),
            timeout=timeout,
        )  # fmt: skip
        if count == 0:
            raise AudioError("nothing to encode: the mastered audio is empty")
        write_tags(tmp, tags, tags.duration_s or count / sample_rate)


def opus_args(path: Path, sample_rate: int, mp3_kbps: int) -> list[str]:
    """ffmpeg's command for the Opus rendition of the PCM the MP3 encoder is given.

    Byte-reproducible: bit-exact flags (the Ogg muxer then numbers its stream serially instead of
    at random, and writes no version strings), no metadata, no chapters. The PCM carries the
    MP3's LAME level compensation (`lame_level_loss_db`); Opus keeps its input's level, so that
    gain is taken off again here and both files measure at the mastered loudness."""
    gain_db = lame_level_loss_db(mp3_kbps)
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-fflags", "+bitexact", "-f", "s16le", "-ar", str(sample_rate), "-ac", "1",
            "-i", "pipe:0",
            "-map", "0:a:0", "-map_metadata", "-1", "-map_chapters", "-1",
            "-af", f"volume=-{gain_db:.2f}dB", "-ac", "1", "-ar", str(OPUS_INPUT_RATE),
            "-c:a", "libopus", "-b:a", f"{OPUS_BITRATE_KBPS}k", "-vbr", "constrained",
            "-application", "voip", "-compression_level", str(OPUS_COMPLEXITY),
            "-flags:a", "+bitexact", "-fflags", "+bitexact",
            "-f", "ogg", str(path)]  # fmt: skip


_END = object()  # the end of the PCM, for SecondEncoder's queue


class SecondEncoder:
    """Another ffmpeg fed the same PCM as the MP3 encoder, chunk by chunk, from a thread of its
    own: the two encoders are separate processes and run at once (ffmpeg 5 encodes the outputs of
    one process one after the other on one thread), and the stream is read and mastered once.
    A bounded queue keeps memory flat; if this encoder fails, `feed` raises its error."""

    def __init__(self, args: list[str], timeout: float) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(args, timeout), daemon=True)
        self._thread.start()

    def _source(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item

    def _run(self, args: list[str], timeout: float) -> None:
        try:
            pipe(args, source=self._source(), timeout=timeout)
        except BaseException as exc:  # handed to the encoding thread by feed/close
            self._error = exc

    def _put(self, item: object) -> bool:
        """Queue `item`; False when the encoder has stopped and will take no more."""
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def _raise(self) -> None:
        """The encoder's error, with its own class where it has one: an ffmpeg crash stays a
        transient SubprocessError (the nightly retries it, as it does the MP3 encoder's), a full
        disk stays the machine's."""
        error = self._error
        if error is None:
            return
        if isinstance(error, PodcastError) or classify(error) is not None:
            raise error
        raise AudioError(f"the Opus encoder failed: {error}") from error

    def feed(self, data: bytes) -> None:
        if not self._put(data):
            self._raise()
            raise AudioError("the Opus encoder stopped before the end of the audio")

    def close(self, *, ok: bool) -> None:
        """End the stream (`ok`) or abort it, and wait for the encoder; raise its error if ok."""
        self._put(_END if ok else AudioError("the MP3 encode failed"))
        self._thread.join()
        if ok:
            self._raise()


@contextlib.contextmanager
def second_encoder(args: list[str], timeout: float) -> Iterator[SecondEncoder]:
    """A SecondEncoder, closed (and its errors raised) on success, aborted on failure."""
    encoder = SecondEncoder(args, timeout)
    try:
        yield encoder
    except BaseException:
        encoder.close(ok=False)
        raise
    encoder.close(ok=True)


def lame_level_loss_db(bitrate_kbps: int) -> float:
    """How much quieter LAME's CBR output at `bitrate_kbps` decodes than its input, in dB."""
    return LAME_LEVEL_LOSS_DB[max(k for k in LAME_LEVEL_LOSS_DB if k <= bitrate_kbps)]


def encoder_overshoot_db(bitrate_kbps: int) -> float:
    """How far LAME at `bitrate_kbps` can lift true peaks above its input's, in dB."""
    return ENCODER_OVERSHOOT_DB[max(k for k in ENCODER_OVERSHOOT_DB if k <= bitrate_kbps)]


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Checked mono float samples to 16-bit PCM (`util.wav.to_pcm16`: rounding, no dither: the
    MP3 encoder's noise dwarfs it)."""
    x = np.asarray(samples, dtype=np.float32)
    if x.ndim != 1:
        raise AudioError(f"export expects mono samples, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise AudioError("the mastered audio holds NaN or infinite samples")
    return wav.to_pcm16(x)


def write_tags(path: Path, tags: Tags, duration_s: float) -> None:
    """Replace the ID3 tag of `path` with `tags`: text frames, cover, and CHAP/CTOC chapters (the
    last chapter ends at `duration_s`)."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TDRC(encoding=3, text=[ID3TimeStamp(tags.date.isoformat())]))
    if tags.track is not None:
        id3.add(TRCK(encoding=3, text=[str(tags.track)]))
    if tags.description:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=[tags.description]))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover_mime, type=3, desc="Cover", data=tags.cover))
    ids = []
    spans = chapter_spans(tags.chapters, duration_s)
    for i, (start_ms, end_ms, title) in enumerate(spans):
        ids.append(f"chp{i}")
        id3.add(
            CHAP(
                element_id=f"chp{i}",
                start_time=start_ms,
                end_time=end_ms,
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[TIT2(encoding=3, text=[title])],
            )
        )
    if ids:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=["Chapters"])],
            )
        )
    id3.save(path, v1=0, v2_version=4, padding=lambda _info: 256)


def chapter_spans(chapters: Sequence[Chapter], duration_s: float) -> list[tuple[int, int, str]]:
    """(start_ms, end_ms, title) per chapter; each ends where the next starts, the last at the end
    of the episode."""
    ordered = sorted(chapters, key=lambda c: c.start_s)
    end_ms = max(0, round(duration_s * 1000))
    spans = []
    for i, ch in enumerate(ordered):
        start = max(0, round(ch.start_s * 1000))
        stop = round(ordered[i + 1].start_s * 1000) if i + 1 < len(ordered) else end_ms
        spans.append((start, max(start, stop), ch.title))
    return spans
