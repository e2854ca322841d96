"""Nothing private in OUT: the catalog, the nightly's ledger and locks and the work folders live in
the state folder beside OUT (or --state DIR); an OUT of the old layout is migrated on first use,
and a lock file that cannot be opened is the environment's fault (exit 6)."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.soak import feed_state, published_snapshot
from podcast.errors import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_OK, InputError
from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.statedir import (
    default_state_dir,
    live_work_folders,
    migrate,
    prepare_state,
    resolve_state_dir,
)
from tests.test_nightly import SHORT, recap, run_nightly

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
BASE_URL = "https://podcast.example.com/shows/test/"
PUBLIC = {"feed.xml", "index.html", "cover.png", "static", "episodes"}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podcast.cli", *args], cwd=ROOT, capture_output=True, text=True
    )


def render_args(out: Path, cache: Path, *more: str) -> list[str]:
    return [
        "render", str(SHORT), "--out", str(out), "--show", str(FAKE_SHOW), "--cache-dir",
        str(cache), *more,
    ]  # fmt: skip


def test_the_default_state_folder_is_outs_sibling(tmp_path: Path) -> None:
    out, cache = tmp_path / "site" / "output", tmp_path / "cache"
    proc = cli(*render_args(out, cache))
    assert proc.returncode == EXIT_OK, proc.stderr
    state = tmp_path / "site" / "output.state"
    assert default_state_dir(out) == state
    assert {p.name for p in out.iterdir()} <= PUBLIC
    assert (state / layout.CATALOG).is_file() and (state / layout.PUBLISH_LOCK).is_file()
    with Catalog(state / layout.CATALOG) as catalog:
        assert [r.episode_number for r in catalog.all_newest_first()] == [1]


def test_state_dir_option_moves_it(tmp_path: Path) -> None:
    out, cache, state = tmp_path / "out", tmp_path / "cache", tmp_path / "private" / "podcast"
    proc = cli(*render_args(out, cache, "--state", str(state)))
    assert proc.returncode == EXIT_OK, proc.stderr
    assert (state / layout.CATALOG).is_file()
    assert not default_state_dir(out).exists()
    assert {p.name for p in out.iterdir()} <= PUBLIC


@pytest.mark.parametrize("where", ["inside", "same", "file"])
def test_a_state_folder_inside_out_or_on_a_file_is_refused(tmp_path: Path, where: str) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    out.mkdir()
    (tmp_path / "afile").write_text("x")
    state = {"inside": out / "state", "same": out, "file": tmp_path / "afile" / "state"}[where]
    proc = cli(*render_args(out, cache, "--state", str(state)))
    assert proc.returncode == EXIT_INPUT, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("error: ") and "state folder" in line
    assert list(out.iterdir()) == [] and not cache.exists()  # refused before any work
    with pytest.raises(InputError):
        resolve_state_dir(out, out / "x" / "..")


@pytest.mark.parametrize("command", ["render", "nightly"])
def test_a_lock_file_that_cannot_be_opened_is_exit_6(tmp_path: Path, command: str) -> None:
    out, cache, inbox = tmp_path / "out", tmp_path / "cache", tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(12))
    state = default_state_dir(out)
    # A directory where the lock file should be: no permission bits involved, so this holds as
    # root too (os.open gives EISDIR).
    name = layout.NIGHTLY_LOCK if command == "nightly" else layout.PUBLISH_LOCK
    (state / name).mkdir(parents=True)
    if command == "render":
        proc = cli(*render_args(out, cache))
    else:
        proc = cli(
            "nightly", "--inbox", str(inbox), "--out", str(out), "--show", str(FAKE_SHOW),
            "--cache-dir", str(cache),
        )  # fmt: skip
    assert proc.returncode == EXIT_ENVIRONMENT, proc.stderr
    last = proc.stderr.splitlines()[-1]
    assert last.startswith(f"error: cannot open the lock file {state / name}")
    assert "state folder" in last and "permissions or ownership" in last
    assert published_snapshot(out) == {}  # nothing published
    assert [p.name for p in state.iterdir() if p.name != "work"] == [name]
    assert live_work_folders(state) == []


# -- migration of an OUT made by an older version ----------------------------------------------

KEEP_WAL = textwrap.dedent(
    """
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE episodes SET title = 'Renamed in the log' WHERE episode_number = 1")
    os._exit(0)  # killed: the committed change stays in catalog.sqlite-wal only
    """
)


def make_old_layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An OUT as the previous version left it: catalog.sqlite (with a committed change still in
    its -wal), .nightly-state.json and .nightly.lock inside OUT, no state folder."""
    inbox, out, cache = tmp_path / "inbox", tmp_path / "out", tmp_path / "cache"
    inbox.mkdir()
    (inbox / "a.md").write_text(recap(10))
    summary, _ = run_nightly(inbox, out, cache)
    assert summary.exit_code == EXIT_OK
    state = default_state_dir(out)
    shutil.move(state / layout.CATALOG, out / "catalog.sqlite")
    shutil.move(state / layout.LEDGER, out / ".nightly-state.json")
    (out / ".nightly.lock").write_text("")
    shutil.rmtree(state)
    subprocess.run([sys.executable, "-c", KEEP_WAL, str(out / "catalog.sqlite")], check=True)
    assert (out / "catalog.sqlite-wal").stat().st_size > 0
    return inbox, out, cache


def titles(state: Path) -> dict[int, str]:
    with Catalog(state / layout.CATALOG) as catalog:
        return {r.episode_number: r.title for r in catalog.all_newest_first()}


def test_an_old_layout_out_is_migrated_and_numbering_continues(tmp_path: Path) -> None:
    inbox, out, cache = make_old_layout(tmp_path)
    published = published_snapshot(out)
    (inbox / "b.md").write_text(recap(11))
    summary, _ = run_nightly(inbox, out, cache)
    assert summary.exit_code == EXIT_OK
    # The ledger came along (a.md is unchanged) and the catalog too, with its log.
    assert [(o.source, o.status) for o in summary.outcomes] == [
        ("a.md", "unchanged"),
        ("b.md", "published"),
    ]
    state = default_state_dir(out)
    assert titles(state) == {1: "Renamed in the log", 2: titles(state)[2]}
    assert {p.name for p in out.iterdir()} <= PUBLIC  # nothing private left in OUT
    assert (state / layout.LEDGER).is_file() and (state / layout.NIGHTLY_LOCK).is_file()
    feed = feed_state(out, BASE_URL)
    assert feed.problems == [] and len(feed.episode_ids) == 2
    assert b"Renamed in the log" in (out / "feed.xml").read_bytes()
    a_files = {k: v for k, v in published.items() if "2026-11-10" in k}
    assert {k: v for k, v in published_snapshot(out).items() if "2026-11-10" in k} == a_files
    # Idempotent: nothing more to move.
    assert migrate(out.resolve(), state) == []
    assert prepare_state(out) == state


def _prepare(out: str) -> None:
    prepare_state(Path(out))


def test_concurrent_first_runs_never_lose_the_catalog(tmp_path: Path) -> None:
    _, out, _ = make_old_layout(tmp_path)
    pristine = tmp_path / "pristine"
    shutil.copytree(out, pristine)
    ctx = multiprocessing.get_context("fork")
    for trial in range(5):
        shutil.rmtree(out)
        shutil.rmtree(default_state_dir(out), ignore_errors=True)
        shutil.copytree(pristine, out)
        procs = [ctx.Process(target=_prepare, args=(str(out),)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * 4, trial
        state = default_state_dir(out)
        assert titles(state) == {1: "Renamed in the log"}
        assert not any((out / n).exists() for n in ("catalog.sqlite", "catalog.sqlite-wal"))
        assert not (out / ".nightly-state.json").exists() and (state / layout.LEDGER).is_file()


def test_a_catalog_in_both_places_is_refused_unless_identical(tmp_path: Path) -> None:
    out, state = tmp_path / "out", tmp_path / "out.state"
    out.mkdir()
    state.mkdir()
    for folder, title in ((out, "old"), (state, "new")):
        conn = sqlite3.connect(folder / layout.CATALOG)
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES (?)", (title,))
        conn.commit()
        conn.close()
    with pytest.raises(Exception, match="a catalog both in") as info:
        prepare_state(out)
    assert getattr(info.value, "exit_code", None) == EXIT_ENVIRONMENT
    shutil.copy(state / layout.CATALOG, out / layout.CATALOG)  # an interrupted copy's leftover
    prepare_state(out)
    assert not (out / layout.CATALOG).exists() and (state / layout.CATALOG).is_file()
