"""The Dask executor: a LocalCluster of two single-threaded worker processes, started here, renders
a batch byte-identical to the local pool (fake voice and the real voices); a worker killed in the
middle of a batch loses no episode and publishes none twice; and the real `dask scheduler` and
`dask worker` commands on loopback serve `podcast render --scheduler` the way an operator runs them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from benchmarks.soak import RECAP, VARIANTS, published_snapshot
from podcast.config import load_show
from podcast.progress import progress_for
from podcast.scale.batch import Request, render_many
from podcast.scale.executors import WORKER_DASK_ENV, DaskExecutor, LocalExecutor
from podcast.tts.cache import SegmentCache

distributed = pytest.importorskip("distributed")  # pinned in pyproject: always there in CI

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
DASK = Path(sys.executable).with_name("dask")


def write_recaps(folder: Path, days: list[int]) -> list[Path]:
    """Short recaps, one per day, each with its own wording (written in reverse date order, so
    publishing in recap-date order is not the order they were given)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, day in enumerate(sorted(days, reverse=True)):
        path = folder / f"recap-2026-11-{day:02d}.md"
        path.write_text(
            RECAP.format(
                title=f"Day {day}: Stocks Edge Higher",
                date=f"2026-11-{day:02d}",
                slug=f"day-{day}",
                variant=VARIANTS[n % len(VARIANTS)],
            )
        )
        paths.append(path)
    return paths


def feed_items(out: Path) -> list[tuple[str, str]]:
    """(guid, itunes:episode) of every item of OUT's feed."""
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    return [
        (item.findtext("guid") or "", item.findtext("itunes:episode", namespaces=ns) or "")
        for item in feed.iter("item")
    ]


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two worker processes of one thread each, as the issue asks (no dashboard, loopback only)."""
    import dask
    from distributed import Client, LocalCluster

    from podcast.scale.executors import WORKER_DASK_CONFIG

    with dask.config.set(WORKER_DASK_CONFIG), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    ) as cl, Client(cl, set_as_default=False) as client:  # fmt: skip
        yield client


@pytest.fixture(scope="module")
def fake_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Four short recaps rendered by the local pool (2 processes): the reference."""
    root = tmp_path_factory.mktemp("local")
    recaps = write_recaps(root / "in", [9, 10, 11, 12])
    out = root / "out"
    outcomes = render_many(
        [Request(p) for p in recaps], out, load_show(FAKE_SHOW),
        cache=SegmentCache(root / "cache"), executor=LocalExecutor(2),
    )  # fmt: skip
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return {"recaps": recaps, "out": out, "snapshot": published_snapshot(out)}


def test_a_dask_batch_is_byte_identical_to_the_local_pool(
    cluster: object, fake_batch: dict, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    outcomes = render_many(
        [Request(p) for p in fake_batch["recaps"]], out, load_show(FAKE_SHOW),
        cache=SegmentCache(tmp_path / "cache"), executor=DaskExecutor(client=cluster),
    )  # fmt: skip
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    snap = published_snapshot(out)
    assert sum(name.endswith(".mp3") for name in snap) == 8  # episode.mp3 + versioned, x4
    assert snap == fake_batch["snapshot"]
    # Published in recap-date order: episode 1 is the 9th, whatever order they were given in.
    numbers = {guid.rsplit("/", 1)[-1]: n for guid, n in feed_items(out)}
    assert len(numbers) == 4
    # the speech ran on the cluster's workers, not in this process
    segments = sum(len(o.result.script.segments) for o in outcomes if o.result)
    assert len(list((tmp_path / "cache").rglob("*.wav"))) in range(1, segments + 1)


@pytest.mark.voice
def test_the_real_voices_on_the_cluster_give_the_local_bytes(
    cluster: object, tmp_path: Path
) -> None:
    """hibari heart and Piper joe, each loaded once per worker: the MP3s are the local pool's."""
    recaps = write_recaps(tmp_path / "in", [16, 17])
    show = load_show(ROOT / "podcast.toml")
    snaps = []
    for name, executor in (("local", LocalExecutor(2)), ("dask", DaskExecutor(client=cluster))):
        out = tmp_path / name
        outcomes = render_many(
            [Request(p) for p in recaps], out, show, cache=SegmentCache(tmp_path / f"cache-{name}"),
            executor=executor,
        )  # fmt: skip
        assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
        voices = {s.voice for o in outcomes if o.result for s in o.result.episode.segments}
        assert {"heart", "joe"} <= voices, voices
        snaps.append(published_snapshot(out))
    local, dask = snaps
    assert sum(name.endswith(".mp3") for name in local) == 4
    assert dask == local


def test_the_nightly_on_the_cluster_publishes_the_same_episodes(
    cluster: object, fake_batch: dict, tmp_path: Path
) -> None:
    """`podcast nightly --scheduler` runs each inbox recap on the cluster: same bytes, same
    numbers as the local batch (the inbox lists them by name, which is date order here)."""
    import io

    from podcast.jobs import nightly
    from podcast.jobs.events import EventLog

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for recap in fake_batch["recaps"]:
        (inbox / recap.name).write_bytes(recap.read_bytes())
    out = tmp_path / "out"
    stream = io.StringIO()
    summary = nightly.run(
        inbox, out, load_show(FAKE_SHOW), SegmentCache(tmp_path / "cache"),
        log=EventLog(stream, tty=False), retry_base_s=0.01, min_age_s=0,
        executor=DaskExecutor(client=cluster),
    )  # fmt: skip
    assert summary.exit_code == 0, stream.getvalue()
    assert summary.counts()["published"] == 4
    assert published_snapshot(out) == fake_batch["snapshot"]


class _KillOnce:
    """A progress display that, when the first episode enters assembly on the cluster, kills
    the worker process running that assembly (SIGKILL, as the OOM killer would): from another
    thread, since the stage events arrive on the client's event loop."""

    def __init__(self, client: object) -> None:
        self.client = client
        self.inner = progress_for(mode="none")
        self.started = threading.Event()
        self.killed: dict[str, object] = {}
        self.finished: list[str] = []
        self.thread = threading.Thread(target=self._kill, daemon=True)
        self.thread.start()

    def _kill(self) -> None:
        if not self.started.wait(120):
            return
        client = self.client
        for _ in range(200):  # the assembly's task shows up in the scheduler's processing list
            busy = {
                addr: keys
                for addr, keys in client.processing().items()  # type: ignore[attr-defined]
                if any(str(k).startswith("assemble-") for k in keys)
            }
            if busy:
                addr, keys = sorted(busy.items())[0]
                pid = client.run(os.getpid, workers=[addr])[addr]  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
                self.killed = {"pid": pid, "keys": list(keys), "done_before": list(self.finished)}
                return
            time.sleep(0.02)

    def episode(self, episode_id: str, title: str, segments: int, cached: int) -> None:
        pass

    def spoken(self, episode_id: str, count: int = 1) -> None:
        pass

    def stage(self, episode_id: str, stage: str) -> None:
        self.started.set()

    def done(self, episode_id: str, *, ok: bool, detail: str = "") -> None:
        self.finished.append(episode_id)

    def close(self) -> None:
        pass


def test_a_worker_killed_mid_batch_loses_no_episode_and_publishes_none_twice(
    cluster: object, fake_batch: dict, tmp_path: Path
) -> None:
    before = set(cluster.run(os.getpid).values())  # type: ignore[attr-defined]
    out = tmp_path / "out"
    killer = _KillOnce(cluster)
    outcomes = render_many(
        [Request(p) for p in fake_batch["recaps"]], out, load_show(FAKE_SHOW),
        cache=SegmentCache(tmp_path / "cache"), executor=DaskExecutor(client=cluster),
        progress=killer,
    )  # fmt: skip
    killer.thread.join(5)
    assert killer.killed, "no worker was killed: the test did not exercise a lost worker"
    assert killer.killed["pid"] in before
    assert len(killer.killed["done_before"]) < 4  # type: ignore[arg-type]  # mid-batch
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    # Every episode published exactly once: four items, four rows, one versioned MP3 each,
    # numbered 1-4, and the bytes are the undisturbed local run's.
    items = feed_items(out)
    assert len(items) == len({g for g, _ in items}) == 4
    assert sorted(n for _, n in items) == ["1", "2", "3", "4"]
    state = out.with_name(out.name + ".state")
    for db in [*out.rglob("catalog.sqlite"), *state.rglob("catalog.sqlite")]:
        with sqlite3.connect(db) as con:
            (rows,) = con.execute("select count(*) from episodes").fetchone()
        assert rows == 4
    for folder in (out / "episodes").iterdir():
        assert len(list(folder.glob("episode-*.mp3"))) == 1, folder
    assert published_snapshot(out) == fake_batch["snapshot"]
    cluster.wait_for_workers(2, timeout=60)  # type: ignore[attr-defined]  # the nanny restarted it
    assert set(cluster.run(os.getpid).values()) != before  # type: ignore[attr-defined]


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=log.parent,
        start_new_session=True,
    )  # fmt: skip


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(20)


@pytest.mark.slow
def test_the_dask_commands_on_loopback_serve_podcast_render(
    fake_batch: dict, tmp_path: Path
) -> None:
    """`dask scheduler` and `dask worker --nworkers 2 --nthreads 1`, as the README starts them;
    `podcast render A B C D --scheduler tcp://...` publishes the local pool's bytes."""
    from distributed import Client

    info = tmp_path / "scheduler.json"
    scheduler = _start(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(info)],
        tmp_path / "scheduler.log",
    )  # fmt: skip
    worker = None
    try:
        for _ in range(300):
            if info.exists() and info.stat().st_size:
                break
            assert scheduler.poll() is None, (tmp_path / "scheduler.log").read_text()
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = _start(
            ["env", *(f"{k}={v}" for k, v in WORKER_DASK_ENV.items()),
             str(DASK), "worker", "--scheduler-file", str(info), "--nworkers", "2",
             "--nthreads", "1", "--no-dashboard", "--local-directory", str(tmp_path / "dw")],
            tmp_path / "worker.log",
        )  # fmt: skip
        with Client(address, set_as_default=False, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
            # the README's worker environment keeps glibc's adaptive allocator (no fixed trim)
            trim = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
            assert list(trim.values()) == [None, None], trim
        out = tmp_path / "out"
        proc = subprocess.run(
            [sys.executable, "-m", "podcast.cli", "render", *map(str, fake_batch["recaps"]),
             "--out", str(out), "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"),
             "--json"],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
            env={**os.environ, "DASK_SCHEDULER_ADDRESS": address},
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        assert len(summary["rendered"]) == 4 and summary["failed"] == []
        events = [json.loads(x) for x in proc.stderr.splitlines() if x.startswith("{")]
        stages = {(e["episode"], e["stage"]) for e in events if e["event"] == "stage"}
        assert len({s for _, s in stages}) == 5  # mix ... publish, reported from the workers
        assert published_snapshot(out) == fake_batch["snapshot"]
    finally:
        if worker is not None:
            _stop(worker)
        _stop(scheduler)


def test_an_unreachable_scheduler_is_a_one_line_settings_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    article = write_recaps(tmp_path / "in", [9])[0]
    out = tmp_path / "out"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "podcast.cli", "render", str(article), "--out", str(out),
         "--show", str(FAKE_SHOW), "--cache-dir", str(tmp_path / "cache"),
         "--scheduler", f"tcp://127.0.0.1:{port}", "--progress", "none"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert time.monotonic() - started < 60
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "cannot reach the Dask scheduler" in lines[0] and "--scheduler" in lines[0]
    assert proc.returncode == 2  # a settings error, before anything is rendered
    assert not out.exists() or published_snapshot(out) == {}
