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


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def process_table() -> tuple[dict[int, int], dict[int, int]]:
    """Every process's parent and RSS (kB), from one pass over /proc (one file per process).

    A child still in its parent's image (forked or vforked, not yet exec'd: the same address
    space layout, vsize, code and stack) holds the parent's own pages, so it counts 0 kB: summed,
    a 300 MB CLI starting ffmpeg read as 600 MB for that instant, and under load (a slower exec)
    the sampler caught it often enough to fail a memory budget (`test_memory_bound`, stop 20)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    layout: dict[int, tuple[str, ...]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * _PAGE_KB  # field 24 of stat: resident pages
        layout[pid] = (fields[20], *fields[23:26])  # vsize, start and end of code, stack start
    for pid, ppid in parents.items():
        if rss[pid] and ppid in layout and layout[pid] == layout[ppid]:
            rss[pid] = 0  # the parent's image, before exec: its pages are the parent's
    return parents, rss


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in tree:
                tree.add(child)
                todo.append(child)
    return tree


def tree_rss_kb(root: int) -> dict[int, int]:
    """RSS (kB) of `root` and of each of its descendants, by pid."""
    parents, rss = process_table()
    return {pid: rss.get(pid, 0) for pid in descendants(root, parents)}


def tree_rss_mb(root: int) -> tuple[float, int]:
    """Total RSS (MB) of `root` and all its descendants, and how many processes that is."""
    by_pid = tree_rss_kb(root)
    return sum(by_pid.values()) / 1024.0, len(by_pid)


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
