"""Read an encoded file back with ffprobe and ffmpeg's ebur128 filter: what tests check the
product's MP3s against (the product's QA never decodes its MP3: audio/qa.py measures the stream
going into the encoder and reads the file's headers)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from podcast.errors import AudioError
from podcast.util.subproc import run

_LUFS = re.compile(r"\bI:\s+(-?[\d.]+|-inf)\s+LUFS")
_PEAK = re.compile(r"\bPeak:\s+(-?[\d.]+|-inf)\s+dBFS")


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128 filter reports them."""

    lufs: float
    true_peak_db: float


def parse_summary(log: str) -> Loudness | None:
    """The last "Summary:" block of ffmpeg's log (`ebur128=peak=true`), or None if it has none."""
    at = log.rfind("Summary:")
    if at < 0:
        return None
    summary = log[at:]
    lufs, peak = _LUFS.search(summary), _PEAK.search(summary)
    if lufs is None or peak is None:
        return None
    return Loudness(lufs=float(lufs.group(1)), true_peak_db=float(peak.group(1)))


def probe_duration(path: Path) -> float:
    """The file's playable duration in seconds, from ffprobe.

    For an MP3, ffprobe's duration counts whole frames; the encoder delay it skips at the start
    (start_time) and the padding it discards from the last packet are taken off.
    """
    proc = run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0",
         "-show_entries", "format=duration,start_time:stream=sample_rate", "-of", "json",
         str(path)],
        timeout=60,
    )  # fmt: skip
    try:
        info = json.loads(proc.stdout)
        duration = float(info["format"]["duration"])
        start = float(info["format"].get("start_time") or 0.0)
        rate = int(info["streams"][0]["sample_rate"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise AudioError(f"ffprobe gave no audio duration for {path}") from None
    tail = run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0",
         "-read_intervals", f"{max(0.0, duration - 1.0):.3f}%",
         "-show_entries", "packet=pts:packet_side_data=discard_padding", "-of", "json", str(path)],
        timeout=60,
    )  # fmt: skip
    packets = json.loads(tail.stdout).get("packets") or [{}]
    side = packets[-1].get("side_data_list") or [{}]
    padding = int(side[0].get("discard_padding") or 0)
    return max(0.0, duration - start - padding / rate)


def measure_file(path: Path) -> Loudness:
    """Decode `path` with ffmpeg's ebur128 filter (true peak on) and read its summary."""
    proc = run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0", "-vn",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        timeout=600,
    )  # fmt: skip
    loudness = parse_summary(proc.stderr.decode("utf-8", "replace"))
    if loudness is None:
        raise AudioError(f"could not read ebur128 loudness of {path}; is it an audio file?")
    return loudness
