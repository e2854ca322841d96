"""The peak RSS of a whole process tree (the command and every descendant), sampled from /proc
every 50 ms while it runs: memory targets count the TTS workers and ffmpeg, not only the CLI."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

INTERVAL_S = 0.05


def tree_rss_mb(root: int) -> tuple[float, int]:
    """Total RSS (MB) of `root` and all its descendants, and how many processes that is."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            status = Path(entry.path, "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat[stat.rfind(")") + 2 :].split()[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(p, 0) for p in tree) / 1024.0, len(tree)


@dataclass(frozen=True)
class SampledRun:
    """One command run to its end with its tree's peak RSS and wall time."""

    argv: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes
    wall_s: float
    peak_rss_mb: float
    processes: int  # the most processes seen in the tree at once


def run_sampled(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout_s: float = 900.0,
    preexec_fn: Callable[[], None] | None = None,
    interval_s: float = INTERVAL_S,
) -> SampledRun:
    """Run `argv` to its end, sampling its process tree's RSS every `interval_s` seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        preexec_fn=preexec_fn,
    )
    peak = [0.0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, count = tree_rss_mb(proc.pid)
            peak[0] = max(peak[0], rss)
            peak[1] = max(peak[1], count)
            done.wait(interval_s)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    finally:
        done.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    wall = time.perf_counter() - started
    return SampledRun(tuple(argv), proc.returncode, stdout, stderr, wall, peak[0], int(peak[1]))
