"""Memory does not grow with the episode: a 30-minute script rendered with the fake voice through
the real CLI, every process of the tree under a fixed address-space limit, the tree's total RSS
sampled every 50 ms (benchmarks/rss.py) and held under a budget (the whole-array build needed
2.65 GB here)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.long_episode import long_recap, long_show
from benchmarks.rss import run_sampled

ROOT = Path(__file__).resolve().parents[1]
MINUTES = 30.0
RSS_BUDGET_MB = 500  # the whole tree: CLI, TTS workers, the ffmpeg encoder (QA decodes nothing)
# Per process (children inherit it). The CLI with numpy, scipy and a few threads reserves ~1 GB of
# address space before it holds any audio; the whole-array build failed with this limit.
ADDRESS_SPACE_MB = 1600

pytestmark = pytest.mark.slow


@dataclass
class Peak:
    rss_mb: float = 0.0
    processes: int = 0


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
    run = run_sampled(argv, env=env, cwd=ROOT, timeout_s=600, preexec_fn=limit)
    proc = subprocess.CompletedProcess(list(argv), run.returncode, run.stdout, run.stderr)
    return proc, Peak(run.peak_rss_mb, run.processes), run.wall_s


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
