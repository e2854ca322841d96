"""Read the summary that ffmpeg's ebur128 filter prints: integrated loudness and true peak."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
