"""What an MP3 file holds, read from its headers alone (no audio decoded): the ID3v2 tag's size,
every frame header in turn (format, bitrate, a header missing where the last frame ended), and
the Xing/Info frame's LAME tag: encoder delay and padding (so the playable sample count is
exact) and the CRC of the audio frames, checked against the bytes in the file. QA's cheap check
of the written file; it reads the file in chunks, so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from podcast.util.crc16 import crc16

_READ = 1 << 20  # bytes read at a time
_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_LAME_NAMES = (b"LAME", b"Lavf", b"Lavc")  # a LAME extension follows the Xing/Info fields
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class FrameHeader:
    """One MPEG audio Layer III frame header."""

    version: int  # 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
    bitrate_kbps: int
    sample_rate: int
    channels: int
    length: int  # bytes, header included

    @property
    def samples(self) -> int:
        return 1152 if self.version == 3 else 576

    @property
    def side_info(self) -> int:
        """Bytes of side information after the header (where a Xing/Info tag starts)."""
        if self.version == 3:
            return 17 if self.channels == 1 else 32
        return 9 if self.channels == 1 else 17


@dataclass(frozen=True)
class Mp3Facts:
    """An MP3's layout: ID3v2 tag, frames (the Info frame not counted), and what they declare."""

    size: int  # bytes in the file
    id3_size: int  # bytes of the ID3v2 tag at the start (0: none)
    sample_rate: int
    channels: int
    bitrates_kbps: frozenset[int]  # every bitrate seen (one for CBR)
    frames: int  # audio frames walked, the Info frame excluded
    samples_per_frame: int
    audio_bytes: int  # bytes from the first frame to the end of the last whole frame
    corrupt: int  # places where no valid frame header was found, plus a cut-off last frame
    info_frames: int | None  # the Xing/Info tag's frame count (None: no tag)
    info_bytes: int | None  # ... and its byte count (all frames, the Info frame included)
    delay: int  # encoder delay and padding from the LAME tag (0 without one)
    padding: int
    music_crc: int | None = None  # the LAME tag's CRC-16 of the audio frames (None: no tag)
    audio_crc: int | None = None  # ... and the CRC of the frames as they are in the file

    @property
    def playable_samples(self) -> int:
        """Samples a gapless decoder plays: every frame less the encoder's delay and padding."""
        return max(0, self.frames * self.samples_per_frame - self.delay - self.padding)

    @property
    def duration_s(self) -> float:
        return self.playable_samples / self.sample_rate


def parse_header(data: bytes | memoryview, at: int = 0) -> FrameHeader | None:
    """The Layer III frame header at `at`, or None if those 4 bytes are not one."""
    if at + 4 > len(data):
        return None
    b0, b1, b2, b3 = data[at], data[at + 1], data[at + 2], data[at + 3]
    version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
    rate_index, bitrate_index = (b2 >> 2) & 3, b2 >> 4
    if b0 != 0xFF or (b1 & 0xE0) != 0xE0 or version == 1 or layer != 1:
        return None
    if rate_index == 3 or bitrate_index in (0, 15):
        return None
    rate = _RATES[version][rate_index]
    kbps = (_BITRATES_V1 if version == 3 else _BITRATES_V2)[bitrate_index]
    per_ms = 144 if version == 3 else 72
    length = per_ms * kbps * 1000 // rate + ((b2 >> 1) & 1)
    return FrameHeader(version, kbps, rate, 1 if b3 >> 6 == 3 else 2, length)


def id3_size(head: bytes) -> int:
    """Bytes taken by an ID3v2 tag at the start of a file (its header, body and footer), or 0."""
    if len(head) < 10 or head[:3] != b"ID3":
        return 0
    body = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | head[9] & 0x7F
    return 10 + body + (10 if head[5] & 0x10 else 0)


def read_mp3(path: Path) -> Mp3Facts | None:
    """Walk `path` frame by frame from the end of its ID3v2 tag; None if no frame starts there
    (not an MP3, or not one this project writes). Raises OSError if it cannot be read."""
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        tag = id3_size(f.read(10))
        f.seek(tag)
        buf, base = f.read(_READ), tag  # buf holds the file from offset `base`
        first = parse_header(buf)
        if first is None or tag + first.length > size:
            return None
        info = _info_tag(buf, first)
        walk = _Walk(first)
        p = first.length if info is not None else 0
        while True:
            if p + 4 > len(buf) and base + p < size:  # read on from the next unread header
                base, p = base + p, 0
                f.seek(base)
                buf = f.read(_READ)
            if p >= len(buf):
                break
            step = walk.frame(buf, p, base + p, size)
            if step <= 0:
                break
            p += step
        frames_info, bytes_info, delay, padding, music_crc = info or (None, None, 0, 0, None)
        audio_crc = None
        if music_crc is not None:  # the frames after the Info frame, read again (page cache)
            audio_crc = _crc(f, tag + first.length, walk.end)
    return Mp3Facts(
        size=size,
        id3_size=tag,
        sample_rate=first.sample_rate,
        channels=first.channels,
        bitrates_kbps=frozenset(walk.bitrates),
        frames=walk.frames,
        samples_per_frame=first.samples,
        audio_bytes=walk.end - tag,
        corrupt=walk.corrupt,
        info_frames=frames_info,
        info_bytes=bytes_info,
        delay=delay,
        padding=padding,
        music_crc=music_crc,
        audio_crc=audio_crc,
    )


def _crc(f: BinaryIO, start: int, stop: int) -> int:
    """CRC-16/ARC of the file's bytes [start, stop), read in chunks."""
    length = max(0, stop - start)
    f.seek(start)

    def chunks() -> Iterator[bytes]:
        left = length
        while left > 0 and (data := f.read(min(_READ, left))):
            left -= len(data)
            yield data

    return crc16(chunks(), length)


class _Walk:
    """Frame-by-frame bookkeeping: frames like the first (same version, rate and channels) are
    counted; anything else is skipped byte by byte to the next such header and counted corrupt
    once per stretch, as a decoder would resynchronise."""

    def __init__(self, first: FrameHeader) -> None:
        self.first = first
        self.frames = 0
        self.corrupt = 0
        self.bitrates: set[int] = set()
        self.end = 0  # file offset after the last whole frame
        self.lost = False  # inside a stretch of junk
        self.seen: dict[bytes, FrameHeader | None] = {}  # headers parsed so far (CBR: a few)

    def frame(self, buf: bytes, p: int, offset: int, size: int) -> int:
        """Account for what starts at buf[p] (file `offset`); the bytes to step over (0: done)."""
        key = buf[p : p + 4]
        h = self.seen[key] if key in self.seen else self.seen.setdefault(key, parse_header(key))
        if h is not None and self._like_first(h):
            if offset + h.length > size:  # cut off: the file ends inside this frame
                self.corrupt += 1
                return 0
            self.frames += 1
            self.bitrates.add(h.bitrate_kbps)
            self.end = offset + h.length
            self.lost = False
            return h.length
        if not self.lost:
            self.corrupt += 1
            self.lost = True
        nxt = buf.find(b"\xff", p + 1)
        return (nxt - p) if nxt >= 0 else len(buf) - p

    def _like_first(self, h: FrameHeader) -> bool:
        f = self.first
        return (h.version, h.sample_rate, h.channels) == (f.version, f.sample_rate, f.channels)


def _info_tag(
    buf: bytes, first: FrameHeader
) -> tuple[int | None, int | None, int, int, int | None] | None:
    """(frames, bytes, delay, padding, music CRC) from a Xing/Info tag in the first frame (the
    last three from its LAME extension), else None."""
    at = 4 + first.side_info
    if buf[at : at + 4] not in (b"Xing", b"Info") or at + 8 > first.length:
        return None
    flags = int.from_bytes(buf[at + 4 : at + 8], "big")
    q = at + 8
    frames = nbytes = -1
    if flags & 1:
        frames, q = int.from_bytes(buf[q : q + 4], "big"), q + 4
    if flags & 2:
        nbytes, q = int.from_bytes(buf[q : q + 4], "big"), q + 4
    q += (100 if flags & 4 else 0) + (4 if flags & 8 else 0)
    delay = padding = 0
    music_crc = None
    if buf[q : q + 4] in _LAME_NAMES and q + 36 <= first.length:  # 9-byte name, ..., delay
        dp = buf[q + 21 : q + 24]
        delay, padding = dp[0] << 4 | dp[1] >> 4, (dp[1] & 0x0F) << 8 | dp[2]
        music_crc = int.from_bytes(buf[q + 32 : q + 34], "big")
    known = (frames if frames >= 0 else None), (nbytes if nbytes >= 0 else None)
    return *known, delay, padding, music_crc
