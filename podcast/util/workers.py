"""A pool of worker processes that run tasks (speech segments, episode assembly) and send back
their results, with a time limit per task, hung or crashed workers replaced, and one retry rule:
only a transient error is tried again, MAX_ATTEMPTS tries in all. Errors cross the process
boundary as what they are (errors.PodcastError subclasses). Workers are forked, so each keeps what
it loaded (a voice) for every later task of the same run: see tts/pool.py's warm engines.

The caller drives the run through `on_result`, which may add tasks (an episode's assembly once its
speech is done) and `drop`s a failed group's queued tasks; nothing here knows what a task does.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection as mpc
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from podcast.errors import PodcastError, TTSError, classify
from podcast.util.stopwatch import listening

MAX_ATTEMPTS = 3


class Task(Protocol):
    """Work for a worker: `run()` returns a picklable result; `group` ties tasks together (one
    episode) so a failure can drop the rest; `where()` names it in errors."""

    @property
    def group(self) -> int: ...

    def run(self) -> Any: ...

    def limit_s(self) -> float: ...

    def where(self) -> str: ...


# on_result(task, result, error) -> tasks to add. `error` is final (retries spent, or not
# transient); then the group's queued tasks are dropped unless the caller adds more.
OnResult = Callable[[Task, Any, PodcastError | None], Iterable[Task]]
OnStage = Callable[[Task, str], None]


def portable_error(exc: BaseException) -> PodcastError:
    """`exc` as a PodcastError that survives pickling into the parent with its class: itself, the
    machine's fault it stands for (a full disk), or a transient TTSError for anything else a task
    raised (a crash the next try may not hit)."""
    known = classify(exc)
    if known is None:
        known = TTSError(f"{type(exc).__name__}: {exc}")
    try:  # our own object, checked before the pipe pickles it
        survives = type(pickle.loads(pickle.dumps(known))) is type(known)  # noqa: S301
    except Exception:  # an error class that does not pickle: keep its name and message
        survives = False
    if survives:
        return known
    return TTSError(f"{type(exc).__name__}: {exc}", transient=known.transient)


def final_error(task: Task, error: PodcastError, tries: int) -> PodcastError:
    """The error that ends a task: its own class, naming the task, never transient."""
    if not error.transient:
        return error.retold(f"{task.where()}: {error}")
    return error.retold(f"{task.where()} failed {tries} times: {error}", transient=False)


def _worker(conn: mpc.Connection, inherited: list[mpc.Connection]) -> None:
    """A worker's loop: a task in; ("stage", name) messages while it runs; its (result, error)
    out. It exits when the parent goes away, even by SIGKILL, so no orphan keeps a voice loaded."""
    os.setsid()  # its own process group, so a hung engine's children die with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:  # the parent's pipe ends that fork copied in: hold none of them
        other.close()
    parent = os.getppid()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        error: PodcastError | None = None
        result: Any = None
        seen: set[str] = set()

        def stage(name: str, seen: set[str] = seen) -> None:
            if name not in seen:  # each stage once per task, when it first starts
                seen.add(name)
                conn.send(("stage", name))

        try:
            with listening(stage):
                result = task.run()
        except BrokenPipeError:
            return
        except Exception as exc:  # reported to the parent, which retries or gives up
            if isinstance(exc, OSError) and os.getppid() != parent:
                return
            error = portable_error(exc)
        try:
            conn.send(("done", result, error))
        except OSError:
            return


@dataclass
class _Slot:
    process: BaseProcess
    conn: mpc.Connection
    task: Task | None = None
    deadline: float = 0.0


class _Pool:
    def __init__(self, size: int) -> None:
        self._ctx = multiprocessing.get_context("fork")
        self.slots: list[_Slot] = []
        for _ in range(size):
            self.slots.append(self._start())

    def _start(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        inherited = [slot.conn for slot in self.slots] + [parent]
        proc = self._ctx.Process(target=_worker, args=(child, inherited), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def replace(self, slot: _Slot) -> _Slot:
        self.kill(slot)
        fresh = self._start()
        self.slots[self.slots.index(slot)] = fresh
        return fresh

    def kill(self, slot: _Slot) -> None:
        if slot.process.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(slot.process.pid, signal.SIGKILL)
        slot.process.join(5)
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(2)
            if slot.process.is_alive():
                self.kill(slot)


class _Queue:
    """Tasks waiting for a worker, with each task's tries so far; a dropped group never runs."""

    def __init__(self) -> None:
        self.waiting: deque[Task] = deque()
        self.tries: dict[int, int] = {}
        self.dropped: set[int] = set()

    def add(self, tasks: Iterable[Task]) -> None:
        for task in tasks:
            self.tries.setdefault(id(task), 0)
            self.waiting.append(task)

    def next(self) -> Task | None:
        while self.waiting:
            task = self.waiting.popleft()
            if task.group not in self.dropped:
                self.tries[id(task)] += 1
                return task
        return None

    def drop(self, group: int) -> None:
        self.dropped.add(group)


def run_tasks(
    tasks: Iterable[Task],
    workers: int,
    on_result: OnResult,
    on_stage: OnStage | None = None,
) -> None:
    """Run `tasks` (and those `on_result` adds) on `workers` processes; `workers <= 0` runs them
    in this process, one after another, with the same retry rule."""
    if workers <= 0:
        _run_inline(list(tasks), on_result, on_stage)
        return
    queue = _Queue()
    queue.add(tasks)
    if not queue.waiting:
        return
    pool = _Pool(workers)
    try:
        _drive(pool, queue, on_result, on_stage)
    finally:
        pool.close()


def _drive(pool: _Pool, queue: _Queue, on_result: OnResult, on_stage: OnStage | None) -> None:
    while True:
        for slot in pool.slots:
            if slot.task is None and (todo := queue.next()) is not None:
                slot.task = todo
                slot.deadline = time.monotonic() + todo.limit_s()
                slot.conn.send(todo)
        busy = [s for s in pool.slots if s.task is not None]
        if not busy:
            return
        timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
        ready = mpc.wait([s.conn for s in busy], timeout=timeout)
        for slot in list(busy):
            task = slot.task
            assert task is not None
            error: PodcastError | None
            result: Any = None
            if slot.conn in ready:
                try:
                    message = slot.conn.recv()
                except (EOFError, OSError):
                    code = slot.process.exitcode
                    error = TTSError(f"the worker died (exit code {code})", transient=True)
                    slot = pool.replace(slot)
                else:
                    if message[0] == "stage":
                        if on_stage is not None:
                            on_stage(task, message[1])
                        continue
                    _, result, error = message
            elif time.monotonic() >= slot.deadline:
                error = TTSError(f"timed out after {task.limit_s():.0f} s and was killed")
                slot = pool.replace(slot)
            else:
                continue
            slot.task = None
            tries = queue.tries[id(task)]
            if error is not None and error.transient and tries < MAX_ATTEMPTS:
                queue.waiting.append(task)
                continue
            final = None if error is None else final_error(task, error, tries)
            if final is not None:
                queue.drop(task.group)
            more = list(on_result(task, result, final))
            if more:
                queue.dropped.discard(task.group)
                queue.add(more)


def _run_inline(tasks: list[Task], on_result: OnResult, on_stage: OnStage | None) -> None:
    """The same work in this process, one task after another (for comparison and debugging)."""
    todo = deque(tasks)
    dropped: set[int] = set()
    while todo:
        task = todo.popleft()
        if task.group in dropped:
            continue
        result: Any = None
        final: PodcastError | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                if on_stage is None:
                    result = task.run()
                else:
                    seen: set[str] = set()

                    def stage(name: str, task: Task = task, seen: set[str] = seen) -> None:
                        if name not in seen:
                            seen.add(name)
                            on_stage(task, name)

                    with listening(stage):
                        result = task.run()
                final = None
                break
            except Exception as exc:
                error = portable_error(exc)
                if not error.transient or attempt == MAX_ATTEMPTS:
                    final = final_error(task, error, attempt)
                    break
        if final is not None:
            dropped.add(task.group)
        more = list(on_result(task, result, final))
        if more:
            dropped.discard(task.group)
            todo.extend(more)
