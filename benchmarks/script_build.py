"""`python -m benchmarks.script_build`: script building on hostile inputs and the early refusal.

Each measure runs the CLI as a child process (median of `--runs`): wall time, CPU time and the
peak RSS of the child's process tree (os.wait4's rusage covers the child and every descendant
it waited for). "build" is the wall time minus the CLI's start-up, measured the same way on a
tiny recap. Prints a table and writes the "Script building and early refusal" section of
BENCHMARKS.md at the project root (other sections are left as they are). Exits 0 even when a
target fails: this is a measurement, and a miss is printed as FAIL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import script_inputs
from benchmarks.machine import other_load, snapshot, wait_for_quiet
from podcast.config import PROJECT_ROOT

BENCHMARKS_MD = PROJECT_ROOT / "BENCHMARKS.md"
SECTION_TITLE = "## Script building and early refusal"
KB = 1024


@dataclass(frozen=True)
class ChildRun:
    """One CLI run in a child process."""

    exit_code: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    stdout: str
    stderr: str


# A small process that runs the CLI as its own child and reports that child's rusage: the peak
# RSS of a child forked (or vforked) straight from a big parent, such as a test runner, would
# count the parent's pages from before exec.
_WRAPPER = """
import json, os, sys
report, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.execv(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as fh:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss], fh)
"""


def run_cli(args: Sequence[str], *, timeout_s: float = 600) -> ChildRun:
    """Run `python -m podcast.cli ARGS` and measure it: wall time, CPU time and the peak RSS of
    its process tree (rusage of the child and every descendant it waited for)."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with tempfile.TemporaryDirectory(prefix="run-cli-") as tmp:
        report = Path(tmp) / "usage.json"
        argv = [sys.executable, "-S", "-c", _WRAPPER, str(report)]
        argv += [sys.executable, "-m", "podcast.cli", *args]
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            out, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        wall = time.perf_counter() - start
        code, cpu, rss_kb = json.loads(report.read_text()) if report.exists() else (-9, 0.0, 0)
        return ChildRun(
            exit_code=code,
            wall_s=wall,
            cpu_s=cpu,
            peak_rss_mb=rss_kb / 1024.0,  # kilobytes on Linux
            stdout=out.decode("utf-8", "replace"),
            stderr=err.decode("utf-8", "replace"),
        )


@dataclass(frozen=True)
class Case:
    """One row of the table: an input, the command, and its targets."""

    name: str
    file_name: str
    make: Callable[[], str]
    command: str  # "script" or "render"
    target_build_s: float
    target_rss_mb: float | None = None
    expect_exit: int = 0


CASES: tuple[Case, ...] = (
    Case("[ -text, 200 KB", "brackets-200k.txt", script_inputs.brackets, "script", 1.0),
    Case(
        "[ -text as Markdown, 200 KB",
        "brackets-200k.md",
        script_inputs.brackets_markdown,
        "script",
        1.0,
    ),
    Case("a-a-a tokens, 200 KB", "hyphens-200k.txt", script_inputs.hyphens, "script", 1.0),
    Case("ab/ab/ab tokens, 200 KB", "slashes-200k.txt", script_inputs.slashes, "script", 1.0),
    Case("prose, 2 MB", "prose-2m.txt", script_inputs.prose, "script", 5.0),
    Case(
        "[ -text, 2 MB",
        "brackets-2m.txt",
        lambda: script_inputs.brackets(2 * KB * KB - 24 * KB),
        "script",
        5.0,
    ),
    Case(
        "[ -text as Markdown, 2 MB",
        "brackets-2m.md",
        lambda: script_inputs.brackets_markdown(2 * KB * KB - 24 * KB),
        "script",
        5.0,
    ),
    Case(
        "1,200 takeaways (94 KB)",
        "takeaways-1200.md",
        script_inputs.takeaways_recap,
        "script",
        5.0,
        300.0,
    ),
    Case(
        "over the limit: render refused",
        "long-bottom-line.md",
        script_inputs.long_bottom_line,
        "render",
        5.0,
        300.0,
        expect_exit=2,
    ),
)
_HEADER = (
    "| input | command | wall s | build s | CPU s | build CPU s | peak RSS MB | exit | busy | "
    "target | result |"
)
_TINY = "Stocks edge higher\nNovember 24, 2026\n\nKey Takeaways\n\n- The S&P 500 rose 0.2%.\n"


@dataclass(frozen=True)
class Row:
    case: Case
    runs: tuple[ChildRun, ...]
    startup_s: float
    startup_cpu_s: float
    busy: float | None

    @property
    def wall_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def cpu_s(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)

    @property
    def build_s(self) -> float:
        """Wall time beyond the CLI's start-up (a refusal's whole time counts: it is the job)."""
        if self.case.command == "render":
            return self.wall_s
        return max(0.0, self.wall_s - self.startup_s)

    @property
    def build_cpu_s(self) -> float:
        """CPU time beyond the start-up's: what the work costs, whatever else the machine runs."""
        if self.case.command == "render":
            return self.cpu_s
        return max(0.0, self.cpu_s - self.startup_cpu_s)

    @property
    def rss_mb(self) -> float:
        return statistics.median(r.peak_rss_mb for r in self.runs)

    @property
    def exit_code(self) -> int:
        return self.runs[0].exit_code

    @property
    def passed(self) -> bool:
        ok = self.build_cpu_s < self.case.target_build_s
        ok = ok and all(r.exit_code == self.case.expect_exit for r in self.runs)
        if self.case.target_rss_mb is not None:
            ok = ok and self.rss_mb < self.case.target_rss_mb
        return ok

    def target(self) -> str:
        what = "total CPU" if self.case.command == "render" else "build CPU"
        text = f"{what} < {self.case.target_build_s:g} s"
        if self.case.target_rss_mb is not None:
            text += f", < {self.case.target_rss_mb:g} MB"
        if self.case.command == "render":
            text += f", exit {self.case.expect_exit}"
        return text


def _args_for(case: Case, path: Path, out: Path) -> list[str]:
    if case.command == "render":
        return ["render", str(path), "--out", str(out), "--cache-dir", str(out.parent / "cache")]
    # --force: the hostile inputs are no market recap and would be refused in milliseconds by the
    # recap check; what is measured here is building their script.
    return ["script", "--json", "--force", str(path)]


def measure(runs: int, quiet_wait_s: float, only: Sequence[str] = ()) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-script-") as tmp:
        folder = Path(tmp)
        tiny = script_inputs.write(folder, "tiny.txt", _TINY)
        startups = [run_cli(["script", "--json", str(tiny)]) for _ in range(runs)]
        startup = statistics.median(r.wall_s for r in startups)
        startup_cpu = statistics.median(r.cpu_s for r in startups)
        for case in CASES:
            if only and not any(word in case.file_name for word in only):
                continue
            path = script_inputs.write(folder, case.file_name, case.make())
            done: list[ChildRun] = []
            loads: list[float] = []
            for i in range(runs):
                if quiet_wait_s > 0:
                    wait_for_quiet(quiet_wait_s)
                out = folder / f"out-{case.file_name}-{i}"
                before = snapshot()
                done.append(run_cli(_args_for(case, path, out)))
                load = other_load(before, snapshot())
                if load is not None:
                    loads.append(load)
            busy = statistics.median(loads) if loads else None
            rows.append(Row(case, tuple(done), startup, startup_cpu, busy))
            print(_line(rows[-1]), flush=True)
    return rows


def _line(row: Row) -> str:
    busy = f"{row.busy:.0%}" if row.busy is not None else "n/a"
    return (
        f"| {row.case.name} | {row.case.command} | {row.wall_s:.2f} | {row.build_s:.2f} | "
        f"{row.cpu_s:.2f} | {row.build_cpu_s:.2f} | {row.rss_mb:.0f} | {row.exit_code} | "
        f"{busy} | {row.target()} | "
        f"{'PASS' if row.passed else 'FAIL'} |"
    )


def section(rows: Sequence[Row], runs: int) -> str:
    head = [
        SECTION_TITLE,
        "",
        f"Measured {dt.datetime.now().isoformat(timespec='seconds')} on {os.cpu_count()} CPUs "
        f"({platform.machine()}, Python {platform.python_version()}) with "
        "`PYTHONPATH=$PWD .venv/bin/python -m benchmarks.script_build` (`make bench-script`). "
        f"Each row is the median of {runs} runs of the CLI in a child process; the inputs are "
        "generated by `benchmarks/script_inputs.py`. *build* is the wall time minus the CLI's "
        f"start-up on a tiny recap ({rows[0].startup_s:.2f} s here); for the refusal it is the "
        "whole run. *peak RSS* is the child's process tree (os.wait4). *busy* is the share of "
        "the CPUs other processes used meanwhile.",
        "",
        _HEADER,
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    return "\n".join([*head, *(_line(r) for r in rows), ""])


def write_section(text: str, path: Path = BENCHMARKS_MD, *, title: str = SECTION_TITLE) -> None:
    """Replace the section headed `title` of BENCHMARKS.md (or add it), keeping the others."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = old.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "\n".join(lines[end:])
        new = "\n".join(lines[:start]) + "\n" + text + ("\n" + rest if rest else "")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.script_build", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per input (median)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=20.0,
        help="before each run, wait up to this many seconds for other processes to use under "
        "10%% of the CPUs (0: do not wait)",
    )
    parser.add_argument("--only", nargs="*", default=(), help="inputs whose file name has these")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)
    print(_HEADER)
    rows = measure(args.runs, args.quiet_wait, args.only)
    if not args.no_write and rows:
        write_section(section(rows, args.runs))
        print(f"wrote {BENCHMARKS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
