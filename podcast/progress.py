"""Progress of a batch of renders: one terminal bar per episode (segments spoken of N, then mix,
mastering, encode, QA, publish), or one JSON line per event when stderr is not a terminal.

The executor calls a `Progress` from whichever thread its callbacks run on, so every
implementation serialises its writes. tqdm is imported only when a bar is made, which keeps
`import podcast.progress` (and `podcast --help`) free of third-party libraries.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from podcast.util.text import printable

# The phases after speech, in the order an episode passes through them.
STAGES: tuple[str, ...] = ("mix", "mastering", "encode", "qa", "publish")
# What `progress_for(mode=...)` accepts (for a CLI option's choices).
MODES: tuple[str, ...] = ("auto", "bar", "json", "none")
# At most one "spoken" JSON line per episode per this many seconds (plus always the last one).
SPOKEN_INTERVAL_S = 0.5

_LABEL_WIDTH = 30  # an episode's title (or id) on its bar, shortened to this many characters
_PHASE_WIDTH = 14  # "speech 123/456" fits; longer phases ("failed: ...") simply run on


class Progress(Protocol):
    """What the executor reports while it renders a batch; every method is thread-safe."""

    def episode(self, episode_id: str, title: str, segments: int, cached: int) -> None:
        """An episode joins the batch: `segments` in its script, `cached` of them already in the
        segment cache (they count as spoken). Joining again (a retry) starts its count over."""

    def spoken(self, episode_id: str, count: int = 1) -> None:
        """`count` more segments of the episode were synthesized."""

    def stage(self, episode_id: str, stage: str) -> None:
        """The episode entered `stage`, one of STAGES (those before it are finished)."""

    def done(self, episode_id: str, *, ok: bool, detail: str = "") -> None:
        """The episode finished (published or unchanged) or failed (`detail`: the one-line
        error). A success's `detail` ("unchanged") replaces "published" on its bar."""

    def close(self) -> None:
        """The batch is over: leave the terminal clean. Calls after close are ignored."""


def progress_for(
    stream: TextIO | None = None,
    *,
    mode: str = "auto",
    clock: Callable[[], float] | None = None,
) -> Progress:
    """The progress display for `stream` (default: stderr). "auto": bars on a terminal (not a
    dumb one, which cannot move the cursor), JSON lines otherwise; "bar", "json" and "none"
    force one. `clock` (seconds, monotonic) paces the JSON "spoken" lines; tests pass a fake."""
    if mode not in MODES:
        raise ValueError(f"unknown progress mode {mode!r}; use one of {', '.join(MODES)}")
    out = stream if stream is not None else sys.stderr
    if mode == "auto":
        mode = "bar" if _is_terminal(out) else "json"
    if mode == "none":
        return NullProgress()
    if mode == "json":
        return JsonProgress(out, clock=clock)
    return BarProgress(out)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
    return tty and os.environ.get("TERM", "") != "dumb"


def _check_stage(stage: str) -> int:
    """The index of `stage` in STAGES; anything else is a programming error."""
    try:
        return STAGES.index(stage)
    except ValueError:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}") from None


@dataclass
class _Count:
    """Where one episode stands: segments spoken of `segments`, the latest stage's index."""

    segments: int
    spoken: int
    stage: int = -1


class NullProgress:
    """Reports nothing (for `--json` callers that print only their result, and for tests)."""

    def episode(self, episode_id: str, title: str, segments: int, cached: int) -> None:
        pass

    def spoken(self, episode_id: str, count: int = 1) -> None:
        pass

    def stage(self, episode_id: str, stage: str) -> None:
        _check_stage(stage)  # the same contract as the displays that show it

    def done(self, episode_id: str, *, ok: bool, detail: str = "") -> None:
        pass

    def close(self) -> None:
        pass


class JsonProgress:
    """One JSON object per line, flushed: {"ts", "event", "episode", ...fields}. "spoken" lines
    are paced to one per episode per SPOKEN_INTERVAL_S, and the last one (spoken == of) is
    always written."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] | None = None) -> None:
        # The nightly log's timestamp, imported here so `import podcast.progress` stays light.
        from podcast.jobs.events import _timestamp

        self._timestamp = _timestamp
        self._stream = stream
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._counts: dict[str, _Count] = {}
        self._last_spoken: dict[str, float] = {}  # when its last "spoken" line was written
        self._closed = False

    def episode(self, episode_id: str, title: str, segments: int, cached: int) -> None:
        with self._lock:
            if self._closed:
                return
            segments, cached = max(segments, 0), min(max(cached, 0), max(segments, 0))
            self._counts[episode_id] = _Count(segments, cached)
            self._last_spoken.pop(episode_id, None)
            self._emit("episode", episode_id, title=title, segments=segments, cached=cached)

    def spoken(self, episode_id: str, count: int = 1) -> None:
        with self._lock:
            if self._closed:
                return
            state = self._state(episode_id)
            state.spoken = min(state.spoken + max(count, 0), state.segments)
            now = self._clock()
            last = self._last_spoken.get(episode_id)
            final = state.spoken == state.segments
            if final or last is None or now - last >= SPOKEN_INTERVAL_S:
                self._last_spoken[episode_id] = now
                self._emit("spoken", episode_id, spoken=state.spoken, of=state.segments)

    def stage(self, episode_id: str, stage: str) -> None:
        _check_stage(stage)
        with self._lock:
            if self._closed:
                return
            state = self._state(episode_id)
            index = _check_stage(stage)
            if index <= state.stage:
                return  # streamed stages interleave (mix, mastering, mix...): report each once
            state.stage = index
            self._emit("stage", episode_id, stage=stage)

    def done(self, episode_id: str, *, ok: bool, detail: str = "") -> None:
        with self._lock:
            if self._closed:
                return
            self._state(episode_id)
            self._emit("done", episode_id, ok=ok, detail=detail)

    def close(self) -> None:
        with self._lock:
            self._closed = True

    def _state(self, episode_id: str) -> _Count:
        try:
            return self._counts[episode_id]
        except KeyError:
            raise ValueError(f"episode {episode_id!r} was never announced") from None

    def _emit(self, event: str, episode_id: str, **fields: Any) -> None:
        record = {"ts": self._timestamp(), "event": event, "episode": episode_id, **fields}
        # One write per line (under the lock), so concurrent events never share a line.
        self._stream.write(json.dumps(record) + "\n")
        self._stream.flush()


class BarProgress:
    """One tqdm bar per episode, in the order they joined. A bar's total is its segments plus
    one step per stage; its text names the episode and the phase ("speech 12/46", "mix", ...,
    "published" or "failed: ..."). Bars stay open until close(), which prints each one's final
    line in order, so bars finishing out of order never scramble the screen."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._bars: dict[str, _EpisodeBar] = {}
        self._closed = False

    def episode(self, episode_id: str, title: str, segments: int, cached: int) -> None:
        with self._lock:
            if self._closed:
                return
            bar = self._bars.get(episode_id)
            if bar is None:
                position = len(self._bars)
                self._bars[episode_id] = _EpisodeBar(
                    self._stream, position, _label(title, episode_id), segments, cached
                )
            else:
                bar.restart(segments, cached)

    def spoken(self, episode_id: str, count: int = 1) -> None:
        with self._lock:
            if not self._closed:
                self._bar(episode_id).spoken(count)

    def stage(self, episode_id: str, stage: str) -> None:
        index = _check_stage(stage)
        with self._lock:
            if not self._closed:
                self._bar(episode_id).stage(stage, index)

    def done(self, episode_id: str, *, ok: bool, detail: str = "") -> None:
        with self._lock:
            if not self._closed:
                self._bar(episode_id).done(ok, detail)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for bar in self._bars.values():  # in position order: see the class docstring
                bar.close()

    def _bar(self, episode_id: str) -> _EpisodeBar:
        try:
            return self._bars[episode_id]
        except KeyError:
            raise ValueError(f"episode {episode_id!r} was never announced") from None


def _label(title: str, episode_id: str) -> str:
    """The episode's name on its bar: its title (or id) on one line, escaped, shortened."""
    text = printable(" ".join(title.split()) or episode_id)
    if len(text) > _LABEL_WIDTH:
        text = text[: _LABEL_WIDTH - 3].rstrip() + "..."
    return text


def _one_line(text: str) -> str:
    return printable(" ".join(text.split()))


@functools.cache
def _tqdm_class() -> Any:
    """tqdm without its monitor thread (nothing but our calls writes to the terminal), imported
    here rather than at the top: see the module docstring."""
    from tqdm import tqdm

    class _Tqdm(tqdm):
        monitor_interval = 0

    return _Tqdm


class _EpisodeBar:
    """One episode's tqdm bar at a fixed position (the caller holds the lock)."""

    _RUNNING = "{desc} |{bar}| {n_fmt}/{total_fmt} [{elapsed}]"

    def __init__(self, stream: TextIO, position: int, label: str, segments: int, cached: int):
        tqdm = _tqdm_class()
        self._label = label
        self._segments = max(segments, 0)
        self._spoken = min(max(cached, 0), self._segments)
        self._stage = -1  # index in STAGES of the latest stage shown
        self._bar = tqdm(
            total=self._segments + len(STAGES),
            initial=self._spoken,
            desc=self._desc(self._speech()),
            position=position,
            leave=True,
            file=stream,
            bar_format=self._RUNNING,
            dynamic_ncols=_is_terminal(stream),
            miniters=1,
            mininterval=0.1,
        )
        self._format_interval: Callable[[float], str] = tqdm.format_interval

    def restart(self, segments: int, cached: int) -> None:
        """The episode joined again (a retry): its count starts over."""
        self._segments = max(segments, 0)
        self._spoken = min(max(cached, 0), self._segments)
        self._stage = -1
        self._bar.bar_format = self._RUNNING
        self._bar.reset(total=self._segments + len(STAGES))
        self._move(self._spoken, self._speech())

    def spoken(self, count: int) -> None:
        before = self._spoken
        self._spoken = min(self._spoken + max(count, 0), self._segments)
        self._bar.set_description_str(self._desc(self._speech()), refresh=False)
        if self._spoken == self._segments:
            self._move(self._spoken, self._speech())  # always show the last count
        else:
            self._bar.update(self._spoken - before)  # tqdm paces these redraws

    def stage(self, stage: str, index: int) -> None:
        if index <= self._stage:
            return  # streamed stages interleave (mix, mastering, mix...): the bar only advances
        self._stage = index
        self._spoken = self._segments  # speech is over once a later stage starts
        self._move(self._segments + index, stage)

    def done(self, ok: bool, detail: str) -> None:
        elapsed = self._format_interval(self._bar.format_dict["elapsed"])
        # Freeze the clock: the bar stays on screen until the whole batch closes.
        self._bar.bar_format = self._RUNNING.replace("{elapsed}", elapsed)
        if ok:
            self._move(self._bar.total, _one_line(detail) or "published")
        else:
            self._move(self._bar.n, f"failed: {_one_line(detail) or 'error'}")

    def close(self) -> None:
        self._bar.close()

    def _speech(self) -> str:
        return f"speech {self._spoken}/{self._segments}"

    def _desc(self, phase: str) -> str:
        return f"{self._label:<{_LABEL_WIDTH}} {phase:<{_PHASE_WIDTH}}"

    def _move(self, n: int, phase: str) -> None:
        self._bar.n = n
        self._bar.set_description_str(self._desc(phase), refresh=False)
        self._bar.refresh()
