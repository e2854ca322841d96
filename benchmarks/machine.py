"""How busy the machine was with other work while a timing ran (timings on a shared box drift)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _busy_s() -> float | None:
    """CPU seconds every process on the machine has used (Linux /proc/stat), None elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / _TICK


def _own_s() -> float:
    """CPU seconds of this process and its reaped children (pool workers once joined)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass(frozen=True)
class Snapshot:
    wall: float
    busy: float | None
    own: float


def snapshot() -> Snapshot:
    return Snapshot(time.perf_counter(), _busy_s(), _own_s())


def other_load(start: Snapshot, end: Snapshot) -> float | None:
    """Share of the machine's CPUs (0-1) used by other processes between two snapshots."""
    if start.busy is None or end.busy is None:
        return None
    capacity = (end.wall - start.wall) * (os.cpu_count() or 1)
    if capacity <= 0:
        return None
    foreign = (end.busy - start.busy) - (end.own - start.own)
    return min(1.0, max(0.0, foreign / capacity))


def wait_for_quiet(max_wait_s: float, *, threshold: float = 0.10, window_s: float = 1.0) -> float:
    """Sleep until other processes use under `threshold` of the CPUs for a `window_s` window.

    Gives up after `max_wait_s` (the timing then runs anyway, and its "busy" shows it).
    Returns the seconds waited.
    """
    start = time.perf_counter()
    while True:
        before = snapshot()
        time.sleep(window_s)
        load = other_load(before, snapshot())
        waited = time.perf_counter() - start
        if load is None or load < threshold or waited >= max_wait_s:
            return waited
