"""One writer per output folder: the episode number is assigned (and written into the MP3) inside
the publish lock, a publish that fails leaves nothing behind, and work folders are removed only
when their owner is gone."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from benchmarks.soak import feed_state
from podcast.audio.export import Tags, write_tags
from podcast.errors import EXIT_LOCKED, LockBusy, PublishError
from podcast.publish import layout, publisher
from podcast.publish.catalog import Catalog
from podcast.publish.statedir import (
    default_state_dir,
    live_work_folders,
    publish_lock,
    remove_orphan_work,
    work_folder,
)
from tests.test_publish import EPISODES, make_episode, make_mp3, make_show, publish_episode

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = make_show().base_url


def _numbering_publish(out: str, mp3: str, index: int, log: str) -> None:
    """One publisher (run in a thread or a forked process): numbers its MP3 inside the critical
    section, slowly, and notes when it was inside."""
    date, slug, title, _, secs, chapters = EPISODES[index]
    episode = make_episode(Path(mp3), date, slug, title, secs, chapters)

    def number_mp3(path: Path, number: int) -> None:
        entered = time.monotonic()
        time.sleep(0.15)  # widen the window two unlocked writers would race in
        write_tags(path, Tags(title=title, artist="A", album="B", date=date, track=number), secs)
        with open(log, "a") as fh:
            fh.write(json.dumps([index, number, entered, time.monotonic()]) + "\n")

    publish_episode(Path(out), make_show(), episode, number_mp3=number_mp3, show_cover=b"PNG")


def _copies(tmp_path: Path, tones: list[Path], trial: int) -> list[str]:
    """Fresh copies of the tones: each publisher tags its own file."""
    folder = tmp_path / f"mp3-{trial}"
    folder.mkdir()
    return [str(shutil.copy(t, folder / t.name)) for t in tones]


def _check_numbered(out: Path, log: Path, count: int) -> None:
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == count
    # Never two writers inside the critical section at once.
    spans = sorted((start, end) for _, _, start, end in entries)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert sorted(number for _, number, _, _ in entries) == list(range(1, count + 1))
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        records = catalog.all_newest_first()
    assert sorted(r.episode_number for r in records) == list(range(1, count + 1))
    for record in records:  # the number in the published MP3 is the catalog's
        assert ID3(out / record.mp3_path)["TRCK"].text == [str(record.episode_number)]
    state = feed_state(out, BASE_URL)
    assert not state.problems
    assert sorted(state.episode_ids) == sorted(r.episode_id for r in records)


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("tones")
    return [make_mp3(folder / f"{slug}.mp3", hz, 1) for _, slug, _, hz, _, _ in EPISODES]


def test_racing_processes_get_numbers_one_to_n_under_the_lock(
    tmp_path: Path, tones: list[Path]
) -> None:
    ctx = multiprocessing.get_context("fork")
    for trial in range(3):
        out, log = tmp_path / f"out-{trial}", tmp_path / f"log-{trial}"
        mp3s = _copies(tmp_path, tones, trial)
        procs = [
            ctx.Process(target=_numbering_publish, args=(str(out), mp3s[i], i, str(log)))
            for i in range(len(EPISODES))
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0] * len(procs)
        _check_numbered(out, log, len(EPISODES))


def test_racing_threads_get_numbers_one_to_n_under_the_lock(
    tmp_path: Path, tones: list[Path]
) -> None:
    out, log = tmp_path / "out", tmp_path / "log"
    mp3s = _copies(tmp_path, tones, 0)
    errors: list[BaseException] = []

    def one(i: int) -> None:
        try:
            _numbering_publish(str(out), mp3s[i], i, str(log))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(EPISODES))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    _check_numbered(out, log, len(EPISODES))


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from podcast.publish.statedir import publish_lock

    with publish_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_a_held_publish_lock_is_waited_for_then_refused_with_the_holder(
    tmp_path: Path, tones: list[Path]
) -> None:
    out = tmp_path / "out"
    state = default_state_dir(out)
    state.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(state)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        date, slug, title, _, secs, chapters = EPISODES[0]
        episode = make_episode(tones[0], date, slug, title, secs, chapters)
        started = time.monotonic()
        with pytest.raises(LockBusy) as info:
            publish_episode(out, make_show(), episode, wait_s=0.5)
        waited = time.monotonic() - started
        assert info.value.exit_code == EXIT_LOCKED
        assert 0.5 <= waited < 5
        message = str(info.value)
        assert f"another publisher holds {state / layout.PUBLISH_LOCK}" in message
        assert f"pid {holder.pid}, publishing" in message and "nothing was published" in message
        assert not (out / "episodes").exists() and not (out / "feed.xml").exists()
        holder.send_signal(signal.SIGKILL)  # the kernel frees a killed holder's lock
        holder.wait(10)
        publish_episode(out, make_show(), episode, wait_s=5)
        assert feed_state(out, BASE_URL).episode_ids == [episode.recap.episode_id]
    finally:
        holder.kill()
        holder.wait(10)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("where", ["numbering", "feed"])
def test_a_failed_publish_removes_what_it_wrote(
    tmp_path: Path, tones: list[Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    out, show = tmp_path / "out", make_show()
    first = make_episode(tones[0], *[EPISODES[0][i] for i in (0, 1, 2, 4, 5)])
    publish_episode(out, show, first)
    state = default_state_dir(out)
    before = _tree(out)
    second = make_episode(tones[1], *[EPISODES[1][i] for i in (0, 1, 2, 4, 5)])

    def broken_number(path: Path, number: int) -> None:
        raise PublishError("tagging failed")

    kw: dict[str, object] = {}
    if where == "numbering":
        kw["number_mp3"] = broken_number
    else:  # after every episode file and the index were written: the feed fails
        real = publisher.render_feed

        def feed_then_fail(show_: object, records: list[object], **kw: object) -> bytes:
            if len(records) > 1:
                raise OSError(28, "No space left on device")
            return real(show_, records, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(publisher, "render_feed", feed_then_fail)
    with pytest.raises(PublishError):
        publish_episode(out, show, second, **kw)
    assert _tree(out) == before  # no episode folder no feed lists; the other episode untouched
    assert not (out / "episodes" / second.recap.episode_id).exists()
    with Catalog(state / layout.CATALOG) as catalog:
        assert [r.episode_id for r in catalog.all_newest_first()] == [first.recap.episode_id]
    monkeypatch.undo()
    publish_episode(out, show, second)  # and the next try publishes it as number 2
    with Catalog(state / layout.CATALOG) as catalog:
        assert catalog.get(second.recap.episode_id).episode_number == 2  # type: ignore[union-attr]


OWNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from podcast.publish.statedir import work_folder

    with work_folder(Path(sys.argv[1])) as work:
        (work / "episode.mp3").write_bytes(b"x")
        print(work, flush=True)
        time.sleep(60)
    """
)


def test_housekeeping_removes_only_work_folders_whose_owner_is_gone(tmp_path: Path) -> None:
    state = tmp_path / "out.state"
    state.mkdir()
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(state)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert owner.stdout is not None
        theirs = Path(owner.stdout.readline().strip())
        with work_folder(state) as mine:
            assert sorted(live_work_folders(state)) == sorted([theirs, mine])
            assert remove_orphan_work(state) == []  # both owners alive: nothing removed
            assert (theirs / "episode.mp3").is_file() and mine.is_dir()
            owner.send_signal(signal.SIGKILL)
            owner.wait(10)
            assert remove_orphan_work(state) == [theirs]
            assert live_work_folders(state) == [mine] and mine.is_dir()
        assert live_work_folders(state) == []  # the owner removes its own on the way out
        assert list((state / layout.WORK_DIR).iterdir()) == []
    finally:
        owner.kill()
        owner.wait(10)


def test_the_publish_lock_is_exclusive_between_threads(tmp_path: Path) -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    def worker(i: int) -> None:
        with publish_lock(tmp_path, wait_s=30):
            inside.append(i)
            if len(inside) > 1:
                overlaps.append(i)
            time.sleep(0.02)
            inside.remove(i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert overlaps == [] and inside == []
    assert os.path.isfile(tmp_path / layout.PUBLISH_LOCK)
