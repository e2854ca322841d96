"""The machine's faults get their exit codes, not "internal error": a file where a folder is wanted
is a bad argument (2), a full disk, a used-up quota, a read-only file system or a denied permission
is the environment (6); one line saying what to fix, no traceback, nothing published changed. The
disks here are real: a small tmpfs, filled or remounted read-only, in the test's own mount
namespace (`unshare -m`, as root; CI runs as root on the same kind of machine)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.soak import RECAP, published_snapshot
from podcast.errors import (
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    AccessError,
    AudioError,
    DiskSpaceError,
    InputError,
    PublishError,
    ReadOnlyError,
    SubprocessError,
    classify,
)
from podcast.util import subproc
from podcast.util.text import printable

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podcast.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
        env={**os.environ, "PODCAST_RETRY_BASE_S": "0.01"},
    )  # fmt: skip


def one_line_error(stderr: str, code: int, returncode: int) -> str:
    """The single `error:` line of a failed command (asserting there is exactly one). Off a
    terminal, `render` also writes JSON progress events to stderr: each must be one well-formed
    event object, and they are not error lines."""
    assert returncode == code, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    events = [json.loads(line) for line in lines if line.startswith("{")]
    assert all(isinstance(e, dict) and "event" in e for e in events), stderr
    lines = [line for line in lines if not line.startswith("{")]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def recap(day: int) -> str:
    return RECAP.format(
        title=f"Day {day}: Stocks Edge Higher",
        date=f"2026-11-{day:02d}",
        slug=f"day-{day}",
        variant="Technology led, while small caps slipped.",
    )


# -- bad arguments: exit 2, before anything runs ---------------------------------------------------


@pytest.mark.parametrize("command", ["render", "nightly"])
@pytest.mark.parametrize("option", ["--out", "--cache-dir"])
@pytest.mark.parametrize("where", ["is-a-file", "under-a-file"])
def test_a_file_where_a_folder_is_wanted_is_a_usage_error(
    tmp_path: Path, command: str, option: str, where: str
) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("not a folder")
    target = a_file if where == "is-a-file" else a_file / "sub" / "dir"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    args = {
        "render": ["render", str(SHORT), "--show", str(FAKE_SHOW)],
        "nightly": ["nightly", "--inbox", str(inbox), "--show", str(FAKE_SHOW)],
    }[command]
    folders = {"--out": str(tmp_path / "out"), "--cache-dir": str(tmp_path / "cache")}
    folders[option] = str(target)
    proc = cli(*args, "--out", folders["--out"], "--cache-dir", folders["--cache-dir"])
    line = one_line_error(proc.stderr, EXIT_INPUT, proc.returncode)
    assert option in line and f"{a_file} is a file, not a folder" in line
    assert a_file.read_text() == "not a folder"
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()


# -- one mapping from errno to error class ---------------------------------------------------------


def _raised(outer: type[Exception], inner: OSError) -> Exception:
    try:
        try:
            raise inner
        except OSError as exc:
            raise outer(f"cannot write the feed ({exc})") from None
    except Exception as exc:
        return exc


def test_errno_maps_to_one_error_class_whatever_wraps_it() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/srv/out/feed.xml")
    cases = [
        (full, DiskSpaceError, "the disk is full at /srv/out/feed.xml"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), DiskSpaceError, "quota"),
        (OSError(errno.EROFS, "Read-only file system"), ReadOnlyError, "read-only"),
        (OSError(errno.EACCES, "Permission denied"), AccessError, "permission denied"),
        (_raised(PublishError, full), DiskSpaceError, "free some space"),
        (_raised(AudioError, OSError(errno.EROFS, "ro")), ReadOnlyError, "mount it read-write"),
        (_raised(InputError, OSError(errno.ENOSPC, "full")), DiskSpaceError, "disk is full"),
    ]
    for exc, cls, words in cases:
        known = classify(exc)
        assert type(known) is cls and known.exit_code == EXIT_ENVIRONMENT, exc
        assert words in str(known) and not known.transient
    # a deliberate bad-input message about an unreadable recap stays bad input
    denied = _raised(InputError, OSError(errno.EACCES, "Permission denied"))
    assert classify(denied) is denied
    assert classify(OSError(errno.EIO, "i/o")) is None  # not the machine's fault: a bug or flake
    assert classify(ValueError("bug")) is None


def test_a_program_that_meets_a_full_disk_is_the_machines_fault(tmp_path: Path) -> None:
    with pytest.raises(DiskSpaceError, match="disk is full while running sh"):
        subproc.run(["sh", "-c", "echo 'out.wav: No space left on device' >&2; exit 1"])
    with pytest.raises(SubprocessError, match="exited with 1: Conversion failed"):
        subproc.run(["sh", "-c", "echo 'Conversion failed!' >&2; exit 1"])


# -- control characters in file names -------------------------------------------------------------

HOSTILE = "evil\x1b[31m\x1b]0;owned\x07\nname\r.md"


@pytest.mark.parametrize("command", ["script", "render"])
@pytest.mark.parametrize("exists", [True, False], ids=["empty-file", "missing"])
def test_control_characters_in_a_file_name_are_escaped(
    tmp_path: Path, command: str, exists: bool
) -> None:
    article = tmp_path / HOSTILE
    if exists:
        article.write_bytes(b"")
    extra = ["--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")]
    if command == "script":
        extra = []
    proc = cli(command, str(article), "--show", str(FAKE_SHOW), *extra)
    line = one_line_error(proc.stderr, EXIT_INPUT, proc.returncode)
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\r" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "evil\\x1b[31m\\x1b]0;owned\\x07" in line
    assert not (tmp_path / "out").exists()


def test_printable_escapes_controls_and_bad_bytes() -> None:
    assert printable("plain name.md") == "plain name.md"
    assert printable("a\nb\x1bc\x7f") == "a\\x0ab\\x1bc\\x7f"
    assert printable("x\udcff\u202e.md") == "x\\xff\\u202e.md"


# -- real faults: a full and a read-only file system -----------------------------------------------

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="mounting a tmpfs in a private mount namespace needs root and unshare",
)

FULL = 'dd if=/dev/zero of="$MNT/fill/zero" bs=64k 2>/dev/null || true\n' \
    'truncate -s -256K "$MNT/fill/zero"\n'  # fmt: skip
READ_ONLY = 'mount -o remount,ro "$MNT"\n'


def in_small_disk(tmp_path: Path, seed: Path | None, fault: str, *args: str) -> dict:
    """Run `podcast ARGS` with $MNT (tmp_path/mnt) a fresh 16 MB tmpfs in a private mount
    namespace: $MNT/out holds a copy of `seed`, $MNT/cache exists, then `fault` is applied.
    Returns rc, stdout, stderr and a copy of $MNT/out afterwards (as `after`)."""
    mnt, res = tmp_path / "mnt", tmp_path / "result"
    mnt.mkdir()
    res.mkdir()
    script = (
        'set -e\nmount -t tmpfs -o size=16m tmpfs "$MNT"\nmkdir "$MNT/fill" "$MNT/cache"\n'
        + ('cp -a "$SEED" "$MNT/out"\n' if seed else 'mkdir "$MNT/out"\n')
        + fault
        + 'set +e\n"$PY" -m podcast.cli "$@" >"$RES/stdout" 2>"$RES/stderr"\necho $? >"$RES/rc"\n'
        + 'cp -a "$MNT/out" "$RES/after"\n'
    )
    env = {**os.environ, "MNT": str(mnt), "RES": str(res), "SEED": str(seed or ""),
           "PY": sys.executable, "PODCAST_RETRY_BASE_S": "0.01"}  # fmt: skip
    args = tuple(a.replace("$MNT", str(mnt)) for a in args)
    proc = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0 and (res / "rc").exists(), proc.stderr
    return {
        "rc": int((res / "rc").read_text()),
        "stdout": (res / "stdout").read_text(),
        "stderr": (res / "stderr").read_text(),
        "after": res / "after",
    }


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with one episode published (the fake voice)."""
    base = tmp_path_factory.mktemp("seed")
    out = base / "out"
    proc = cli("render", str(SHORT), "--out", str(out), "--show", str(FAKE_SHOW),
               "--cache-dir", str(base / "cache"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


def assert_unchanged(seed: Path, after: Path) -> None:
    assert published_snapshot(after) == published_snapshot(seed)
    assert (after / "feed.xml").read_bytes() == (seed / "feed.xml").read_bytes()
    assert not list(after.glob(".work-*"))


@needs_root
def test_render_into_a_full_disk_is_exit_6_and_changes_nothing(tmp_path: Path, seed: Path) -> None:
    article = tmp_path / "day9.md"
    article.write_text(recap(9))
    r = in_small_disk(
        tmp_path, seed, FULL, "render", str(article), "--out", "$MNT/out",
        "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    line = one_line_error(r["stderr"], EXIT_ENVIRONMENT, r["rc"])
    assert "the disk is full" in line and "free some space" in line
    assert_unchanged(seed, r["after"])


@needs_root
def test_render_into_a_read_only_disk_is_exit_6_and_changes_nothing(
    tmp_path: Path, seed: Path
) -> None:
    article = tmp_path / "day9.md"
    article.write_text(recap(9))
    r = in_small_disk(
        tmp_path, seed, READ_ONLY, "render", str(article), "--out", "$MNT/out",
        "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    line = one_line_error(r["stderr"], EXIT_ENVIRONMENT, r["rc"])
    assert "read-only" in line and "mount it read-write" in line
    assert_unchanged(seed, r["after"])


@needs_root
def test_a_read_only_cache_fails_in_the_worker_as_exit_6(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = in_small_disk(
        tmp_path, None, READ_ONLY, "render", str(SHORT), "--out", str(out),
        "--show", str(FAKE_SHOW), "--cache-dir", "$MNT/cache",
    )  # fmt: skip
    line = one_line_error(r["stderr"], EXIT_ENVIRONMENT, r["rc"])
    assert "read-only" in line and "segment" in line  # raised in a pool worker, class kept
    assert published_snapshot(out) == {} and not list(out.glob(".work-*"))


@needs_root
def test_nightly_with_no_free_space_check_into_a_full_disk(tmp_path: Path, seed: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-day9.md").write_text(recap(9))
    (inbox / "b-day10.md").write_text(recap(10))
    r = in_small_disk(
        tmp_path, seed, FULL, "nightly", "--inbox", str(inbox), "--out", "$MNT/out",
        "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"), "--min-free-mb", "0",
    )  # fmt: skip
    assert r["rc"] == EXIT_ENVIRONMENT, r["stderr"]
    assert "Traceback" not in r["stderr"] and "internal error" not in r["stdout"] + r["stderr"]
    events = [json.loads(line) for line in r["stderr"].splitlines()]
    (failed,) = [e for e in events if e["event"] == "failed"]
    assert failed["source"] == "a-day9.md" and failed["exit_code"] == EXIT_ENVIRONMENT
    assert "the disk is full" in failed["error"]
    head, first, second = r["stdout"].splitlines()
    assert "1 failed" in head and "1 not attempted" in head and "(exit 6," in head
    assert first.split()[:2] == ["failed", "a-day9.md:"] and "the disk is full" in first
    assert second.split()[:3] == ["not", "attempted", "b-day10.md:"]
    assert_unchanged(seed, r["after"])


@needs_root
def test_nightly_into_a_read_only_disk_is_exit_6_and_changes_nothing(
    tmp_path: Path, seed: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-day9.md").write_text(recap(9))
    r = in_small_disk(
        tmp_path, seed, READ_ONLY, "nightly", "--inbox", str(inbox), "--out", "$MNT/out",
        "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"),
    )  # fmt: skip
    line = one_line_error(
        "\n".join(x for x in r["stderr"].splitlines() if not x.startswith("{")), 6, r["rc"]
    )
    assert "read-only" in line
    events = [json.loads(x) for x in r["stderr"].splitlines() if x.startswith("{")]
    assert [e["exit_code"] for e in events if e["event"] == "run_end"] == [EXIT_ENVIRONMENT]
    assert_unchanged(seed, r["after"])
