"""Two `podcast render`s and a `podcast nightly` started together into one OUT, 6 times: every
trial publishes all three, the feed lists each once, the numbers are 1..3 without gaps (also in
the MP3s' ID3 tags), and no work folder, temp file or unlisted episode folder remains.

The three processes of a trial are forked, together, from one driver process that imported the
program once (scipy alone takes ~2 s to import): each is a separate process running the real
command line (`podcast.cli.main`), with its own locks, exactly as three `podcast` commands would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from benchmarks.soak import feed_state, temp_leftovers
from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.statedir import default_state_dir, live_work_folders

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
BASE_URL = "https://podcast.example.com/shows/test/"
TRIALS = 6
PUBLIC = {"feed.xml", "index.html", "cover.png", "static", "episodes"}

# Short on purpose (about 25 s of audio): the trials measure the publishing, not the speech.
RECAP = """---
title: "Day {day}: Stocks Edge Higher"
date: 2026-11-{day:02d}
slug: day-{day}
---

## Key Takeaways

- Stocks edged higher in light trading: SPY +0.21%, QQQ +0.35%.

## Bottom line

A calm day before a busy week.
"""

DRIVER = textwrap.dedent(
    """
    import json, os, sys
    from podcast import cli, pipeline  # noqa: F401 - imported once, before the forks
    from podcast.jobs import nightly  # noqa: F401

    trials = json.loads(sys.argv[1])
    codes = []
    for jobs in trials:
        pids = []
        for job in jobs:
            pid = os.fork()
            if pid == 0:
                for fd, name in ((1, job["stdout"]), (2, job["stderr"])):
                    os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
                code = 1
                try:
                    code = cli.main(job["argv"])
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            pids.append(pid)
        codes.append([os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids])
    print(json.dumps(codes))
    """
)


def _trial(folder: Path, cache: Path) -> list[dict[str, object]]:
    folder.mkdir()
    inbox, out = folder / "inbox", folder / "out"
    inbox.mkdir()
    for day in (2, 3):
        (folder / f"recap-{day}.md").write_text(RECAP.format(day=day))
    recap = inbox / "recap-4.md"
    recap.write_text(RECAP.format(day=4))
    old = time.time() - 3600  # long finished: no "still being written" wait applies
    os.utime(recap, (old, old))
    common = ["--out", str(out), "--show", str(FAKE_SHOW), "--cache-dir", str(cache)]
    argvs = [
        ["render", str(folder / "recap-2.md"), *common],
        ["nightly", "--inbox", str(inbox), "--min-free-mb", "0", *common],
        ["render", str(folder / "recap-3.md"), *common],
    ]
    return [
        {"argv": argv, "stdout": str(folder / f"{i}.out"), "stderr": str(folder / f"{i}.err")}
        for i, argv in enumerate(argvs)
    ]


def _check(folder: Path, codes: list[int]) -> None:
    out = folder / "out"
    errors = [(folder / f"{i}.err").read_text()[-400:] for i in range(3)]
    assert codes == [0, 0, 0], errors
    expected = ["2026-11-02-day-2", "2026-11-03-day-3", "2026-11-04-day-4"]
    state = feed_state(out, BASE_URL)
    assert state.problems == []
    assert sorted(state.episode_ids) == expected  # each listed exactly once
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        records = catalog.all_newest_first()
    assert sorted(r.episode_id for r in records) == expected
    assert sorted(r.episode_number for r in records) == [1, 2, 3]
    for record in records:
        assert ID3(out / record.mp3_path)["TRCK"].text == [str(record.episode_number)]
    assert sorted(p.name for p in (out / "episodes").iterdir()) == expected  # none unlisted
    assert live_work_folders(default_state_dir(out)) == []
    assert temp_leftovers(out) == []
    assert {p.name for p in out.iterdir()} <= PUBLIC  # nothing private in OUT


@pytest.mark.slow
def test_two_renders_and_a_nightly_into_one_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    trials = [_trial(tmp_path / f"trial-{n:02d}", cache) for n in range(TRIALS)]
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(trials)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-2000:]
    codes = json.loads(proc.stdout.splitlines()[-1])
    assert len(codes) == TRIALS
    for n, trial_codes in enumerate(codes):
        _check(tmp_path / f"trial-{n:02d}", trial_codes)
    print(f"{TRIALS} trials in {elapsed:.1f} s")
