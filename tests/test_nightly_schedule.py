"""The scheduling files in scripts/: the systemd service and timer, and the cron line; and the
README sections a site's engineer follows (exit codes, "Run it every night")."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from podcast.errors import (
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_QA,
)

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "scripts" / "recap-podcast-nightly.service"
TIMER = ROOT / "scripts" / "recap-podcast-nightly.timer"
CRON = ROOT / "scripts" / "cron.example"
CALENDAR = "Mon..Fri *-*-* 19:30:00 America/New_York"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def test_the_service_runs_the_nightly_once_as_its_own_user_niced_with_a_time_limit() -> None:
    service = unit(SERVICE)
    s = service["Service"]
    assert s["Type"] == "oneshot"
    assert s["User"] and s["User"] != "root"
    assert s["Nice"] == "10"
    assert re.fullmatch(r"\d+(h|min|s)?", s["TimeoutStartSec"])
    assert s["WorkingDirectory"].startswith("/")
    argv = s["ExecStart"].split()
    assert argv[0].endswith("/.venv/bin/podcast") and argv[1] == "nightly"
    assert argv[argv.index("--inbox") + 1].startswith("/")
    out = argv[argv.index("--out") + 1]
    assert out.startswith("/") and out in s["ReadWritePaths"].split()
    assert s["Environment"].startswith("PODCAST_CACHE_DIR=/var/cache/")
    assert service["Unit"]["Description"]


def test_the_timer_fires_on_weekday_evenings_in_new_york_and_catches_up() -> None:
    timer = unit(TIMER)
    t = timer["Timer"]
    assert t["OnCalendar"] == CALENDAR
    assert t["Persistent"] == "true"
    assert t["Unit"] == SERVICE.name
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_units_and_the_calendar(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=5", CALENDAR],
        capture_output=True,
        text=True,
        check=True,
    )
    elapses = re.findall(
        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d\d-\d\d (\d\d:\d\d):00", proc.stdout
    )
    assert len(elapses) == 5
    # 19:30 in New York is 00:30 UTC (EST) or 23:30 UTC (EDT), Tuesday to Saturday in UTC.
    assert all(time in ("00:30", "23:30", "19:30") for _, time in elapses)
    # verify: every key is known and the timer's unit exists; ExecStart must name a real program.
    text = SERVICE.read_text().replace("/opt/recap-podcast/.venv/bin/podcast", "/bin/true")
    (tmp_path / SERVICE.name).write_text(text)
    shutil.copy(TIMER, tmp_path / TIMER.name)
    verify = subprocess.run(
        ["systemd-analyze", "verify", SERVICE.name, TIMER.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
    assert verify.stderr.strip() == "", verify.stderr  # no unknown key, no bad value


def test_the_cron_line_runs_the_nightly_on_weekdays_without_flock() -> None:
    lines = [ln for ln in CRON.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 1
    minute, hour, dom, month, dow, command = lines[0].split(maxsplit=5)
    assert (minute, hour, dom, month, dow) == ("30", "19", "*", "*", "1-5")
    assert "podcast nightly --inbox /" in command and " --out /" in command
    assert "flock" not in command
    assert "%" not in command  # cron would cut the command at an unescaped %
    assert re.search(r">> \S+\.log 2>&1$", command)


def test_the_readme_documents_the_exit_codes_and_how_to_schedule_it() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Exit codes") :]
    for code in (
        EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_PARTIAL, EXIT_LOCKED, EXIT_QA, EXIT_ENVIRONMENT,
    ):  # fmt: skip
        assert re.search(rf"^\| {code} \| \w", table, re.MULTILINE), code
    assert "## Run it every night" in readme
    section = readme[readme.index("## Run it every night") :]
    for needed in (SERVICE.name, TIMER.name, CRON.name, "systemctl enable --now", "journalctl"):
        assert needed in section, needed
