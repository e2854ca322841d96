"""The cluster's service files in scripts/ and the README's "Scale out": the units parse, start
the real `dask` commands with options the installed dask accepts (one thread per worker process),
and the README says what an operator needs: how to start, what to share, what happens when a
worker dies, how to go back."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_nightly_schedule import unit

ROOT = Path(__file__).resolve().parents[1]
SCHEDULER = ROOT / "scripts" / "recap-podcast-dask-scheduler.service"
WORKER = ROOT / "scripts" / "recap-podcast-dask-worker.service"
NIGHTLY = ROOT / "scripts" / "recap-podcast-nightly.service"
DASK = Path(sys.executable).with_name("dask")


def _command(path: Path) -> list[str]:
    exec_start = unit(path)["Service"]["ExecStart"]
    argv = shlex.split(exec_start)
    if argv[:2] == ["/bin/sh", "-c"]:  # the worker counts CPUs with $(nproc)
        argv = shlex.split(argv[2].removeprefix("exec "))
    return argv


def _accepted_options(subcommand: str) -> set[str]:
    help_text = subprocess.run(
        [str(DASK), subcommand, "--help"], capture_output=True, text=True, check=True
    ).stdout
    return {w.split("=")[0].rstrip(",") for w in help_text.split() if w.startswith("--")}


@pytest.mark.parametrize(("path", "subcommand"), [(SCHEDULER, "scheduler"), (WORKER, "worker")])
def test_the_units_run_the_dask_commands_with_options_it_accepts(path: Path, subcommand: str):
    argv = _command(path)
    assert argv[0] == "/opt/recap-podcast/.venv/bin/dask" and argv[1] == subcommand
    options = {a for a in argv[2:] if a.startswith("--")}
    assert options <= _accepted_options(subcommand), options - _accepted_options(subcommand)
    service = unit(path)["Service"]
    assert service["User"] == "recap-podcast" and service["Restart"] == "on-failure"
    assert unit(path)["Install"]["WantedBy"] == "multi-user.target"


def test_a_worker_process_has_one_thread_and_one_process_per_cpu() -> None:
    argv = _command(WORKER)
    assert argv[argv.index("--nthreads") + 1] == "1"
    assert argv[argv.index("--nworkers") + 1] == "$(nproc)"
    assert "/mnt/recap-podcast" in unit(WORKER)["Service"]["ReadWritePaths"]


def test_the_worker_unit_and_the_readme_set_the_worker_environment_the_tests_use() -> None:
    """The allocator setting tests/test_scale_dask.py starts `dask worker` with is the one the
    unit and the README give operators."""
    from podcast.scale.executors import WORKER_DASK_ENV

    ((name, value),) = WORKER_DASK_ENV.items()
    assert f"'{name}={value}'" in unit(WORKER)["Service"]["Environment"]
    assert f"{name}='{value}'" in (ROOT / "README.md").read_text()


def test_the_nightly_unit_says_how_to_point_it_at_the_cluster() -> None:
    text = NIGHTLY.read_text()
    assert "#Environment=DASK_SCHEDULER_ADDRESS=tcp://" in text
    assert "--work-dir" in text and "--cache-dir" in text


def test_the_readme_says_how_to_scale_out_and_back() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Scale out\n", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "dask scheduler", "dask worker", "--nthreads 1", "--scheduler", "DASK_SCHEDULER_ADDRESS",
        "--cache-dir", "--work-dir", SCHEDULER.name, WORKER.name, NIGHTLY.name,
        "When a worker dies", "Back to the local default", "same project version", "recap-date",
        "make bench-scale",
    ):  # fmt: skip
        assert needed in section, needed


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_cluster_units(tmp_path: Path) -> None:
    """Every key known, every value valid (ExecStart's program swapped for one that exists)."""
    for path in (SCHEDULER, WORKER):
        text = path.read_text().replace("/opt/recap-podcast/.venv/bin/dask", "/bin/true")
        (tmp_path / path.name).write_text(text)
    verify = subprocess.run(
        ["systemd-analyze", "verify", SCHEDULER.name, WORKER.name],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stderr
    assert verify.stderr.strip() == "", verify.stderr
