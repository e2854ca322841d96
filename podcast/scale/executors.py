"""The executors: what runs a batch's speech and assembly. Both run the same two task functions
(tts/pool.py's SpeakTask, pipeline.assemble) and hand each finished episode (or its error) to
the caller, who publishes; neither publishes anything itself.

- LocalExecutor (the default): the worker pool of util/workers.py on this machine. Speech of every
  episode of the batch goes to one pool whose workers keep their voices warm; each episode is
  assembled in this process as soon as its speech is done (a background thread in a batch, so the
  pool speaks the next episode meanwhile).
- DaskExecutor: the same tasks on a Dask distributed cluster (`--scheduler tcp://HOST:PORT`).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from podcast import pipeline
from podcast.errors import ConfigError, PodcastError, TTSError
from podcast.models import FinishedEpisode
from podcast.progress import Progress
from podcast.tts.pool import SpeakTask, default_workers
from podcast.util.stopwatch import listening, stage
from podcast.util.workers import Task, run_tasks

# on_finished(index, finished, error): exactly one of the two is set; called once per episode.
OnFinished = Callable[[int, FinishedEpisode | None, BaseException | None], None]
STAGE_TOPIC = "podcast-stage"  # the Dask event topic assembly stages are reported on
# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 (to hand memory back sooner).
# A fixed threshold also turns off glibc's adaptive mmap threshold, so every large numpy buffer
# of speech and mixing is mmapped and faulted in afresh: measured on 8 recaps, one render's
# system time went from 2.5 s to 14.8 s. Our workers keep the allocator's defaults; their
# memory is bounded by the streaming audio path instead. The same setting as an environment
# variable, for `dask worker`: WORKER_DASK_ENV (the README's Scale out and the worker unit).
WORKER_DASK_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
WORKER_DASK_ENV = {"DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON": '{"MALLOC_TRIM_THRESHOLD_": None}'}


@dataclass
class EpisodeWork:
    """One episode for an executor: the speech it still needs and how to assemble it."""

    index: int
    episode_id: str
    speak: list[SpeakTask]
    job: pipeline.AssembleJob
    remaining: int = field(init=False)

    def __post_init__(self) -> None:
        self.remaining = len(self.speak)


class Executor(Protocol):
    name: str
    work_root: Path | None  # where episodes are assembled (None: the state folder's work/)

    def run(self, works: Sequence[EpisodeWork], progress: Progress, done: OnFinished) -> None: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Speech on this machine's worker pool (`workers` processes; 0 speaks in this process)."""

    name = "local"

    def __init__(self, workers: int | None = None, *, work_root: Path | None = None) -> None:
        self.workers = default_workers() if workers is None else max(0, workers)
        self.work_root = work_root

    def close(self) -> None:
        pass  # each run's pool is gone when the run ends

    def run(self, works: Sequence[EpisodeWork], progress: Progress, done: OnFinished) -> None:
        by_group = {w.index: w for w in works}
        failed: set[int] = set()
        lock = threading.Lock()
        batch = len(works) > 1
        assembler = ThreadPoolExecutor(1, thread_name_prefix="assemble") if batch else None
        later: list[EpisodeWork] = []

        def assemble(work: EpisodeWork) -> None:
            def report(name: str) -> None:
                progress.stage(work.episode_id, name)

            try:
                with listening(report):
                    finished = pipeline.assemble(work.job)
            except Exception as exc:  # its own class: QAError stays exit 5, a bug exit 70
                done(work.index, None, exc)
                return
            done(work.index, finished, None)

        def ready(work: EpisodeWork) -> None:
            if assembler is not None:  # in a batch: while the pool speaks the next episode
                assembler.submit(contextvars.copy_context().run, assemble, work)
            else:
                later.append(work)

        def on_result(task: Task, result: Any, error: PodcastError | None) -> list[Task]:
            work = by_group[task.group]
            with lock:
                if work.index in failed:
                    return []
                if error is not None:
                    failed.add(work.index)
            if error is not None:
                done(work.index, None, error)
                return []
            progress.spoken(work.episode_id)
            work.remaining -= 1
            if work.remaining == 0:
                ready(work)
            return []

        try:
            for work in works:
                if not work.speak:
                    ready(work)
            tasks = [t for w in works for t in w.speak]
            if tasks:
                with stage("speech"):
                    run_tasks(tasks, min(self.workers, len(tasks)), on_result)
            for work in later:  # one episode: assembled here, after its speech
                assemble(work)
        finally:
            if assembler is not None:
                assembler.shutdown(wait=True)


class DaskExecutor:
    """Speech and assembly as tasks on a Dask distributed cluster. The cluster's workers must
    share the segment cache and the work area with this client (the same paths), and run the same
    project version with the same voices installed; see the README's "Scale out"."""

    name = "dask"

    def __init__(
        self, address: str | None = None, *, client: Any = None, work_root: Path | None = None
    ) -> None:
        if client is None and not address:
            raise ConfigError("no Dask scheduler address; pass --scheduler tcp://HOST:PORT")
        self.address = address
        self.work_root = work_root
        self._client = client

    def connect(self) -> Any:
        """The client, connected on first use (ConfigError if the scheduler cannot be reached)."""
        if self._client is not None:
            return self._client
        from distributed import Client

        try:
            _probe(self.address or "")  # a refused port fails now, not after the 20 s handshake
            self._client = Client(self.address, timeout="20s", set_as_default=False)
        except OSError as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {self.address} ({exc}); start it (see the "
                "README's Scale out) or drop --scheduler to render on this machine"
            ) from None
        return self._client

    def close(self) -> None:
        if self._client is not None and self.address:
            self._client.close()
            self._client = None

    def run(self, works: Sequence[EpisodeWork], progress: Progress, done: OnFinished) -> None:
        from distributed import as_completed

        client = self.connect()
        ids = {w.index: w.episode_id for w in works}

        def on_stage(event: Any) -> None:
            _, message = event
            if isinstance(message, dict) and message.get("index") in ids:
                progress.stage(ids[message["index"]], str(message.get("stage")))

        client.subscribe_topic(STAGE_TOPIC, on_stage)
        try:
            pending = {}
            for work in works:
                spoken = []
                for task in work.speak:
                    fut = client.submit(
                        speak_remote, task, key=f"speak-{task.key}", retries=2, pure=False
                    )
                    fut.add_done_callback(_counter(progress, work.episode_id))
                    spoken.append(fut)
                fut = client.submit(
                    assemble_remote,
                    work.job,
                    work.index,
                    *spoken,
                    key=f"assemble-{work.episode_id}-{work.job.work.name}",
                    retries=2,
                    pure=False,
                )
                pending[fut] = work
            for fut in as_completed(list(pending), loop=client.loop):
                work = pending[fut]
                try:
                    finished = fut.result()
                except Exception as exc:
                    done(work.index, None, _cluster_error(exc))
                    continue
                done(work.index, finished, None)
        finally:
            client.unsubscribe_topic(STAGE_TOPIC)


def _probe(address: str) -> None:
    """Open and close a TCP connection to a tcp:// or tls:// scheduler address (OSError if
    nothing listens there); other transports are left to Dask."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(
            f"--scheduler {address!r} has no valid port; use tcp://HOST:PORT"
        ) from None
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or port is None:
        return
    with socket.create_connection((parts.hostname, port), timeout=5):
        pass


def _counter(progress: Progress, episode_id: str) -> Callable[[Any], None]:
    def spoken(fut: Any) -> None:
        if fut.status == "finished":
            progress.spoken(episode_id)

    return spoken


def _cluster_error(exc: BaseException) -> BaseException:
    if type(exc).__name__ == "KilledWorker":
        return TTSError(f"the cluster lost every worker that tried it ({exc})", transient=True)
    return exc


def speak_remote(task: SpeakTask) -> str:
    """A speech task on a cluster worker: the voice stays loaded in that worker process."""
    task.run()
    return task.key


def assemble_remote(job: pipeline.AssembleJob, index: int, *_spoken: str) -> FinishedEpisode:
    """An episode's assembly on a cluster worker, once its speech tasks are done (their keys
    are the arguments only so the scheduler waits for them); stages are reported as events."""
    from distributed import get_worker

    worker = get_worker()

    def report(name: str) -> None:
        worker.log_event(STAGE_TOPIC, {"index": index, "stage": name})

    with listening(report):
        return pipeline.assemble(job)


def make_executor(
    scheduler: str | None, workers: int | None, *, work_root: Path | None = None
) -> LocalExecutor | DaskExecutor:
    """`--scheduler` (or $DASK_SCHEDULER_ADDRESS, read by the caller) picks Dask; else local.
    `work_root`: the work area episodes are assembled in (on a cluster, shared by every worker)."""
    if scheduler:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ConfigError(
                f"--scheduler {scheduler!r} is not a Dask address; use tcp://HOST:PORT"
            )
        return DaskExecutor(scheduler, work_root=work_root)
    return LocalExecutor(workers, work_root=work_root)
