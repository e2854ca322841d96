"""Memory does not grow with the episode: a 30-minute script rendered with the fake voice through
the real CLI, every process of the tree under a fixed address-space limit, the tree's total RSS
sampled every 50 ms and held under a budget (the whole-array build needed 2.65 GB here)."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINUTES = 30.0
RSS_BUDGET_MB = 500  # the whole tree: CLI, TTS workers, the ffmpeg encoder (QA decodes nothing)
# Per process (children inherit it). The CLI with numpy, scipy and a few threads reserves ~1 GB of
# address space before it holds any audio; the whole-array build failed with this limit.
ADDRESS_SPACE_MB = 1600

pytestmark = pytest.mark.slow


def long_recap(minutes: float, seed: int = 1) -> str:
    """A recap with the usual sections whose script runs about `minutes` long."""
    rng = random.Random(seed)
    sections = ["Key Takeaways", "Market Snapshot", "Why the Market Moved", "Sectors",
                "Notable Movers", "Macro", "What to Watch", "Bottom Line"]  # fmt: skip
    per = int(minutes * 165) // len(sections)
    lines = ["---", "title: Stocks Drift in a Long Session", "date: 2026-11-24", "---", ""]
    for heading in sections:
        lines.append(f"## {heading}\n")
        words = i = 0
        while words < per:
            i += 1
            text = (
                f"The S&P 500 rose {rng.randint(1, 99) / 100:.2f}% as traders weighed earnings "
                f"from company number {i} and bond yields near {rng.randint(380, 460) / 100:.2f}% "
                "while volumes stayed light across the board."
            )
            lines.append(f"- {text}" if heading == "Key Takeaways" else text + "\n")
            words += len(text.split())
        lines.append("")
    return "\n".join(lines)


def long_show(folder: Path, minutes: float) -> Path:
    path = folder / "long-show.toml"
    fake = (ROOT / "tests" / "data" / "fake-show.toml").read_text()
    fake = fake.replace('voices_dir = "../../voices"', f'voices_dir = "{ROOT / "voices"}"')
    fake = fake.replace("min_minutes = 0.25", f"min_minutes = 0.25\nmax_minutes = {minutes + 10}")
    path.write_text(fake + f"\n[script]\ntarget_minutes = {minutes}\ntolerance_minutes = 3.0\n")
    return path


@dataclass
class Peak:
    rss_mb: float = 0.0
    processes: int = 0


def tree_rss_mb(root: int) -> tuple[float, int]:
    """Total RSS (MB) of `root` and all its descendants, from /proc."""
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


def render_under_limit(
    article: Path, show: Path, out: Path, cache: Path, limit_mb: int
) -> tuple[subprocess.CompletedProcess[bytes], Peak, float]:
    """Run `podcast render` with RLIMIT_AS at `limit_mb` for every process of the tree, sampling
    the tree's RSS every 50 ms; returns the process, the peak and the wall time."""

    def limit() -> None:
        size = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    argv = [sys.executable, "-m", "podcast.cli", "render", str(article), "--show", str(show),
            "--out", str(out), "--cache-dir", str(cache), "--json"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit, env=env, cwd=ROOT
    )
    peak = Peak()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, count = tree_rss_mb(proc.pid)
            if rss > peak.rss_mb:
                peak.rss_mb = rss
            peak.processes = max(peak.processes, count)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        done.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    elapsed = time.monotonic() - started
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr), peak, elapsed


def test_thirty_minutes_render_in_bounded_memory(tmp_path: Path) -> None:
    article = tmp_path / "long-recap.md"
    article.write_text(long_recap(MINUTES))
    show = long_show(tmp_path, MINUTES)
    proc, peak, elapsed = render_under_limit(
        article, show, tmp_path / "out", tmp_path / "cache", ADDRESS_SPACE_MB
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    import json

    summary = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert summary["duration_s"] >= (MINUTES - 4) * 60, summary["duration_s"]
    assert abs(summary["lufs"] + 16.0) <= 0.5 and summary["true_peak_db"] <= -1.0
    assert peak.processes >= 2  # the sampler saw ffmpeg beside the CLI
    assert peak.rss_mb < RSS_BUDGET_MB, (
        f"the render's process tree peaked at {peak.rss_mb:.0f} MB RSS "
        f"(budget {RSS_BUDGET_MB} MB) for {summary['duration_s'] / 60:.1f} minutes"
    )
    print(f"\n{summary['duration_s'] / 60:.1f} min: peak {peak.rss_mb:.0f} MB in {elapsed:.0f} s")


if __name__ == "__main__":  # measure another length: python -m tests.test_memory_bound 60 [limit]
    import tempfile

    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else MINUTES
    limit_mb = int(sys.argv[2]) if len(sys.argv) > 2 else ADDRESS_SPACE_MB
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "r.md").write_text(long_recap(minutes))
        for run in ("cold", "warm"):
            proc, peak, elapsed = render_under_limit(
                folder / "r.md",
                long_show(folder, minutes),
                folder / run,
                folder / "cache",
                limit_mb,
            )
            print(run, "exit", proc.returncode, f"peak {peak.rss_mb:.0f} MB",
                  f"processes {peak.processes}", f"{elapsed:.0f} s",
                  proc.stderr.decode()[-300:].strip())  # fmt: skip
