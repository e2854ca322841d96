"""Wall time per stage of one render, for the `--json` summary's "timings_s" (benchmarks read it).

Stages nest: a stage's clock pauses while a stage entered inside it runs, so every second is
counted once and the stages plus "other" add up to "total". Outside `recording()` every call is a
no-op, so the pipeline can mark its stages unconditionally. Timings never enter a published file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

OTHER = "other"  # time inside recording() that no stage claimed


class Stopwatch:
    """Exclusive seconds per stage name; `_stack` holds the running stages, innermost last."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._totals: dict[str, float] = {}
        self._stack: list[tuple[str, float]] = []
        self._started = clock()
        self._ended: float | None = None

    def enter(self, name: str) -> None:
        now = self._clock()
        if self._stack:  # pause the enclosing stage
            outer, since = self._stack[-1]
            self._add(outer, now - since)
        self._stack.append((name, now))

    def leave(self) -> None:
        now = self._clock()
        name, since = self._stack.pop()
        self._add(name, now - since)
        if self._stack:  # resume the enclosing stage
            self._stack[-1] = (self._stack[-1][0], now)

    def stop(self) -> None:
        while self._stack:
            self.leave()
        self._ended = self._clock()

    def absorb(self, timings: dict[str, float]) -> None:
        """Add the stage seconds another process measured (a worker's `seconds()`), so that work
        done elsewhere still shows under its stage; its "other" and "total" are not added."""
        for name, seconds in timings.items():
            if name not in (OTHER, "total"):
                self._add(name, seconds)

    def _add(self, name: str, seconds: float) -> None:
        self._totals[name] = self._totals.get(name, 0.0) + seconds

    def seconds(self) -> dict[str, float]:
        """Each stage's seconds in the order first entered, then "other" and "total" (rounded)."""
        end = self._ended if self._ended is not None else self._clock()
        total = end - self._started
        staged = {k: v for k, v in self._totals.items() if k != OTHER}
        out = {k: round(v, 4) for k, v in staged.items()}
        out[OTHER] = round(max(0.0, total - sum(staged.values())), 4)
        out["total"] = round(total, 4)
        return out


_current: ContextVar[Stopwatch | None] = ContextVar("podcast_stopwatch", default=None)
_listener: ContextVar[Callable[[str], None] | None] = ContextVar("podcast_stage_cb", default=None)


def current() -> Stopwatch | None:
    """The stopwatch recording in this context, if any."""
    return _current.get()


@contextmanager
def recording() -> Iterator[Stopwatch]:
    """Time the stages entered in this block (in this thread/context)."""
    watch = Stopwatch()
    token = _current.set(watch)
    try:
        yield watch
    finally:
        watch.stop()
        _current.reset(token)


@contextmanager
def listening(callback: Callable[[str], None]) -> Iterator[None]:
    """Call `callback(name)` as each stage starts in this block (progress reports)."""
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Count the block's wall time (minus nested stages) to `name` when recording, and tell the
    listener (if any) that `name` started."""
    listener = _listener.get()
    if listener is not None:
        listener(name)
    watch = _current.get()
    if watch is None:
        yield
        return
    watch.enter(name)
    try:
        yield
    finally:
        watch.leave()


def timed(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: every call of the function is stage `name`."""

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            with stage(name):
                return func(*args, **kwargs)

        return inner

    return wrap


def timed_iter(name: str, items: Iterable[T]) -> Iterator[T]:
    """`items` unchanged; the time spent producing each item is stage `name` (for streams, where
    a stage's work happens inside its consumer's loop)."""
    iterator = iter(items)
    while True:
        with stage(name):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
