"""Render segments in parallel: one process per worker, each voice loaded once per worker, the
script's order kept, hung engines killed. Errors cross the process boundary as what they are
(errors.PodcastError subclasses): only a transient one is tried again, and a segment is tried at
most MAX_ATTEMPTS times in all; the pool is the only layer that retries speech, so its final
failure is final for the caller too (never transient)."""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection as mpc
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from podcast.config import ShowConfig
from podcast.errors import PodcastError, TTSError, classify
from podcast.models import RenderedSegment, Segment, VoiceProfile
from podcast.tts.base import Engine, describe_voice, load_engine
from podcast.tts.cache import SegmentCache, cache_key
from podcast.tts.trim import proportional_spans
from podcast.util.sentences import split_sentences
from podcast.util.wav import wav_info

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    index: int
    segment: Segment
    profile: VoiceProfile
    key: str


def time_limit_s(text: str) -> float:
    """How long one segment may take, loading its voice included, before its worker is killed."""
    return 60.0 + 0.2 * len(text)


def _synthesize(engines: dict[str, Engine], job: Job, cache: SegmentCache) -> None:
    engine = engines.get(job.profile.name)
    if engine is None:
        engine = engines[job.profile.name] = load_engine(job.profile)
    speech = engine.synthesize(job.segment.text)
    if speech.samples.size == 0 or not speech.duration_s > 0:
        raise TTSError(f"engine {engine.name} returned no audio")
    cache.put(job.key, speech)


def portable_error(exc: BaseException) -> PodcastError:
    """`exc` as a PodcastError that survives pickling into the parent with its class: itself, the
    machine's fault it stands for (a full disk), or a transient TTSError for anything else an
    engine raised (a crash the next try may not hit)."""
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


def _worker(conn: mpc.Connection, inherited: list[mpc.Connection], cache: SegmentCache) -> None:
    """A worker's loop: one job in, the job's index and an error (or None) out. It exits when the
    parent goes away, even by SIGKILL, so no orphan keeps a voice loaded."""
    os.setsid()  # its own process group, so a hung engine's children die with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:  # the parent's pipe ends that fork copied in: hold none of them
        other.close()
    parent = os.getppid()
    engines: dict[str, Engine] = {}
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        error: PodcastError | None = None
        try:
            _synthesize(engines, job, cache)
        except BrokenPipeError:
            return
        except Exception as exc:  # reported to the parent, which retries or fails the render
            if isinstance(exc, OSError) and os.getppid() != parent:
                return
            error = portable_error(exc)
        try:
            conn.send((job.index, error))
        except OSError:
            return


@dataclass
class _Slot:
    process: BaseProcess
    conn: mpc.Connection
    job: Job | None = None
    deadline: float = 0.0


class _Pool:
    def __init__(self, size: int, cache: SegmentCache) -> None:
        self._ctx = multiprocessing.get_context("fork")
        self._cache = cache
        self.slots: list[_Slot] = []
        for _ in range(size):
            self.slots.append(self._start())

    def _start(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        inherited = [slot.conn for slot in self.slots] + [parent]
        proc = self._ctx.Process(target=_worker, args=(child, inherited, self._cache), daemon=True)
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


def _where(job: Job) -> str:
    return f"segment {job.segment.id} ({job.profile.name}, engine {job.profile.engine})"


def _final(job: Job, error: PodcastError, tries: int) -> PodcastError:
    """The error that ends the render: its own class, naming the segment, never transient."""
    if not error.transient:
        return error.retold(f"{_where(job)}: {error}")
    return error.retold(f"{_where(job)} failed {tries} times: {error}", transient=False)


def _run_pool(jobs: list[Job], cache: SegmentCache, workers: int) -> None:
    """Every job's WAV into the cache, or the error (its own class, naming the segment) that a
    segment still had after MAX_ATTEMPTS tries, or at once when it cannot change on a retry."""
    # Longest first: the pool finishes together instead of waiting on one long segment at the end.
    queue = deque(sorted(jobs, key=lambda j: -len(j.segment.text)))
    attempts = {j.index: 0 for j in jobs}
    pool = _Pool(min(workers, len(jobs)), cache)
    try:
        pending = len(jobs)
        while pending:
            for slot in pool.slots:
                if slot.job is None and queue:
                    todo = queue.popleft()
                    attempts[todo.index] += 1
                    slot.job = todo
                    slot.deadline = time.monotonic() + time_limit_s(todo.segment.text)
                    slot.conn.send(todo)
            busy = [s for s in pool.slots if s.job is not None]
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = mpc.wait([s.conn for s in busy], timeout=timeout)
            for slot in list(busy):
                job = slot.job
                assert job is not None
                error: PodcastError | None
                if slot.conn in ready:
                    try:
                        _, error = slot.conn.recv()
                    except (EOFError, OSError):
                        code = slot.process.exitcode
                        error = TTSError(f"the worker died (exit code {code})", transient=True)
                        slot = pool.replace(slot)
                elif time.monotonic() >= slot.deadline:
                    limit = time_limit_s(job.segment.text)
                    error = TTSError(f"timed out after {limit:.0f} s and was killed")
                    slot = pool.replace(slot)
                else:
                    continue
                slot.job = None
                if error is None:
                    pending -= 1
                elif error.transient and attempts[job.index] < MAX_ATTEMPTS:
                    queue.append(job)
                else:
                    raise _final(job, error, attempts[job.index])
    finally:
        pool.close()


def _run_inline(jobs: list[Job], cache: SegmentCache) -> None:
    """The same work in this process, one segment after another (for comparison and debugging),
    with the same rule: a transient failure is tried again, MAX_ATTEMPTS tries in all."""
    engines: dict[str, Engine] = {}
    for job in jobs:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                _synthesize(engines, job, cache)
                break
            except Exception as exc:
                error = portable_error(exc)
                if not error.transient or attempt == MAX_ATTEMPTS:
                    raise _final(job, error, attempt) from exc


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def render_segments(
    segments: Sequence[Segment],
    show: ShowConfig,
    cache: SegmentCache,
    *,
    workers: int | None = None,
) -> list[RenderedSegment]:
    """Each segment to a WAV in the cache, in script order. `workers=None` sizes the pool to the
    machine; `workers=0` renders in this process. Only segments missing from the cache are spoken.
    """
    profiles = {role: show.voice_for(role) for role in sorted({s.role for s in segments})}
    identities = {p.name: describe_voice(p) for p in profiles.values()}  # fails before rendering
    cache.sweep()
    jobs: list[Job] = []
    hits: set[int] = set()
    for i, seg in enumerate(segments):
        profile = profiles[seg.role]
        key = cache_key(seg.text, identities[profile.name])
        if cache.get(key) is not None:
            hits.add(i)
        else:
            jobs.append(Job(i, seg, profile, key))
    if jobs:
        n = default_workers() if workers is None else workers
        if n <= 0:
            _run_inline(jobs, cache)
        else:
            _run_pool(jobs, cache, n)
    out: list[RenderedSegment] = []
    for i, seg in enumerate(segments):
        profile = profiles[seg.role]
        path = cache.get(cache_key(seg.text, identities[profile.name]))
        if path is None:
            raise TTSError(f"segment {seg.id}: no audio in the cache after rendering")
        rate, frames = wav_info(path)
        duration = frames / rate
        key = cache_key(seg.text, identities[profile.name])
        times = _sentence_times(seg.text, cache.spans(key), rate, duration)
        out.append(RenderedSegment(seg, profile.name, path, duration, rate, i in hits, *times))
    return out


def _sentence_times(
    text: str, spans: list[tuple[int, int]], rate: int, duration_s: float
) -> tuple[tuple[str, ...], tuple[tuple[float, float], ...]]:
    """Each sentence and its (start, end) in seconds within the segment's audio."""
    sentences = tuple(split_sentences(text)) or (text,)
    if len(spans) != len(sentences):  # an engine that cannot report spans
        spans = list(proportional_spans(sentences, round(duration_s * rate)))
    return sentences, tuple((a / rate, b / rate) for a, b in spans)
